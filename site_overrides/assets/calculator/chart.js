// Inline SVG charts drawn from the engine's result and the model's own band edges and thresholds.
// Scoring: each item's contribution stacked against the grade bands. Review: each period against
// the rules' thresholds. The only numbers here are drawing sizes.

import { el, fmt, svg } from "./dom.js";

const WIDTH = 640;
const LEFT = 8;
const SIGNS = { gt: ">", ge: "≥", lt: "<", le: "≤" };

function bandStrip(chart, bands, result, x, top) {
  bands.forEach((band, index) => {
    const from = x(band.min);
    const to = x(band.upper === null ? top : band.upper);
    const hit = result.outcome && result.outcome.id === band.level ? " calc-band--hit" : "";
    const group = svg("g", { class: `calc-band calc-band--${index % 2}${hit}` });
    group.append(svg("rect", { x: from, y: 8, width: Math.max(to - from, 1), height: 30 }));
    group.append(svg("title", {}, `${band.name}：${fmt(band.min)} 起`));
    if (to - from > band.name.length * 12 + 6) {
      group.append(svg("text", { x: (from + to) / 2, y: 28, "text-anchor": "middle" }, band.name));
    }
    chart.append(group);
    chart.append(svg("line", { x1: from, x2: from, y1: 8, y2: 104, class: "calc-tick" }));
    chart.append(svg("text", { x: from, y: 120, "text-anchor": "middle", class: "calc-axis" }, fmt(band.min)));
  });
}

function contributions(chart, rows, x) {
  let start = 0;
  rows.forEach((row, index) => {
    const part = svg("g", { class: `calc-part calc-part--${index % 8}` });
    const from = x(start);
    part.append(svg("rect", { x: from, y: 50, width: Math.max(x(start + row.contribution) - from, 0.5), height: 34 }));
    part.append(svg("title", {}, `${row.label}：${fmt(row.contribution)}`));
    chart.append(part);
    start += row.contribution;
  });
}

function scoringChart(result, info) {
  const bands = info.bands;
  const rows = result.breakdown.filter((r) => r.contribution > 0);
  const edges = bands.flatMap((b) => [b.min, b.upper]).filter((v) => v !== null);
  const top = Math.max(result.score, ...edges, 0) || 1;
  const x = (value) => LEFT + (Math.min(value, top) / top) * (WIDTH - 2 * LEFT);
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} 132`, class: "calc-svg", role: "img" });
  chart.append(svg("title", {}, `得分 ${fmt(result.score)}：各项贡献与级别分数段`));
  bandStrip(chart, bands, result, x, top);
  contributions(chart, rows, x);
  const marker = x(result.score);
  chart.append(svg("line", { x1: marker, x2: marker, y1: 44, y2: 92, class: "calc-marker" }));
  const label = { x: Math.min(Math.max(marker, 40), WIDTH - 40), y: 104, "text-anchor": "middle" };
  chart.append(svg("text", { ...label, class: "calc-marker-text" }, `得分 ${fmt(result.score)}`));
  chart.append(svg("text", { x: LEFT, y: 120, class: "calc-axis" }, "0"));
  const legend = rows.map((row, index) =>
    el(
      "li",
      {},
      el("span", { class: `calc-swatch calc-part--${index % 8}`, "aria-hidden": "true" }),
      `${row.label} ${fmt(row.contribution)}`,
    ),
  );
  const caption = bands.length ? "各项得分的贡献（条形）与级别分数段（上方色带）" : "各项得分的贡献";
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
  const list = info.inputs.find((i) => i.type === "list");
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
