// Inline SVG charts drawn from the engine's result and the model's own band edges and thresholds.
// Scoring: each item's contribution stacked against the grade bands. Review: each period against
// the rules' thresholds. The only numbers here are drawing sizes.

import { el, fmt, svg } from "./dom.js";

const WIDTH = 640;
const LABELS = 170; // left column for band names
const ROW = 22;
const SIGNS = { gt: ">", ge: "≥", lt: "<", le: "≤" };

function axis(top) {
  const span = WIDTH - LABELS - 16;
  return (value) => LABELS + (Math.min(Math.max(value, 0), top) / top) * span;
}

function contributions(chart, rows, x) {
  chart.append(svg("text", { x: LABELS - 8, y: 26, "text-anchor": "end", class: "calc-chart-row" }, "得分构成"));
  let start = 0;
  rows.forEach((row, index) => {
    const part = svg("g", { class: `calc-part calc-part--${index % 8}` });
    const from = x(start);
    part.append(svg("rect", { x: from, y: 10, width: Math.max(x(start + row.contribution) - from, 0.5), height: 24 }));
    part.append(svg("title", {}, `${row.label}：${fmt(row.contribution)}`));
    chart.append(part);
    start += row.contribution;
  });
}

function bandRows(chart, bands, result, x, top) {
  // One row per band, lowest at the bottom like a ladder: where the score sits is read off directly.
  const ordered = [...bands].reverse();
  ordered.forEach((band, index) => {
    const y = 46 + index * ROW;
    const from = x(band.min);
    const to = x(band.upper === null ? top : band.upper);
    const hit = result.outcome && result.outcome.id === band.level ? " calc-band--hit" : "";
    const group = svg("g", { class: `calc-band calc-band--${index % 2}${hit}` });
    group.append(svg("rect", { x: from, y, width: Math.max(to - from, 1), height: ROW - 6 }));
    group.append(svg("title", {}, `${band.name}：${fmt(band.min)} 起`));
    chart.append(group);
    const label = { x: LABELS - 8, y: y + ROW - 10, "text-anchor": "end", class: `calc-chart-row${hit}` };
    chart.append(svg("text", label, band.name));
  });
  const bottom = 46 + ordered.length * ROW;
  for (const value of [...new Set([0, ...bands.map((b) => b.min)])]) {
    chart.append(svg("line", { x1: x(value), x2: x(value), y1: 40, y2: bottom, class: "calc-tick" }));
    chart.append(svg("text", { x: x(value), y: bottom + 14, "text-anchor": "middle", class: "calc-axis" }, fmt(value)));
  }
  return bottom;
}

function scoringChart(result, info) {
  const bands = info.bands;
  const rows = result.breakdown.filter((r) => r.contribution > 0);
  const edges = bands.flatMap((b) => [b.min, b.upper]).filter((v) => v !== null);
  const top = Math.max(result.score, ...edges, 0) || 1;
  const x = axis(top);
  const height = 46 + bands.length * ROW + 44;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "calc-svg", role: "img" });
  chart.append(svg("title", {}, `得分 ${fmt(result.score)}：各项贡献与级别分数段`));
  contributions(chart, rows, x);
  const bottom = bandRows(chart, bands, result, x, top);
  const marker = x(result.score);
  chart.append(svg("line", { x1: marker, x2: marker, y1: 4, y2: bottom, class: "calc-marker" }));
  const label = { x: Math.min(marker, WIDTH - 40), y: bottom + 30, "text-anchor": "middle" };
  chart.append(svg("text", { ...label, class: "calc-marker-text" }, `得分 ${fmt(result.score)}`));
  const legend = rows.map((row, index) =>
    el(
      "li",
      {},
      el("span", { class: `calc-swatch calc-part--${index % 8}`, "aria-hidden": "true" }),
      `${row.label} ${fmt(row.contribution)}`,
    ),
  );
  const caption = bands.length ? "各项得分的贡献（上方条形）与各级别的分数段（下方，红线为得分）" : "各项得分的贡献";
  return [chart, el("figcaption", {}, caption), el("ul", { class: "calc-legend" }, ...legend)];
}

function periodChart(field, values, thresholds) {
  const lines = [...new Map(thresholds.map((t) => [`${t.op}${t.value}`, t])).values()];
  const top = Math.max(...values, ...lines.map((t) => t.value), 1);
  const [width, base] = [320, 124];
  const y = (v) => base - (v / top) * 100;
  const step = (width - 40) / values.length;
  const chart = svg("svg", { viewBox: `0 0 ${width} 150`, class: "calc-svg calc-svg--small", role: "img" });
  chart.append(svg("title", {}, `${field.label}：各期数值与规则阈值`));
  values.forEach((value, index) => {
    const left = 30 + index * step + step * 0.2;
    const middle = { x: left + step * 0.3, "text-anchor": "middle", class: "calc-axis" };
    const bar = svg("g", { class: "calc-part calc-part--0" });
    bar.append(svg("rect", { x: left, y: y(value), width: step * 0.6, height: base - y(value) }));
    bar.append(svg("title", {}, `第 ${index + 1} 期：${fmt(value)}${field.unit || ""}`));
    chart.append(bar, svg("text", { ...middle, y: y(value) - 4 }, fmt(value)));
    chart.append(svg("text", { ...middle, y: base + 14 }, `第${index + 1}期`));
  });
  for (const t of lines) {
    chart.append(svg("line", { x1: 26, x2: width - 6, y1: y(t.value), y2: y(t.value), class: "calc-threshold" }));
    const at = { x: width - 6, y: y(t.value) - 3, "text-anchor": "end", class: "calc-threshold-text" };
    chart.append(svg("text", at, `${SIGNS[t.op]} ${fmt(t.value)}`));
  }
  chart.append(svg("line", { x1: 26, x2: width - 6, y1: base, y2: base, class: "calc-tick" }));
  return el("div", { class: "calc-chart__item" }, el("p", { class: "calc-chart__label" }, field.label), chart);
}

function reviewChart(result, info) {
  const list = info.inputs.find((i) => i.key === info.list_input); // the list the model's rules read
  const periods = list ? result.inputs[list.key] : null;
  if (!periods || !periods.length) return null;
  const fields = list.fields.length ? list.fields : [{ key: null, label: list.label, unit: list.unit }];
  const charts = fields.map((field) =>
    periodChart(
      field,
      periods.map((p) => (field.key ? p[field.key] : p)),
      info.thresholds.filter((t) => t.field === field.key),
    ),
  );
  return [
    el("div", { class: "calc-chart__grid" }, ...charts),
    el("figcaption", {}, "各期数值（条形）与规则中的阈值（虚线）"),
  ];
}

export function chart(result, info) {
  if (result.kind === "scoring") return scoringChart(result, info);
  if (result.kind === "review") return reviewChart(result, info);
  return null;
}
