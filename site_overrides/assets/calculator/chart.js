// Inline SVG charts drawn from the engine's result and the model's own band edges and thresholds.
// Scoring: each item's contribution stacked against the grade bands. Review: each period against
// the rules' thresholds, with the window the deciding rule looks at and the statistic it compares
// (both from the engine's `result.window`). The only numbers here are drawing sizes.
//
// Each chart is drawn at the width it is shown at (one SVG unit = one CSS pixel), and drawn again
// when that width changes: its text keeps its CSS size (12 px) on a phone instead of being scaled
// down with the picture. Labels that would overlap are moved apart (`spread`, `rows`).

import { el, fmt, svg } from "./dom.js";

const TEXT = 12; // px, the chart's text (handbook.css: .chart-text)
const GAP = 3; // px between two labels
const SIGNS = { gt: ">", ge: "≥", lt: "<", le: "≤" };

// ------------------------------------------------------------------ layout helpers

function textWidth(text, size = TEXT) {
  // An estimate before the text is on the page: a Chinese character is 1 em, a digit or Latin letter about 0.6 em.
  let width = 0;
  for (const char of String(text)) width += /[\u2e80-\uffef]/.test(char) ? size : size * 0.62;
  return width;
}

export function spread(items, low, high) {
  // Move 1-D labels apart: items are {at, size} (centre and extent along the axis); returns the centres,
  // in the items' order, so that no two overlap (GAP between them), each as near its own place as it can be,
  // all within [low, high] when they fit. Clusters of overlapping labels are centred on their mean.
  const order = items.map((item, index) => ({ ...item, index })).sort((a, b) => a.at - b.at);
  let groups = order.map((item) => ({ items: [item], size: item.size, at: item.at }));
  const place = (group) => {
    const total = group.items.reduce((sum, item) => sum + item.size + GAP, -GAP);
    const mean = group.items.reduce((sum, item) => sum + item.at, 0) / group.items.length;
    const start = Math.min(Math.max(mean - total / 2, low), Math.max(high - total, low));
    group.start = start;
    group.end = start + total;
  };
  groups.forEach(place);
  for (let merged = true; merged; ) {
    merged = false;
    const next = [];
    for (const group of groups) {
      const last = next[next.length - 1];
      if (last && last.end + GAP > group.start) {
        last.items.push(...group.items);
        place(last);
        merged = true;
      } else next.push(group);
    }
    groups = next;
  }
  const centres = new Array(items.length);
  for (const group of groups) {
    let cursor = group.start;
    for (const item of group.items) {
      centres[item.index] = cursor + item.size / 2;
      cursor += item.size + GAP;
    }
  }
  return centres;
}

function rows(items) {
  // Axis labels on as many rows as they need: items are {at, size}; returns each item's row (0, 1, …).
  const ends = [];
  return items.map((item) => {
    const from = item.at - item.size / 2;
    let row = ends.findIndex((end) => end + GAP <= from);
    if (row < 0) row = ends.push(-Infinity) - 1;
    ends[row] = item.at + item.size / 2;
    return row;
  });
}

const seenWidths = new Map(); // class of chart → the width its last drawing was rendered at

function fitted(className, title, draw) {
  // An SVG drawn at its rendered width, and drawn again when that width changes. It is first drawn
  // at the width the previous chart of its kind was rendered at, so that a new result (one per
  // input change) is drawn once, not once at a guessed width and again when laid out.
  const chart = svg("svg", { class: className, role: "img" });
  let drawn = 0;
  const paint = (width) => {
    const w = Math.max(Math.round(width), 240);
    seenWidths.set(className, w);
    if (w === drawn) return;
    drawn = w;
    const { height, nodes } = draw(w);
    chart.setAttribute("viewBox", `0 0 ${w} ${height}`);
    chart.setAttribute("data-width", String(w));
    chart.replaceChildren(svg("title", {}, title), ...nodes);
  };
  paint(seenWidths.get(className) ?? Math.min(document.documentElement.clientWidth - 48, 640));
  if (typeof ResizeObserver === "function") {
    const observer = new ResizeObserver((entries) => {
      if (!chart.isConnected) return observer.disconnect(); // replaced by a newer result
      const width = entries[entries.length - 1].contentRect.width;
      if (width > 0) paint(width);
    });
    observer.observe(chart);
  }
  return chart;
}

function text(attrs, words, extra = "") {
  return svg("text", { ...attrs, class: `chart-text ${extra}`.trim() }, words);
}

function number(value) {
  // Two decimals at most, as the headline shows the score.
  return fmt(Math.round(value * 100) / 100);
}

// ------------------------------------------------------------------ scoring

function scoringDraw(result, bands, rows_, width) {
  const nodes = [];
  const names = ["得分构成", ...bands.map((b) => b.name)];
  const labels = Math.min(Math.max(...names.map((n) => textWidth(n))) + 14, width * 0.42);
  const edges = bands.flatMap((b) => [b.min, b.upper]).filter((v) => v !== null);
  const top = Math.max(result.score, ...edges, 0) || 1;
  const span = width - labels - 18;
  const x = (value) => labels + (Math.min(Math.max(value, 0), top) / top) * span;
  const row = 22;

  nodes.push(text({ x: labels - 8, y: 26, "text-anchor": "end" }, "得分构成", "chart-row"));
  let start = 0;
  rows_.forEach((item, index) => {
    const part = svg("g", { class: `calc-part calc-part--${index % 8}` });
    const from = x(start);
    part.append(svg("rect", { x: from, y: 10, width: Math.max(x(start + item.contribution) - from, 0.5), height: 24 }));
    part.append(svg("title", {}, `${item.label}：${fmt(item.contribution)}`));
    nodes.push(part);
    start += item.contribution;
  });

  // One row per band, lowest at the bottom like a ladder: where the score sits is read off directly.
  const ordered = [...bands].reverse();
  ordered.forEach((band, index) => {
    const y = 46 + index * row;
    const from = x(band.min);
    const to = x(band.upper === null ? top : band.upper);
    const hit = result.outcome && result.outcome.id === band.level ? " calc-band--hit" : "";
    const group = svg("g", { class: `calc-band calc-band--${index % 2}${hit}` });
    group.append(svg("rect", { x: from, y, width: Math.max(to - from, 1), height: row - 6 }));
    group.append(svg("title", {}, `${band.name}：${fmt(band.min)} 起`));
    nodes.push(group);
    nodes.push(text({ x: labels - 8, y: y + row - 10, "text-anchor": "end" }, band.name, `chart-row${hit}`));
  });
  const bottom = 46 + ordered.length * row;

  // Tick labels of close band edges go on a second (third …) row instead of over each other.
  const values = [...new Set([0, ...bands.map((b) => b.min)])].sort((a, b) => a - b);
  const ticks = values.map((value) => ({ at: x(value), size: textWidth(fmt(value)) }));
  const tickRows = rows(ticks);
  values.forEach((value, index) => {
    const y = bottom + 14 + tickRows[index] * (TEXT + 3);
    nodes.push(svg("line", { x1: x(value), x2: x(value), y1: 40, y2: y - TEXT + 2, class: "calc-tick" }));
    nodes.push(text({ x: x(value), y, "text-anchor": "middle" }, fmt(value), "chart-axis"));
  });
  const below = bottom + 14 + (Math.max(0, ...tickRows) + 1) * (TEXT + 3);
  const marker = x(result.score);
  nodes.push(svg("line", { x1: marker, x2: marker, y1: 4, y2: bottom, class: "calc-marker" }));
  const words = `得分 ${fmt(result.score)}`;
  const half = textWidth(words) / 2;
  const at = Math.min(Math.max(marker, half + 2), width - half - 2);
  nodes.push(text({ x: at, y: below + 4, "text-anchor": "middle" }, words, "chart-marker-text"));
  return { height: below + 12, nodes };
}

function scoringChart(result, info) {
  const bands = info.bands;
  const parts = result.breakdown.filter((r) => r.contribution > 0);
  const title = `得分 ${fmt(result.score)}：各项贡献与级别分数段`;
  const chart = fitted("calc-svg chart-svg", title, (width) => scoringDraw(result, bands, parts, width));
  const legend = parts.map((row, index) =>
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

// ------------------------------------------------------------------ review

function windowWords(statistic, size, unit) {
  // What the deciding rule compares, in the page's words: 「近3期平均 78.33」.
  const span = size === 1 ? "最近一期" : `近${size}期`;
  const bounds = statistic.bounds.map((b) => `${SIGNS[b.op]} ${fmt(b.value)}${unit}`).join(" 且 ");
  const value = statistic.value === null ? "" : ` ${number(statistic.value)}${unit}`;
  if (statistic.stat === "mean") return size === 1 ? `${span}${value}` : `${span}平均${value}`;
  if (statistic.stat === "sum") return size === 1 ? `${span}${value}` : `${span}合计${value}`;
  if (statistic.stat === "last") return `最近一期${value}`;
  const answer = statistic.met ? "是" : "否";
  if (statistic.stat === "every") return size === 1 ? `${span} ${bounds}：${answer}` : `${span}每期 ${bounds}：${answer}`;
  return `${span}任一期 ${bounds}：${answer}`; // any
}

function periodDraw(field, values, thresholds, windowInfo, statistics, width) {
  const nodes = [];
  const unit = field.unit || "";
  const lines = [...new Set(thresholds.map((t) => t.value))].sort((a, b) => a - b); // one line per value
  const stats = statistics.filter((s) => s.value !== null);
  const top = Math.max(...values, ...lines, ...stats.map((s) => s.value), 1);
  const header = windowInfo ? 24 : 6; // the window's label row
  const [plotTop, base] = [header + 30, header + 196];
  const y = (v) => base - (Math.max(v, 0) / top) * (base - plotTop);
  const gutter = Math.max(...lines.map((v) => textWidth(`${fmt(v)}${unit}`)), 0) + 12; // threshold labels, right
  const [left, right] = [6, width - gutter];
  const step = (right - left) / values.length;
  const bar = (index) => ({ from: left + index * step + step * 0.2, size: step * 0.6 });

  if (windowInfo) {
    // The periods the rule looks at: a shaded band with what it compares written above it.
    const first = left + windowInfo.start * step;
    const band = svg("rect", {
      x: first + 2,
      y: header - 4,
      width: windowInfo.size * step - 4,
      height: base - header + 4,
      class: `chart-window${windowInfo.decided ? " chart-window--decided" : ""}`,
    });
    nodes.push(band);
    const words = statistics.map((s) => windowWords(s, windowInfo.size, unit)).join("；");
    const half = textWidth(words) / 2;
    const middle = first + (windowInfo.size * step) / 2;
    const at = Math.min(Math.max(middle, half + 2), width - half - 2);
    nodes.push(text({ x: at, y: header + 10, "text-anchor": "middle" }, words, "chart-window-text"));
  }

  const valueLabels = []; // drawn last, over the lines, with a halo
  values.forEach((value, index) => {
    const { from, size } = bar(index);
    const inWindow = windowInfo && index >= windowInfo.start;
    const group = svg("g", { class: `calc-part calc-part--0${inWindow ? "" : " chart-outside"}` });
    group.append(svg("rect", { x: from, y: y(value), width: size, height: base - y(value) }));
    group.append(svg("title", {}, `第 ${index + 1} 期：${fmt(value)}${unit}`));
    nodes.push(group);
    const middle = { x: from + size / 2, "text-anchor": "middle" };
    valueLabels.push(text({ ...middle, y: y(value) - 4 }, fmt(value), "chart-value"));
    nodes.push(text({ ...middle, y: base + 15 }, `第${index + 1}期`, "chart-axis"));
  });

  // Threshold lines, one per value, labelled in the right gutter; close values' labels are moved apart.
  const centres = spread(
    lines.map((v) => ({ at: y(v), size: TEXT })),
    plotTop - 6,
    base + 6,
  );
  lines.forEach((value, index) => {
    const words = `${fmt(value)}${unit}`;
    const deciding = statistics.some((s) => s.bounds.some((b) => b.value === value));
    const extra = deciding ? " chart-threshold--window" : "";
    nodes.push(svg("line", { x1: left, x2: right, y1: y(value), y2: y(value), class: `chart-threshold${extra}` }));
    if (Math.abs(centres[index] - y(value)) > 1) {
      nodes.push(svg("line", { x1: right, x2: right + 4, y1: y(value), y2: centres[index], class: "chart-leader" }));
    }
    nodes.push(text({ x: right + 6, y: centres[index] + TEXT * 0.35 }, words, "chart-threshold-text"));
  });

  // The statistic that decides: mean or sum as a line across the window, last as a point on the last bar.
  if (windowInfo) {
    const first = left + windowInfo.start * step;
    const last = left + (windowInfo.start + windowInfo.size) * step;
    for (const s of stats) {
      const at = y(s.value);
      if (s.stat !== "last") nodes.push(svg("line", { x1: first + 4, x2: last - 4, y1: at, y2: at, class: "chart-stat" }));
      const { from, size } = bar(values.length - 1);
      const cx = s.stat === "last" ? from + size / 2 : last - 4;
      const point = svg("circle", { cx, cy: at, r: 4, class: "chart-stat-point" });
      point.append(svg("title", {}, windowWords(s, windowInfo.size, unit)));
      nodes.push(point);
    }
  }
  nodes.push(svg("line", { x1: left, x2: right, y1: base, y2: base, class: "calc-tick" }), ...valueLabels);
  return { height: base + 24, nodes };
}

function periodChart(field, values, thresholds, windowInfo) {
  const statistics = windowInfo ? windowInfo.statistics.filter((s) => s.field === field.key) : [];
  const shown = statistics.length ? windowInfo : null;
  const title = `${field.label}：各期数值与规则阈值`;
  const chart = fitted("calc-svg calc-svg--small chart-svg", title, (width) =>
    periodDraw(field, values, thresholds, shown, statistics, width),
  );
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
      result.window || null,
    ),
  );
  const caption = result.window
    ? "各期数值（条形）、规则中的阈值（虚线）；阴影为" +
      (result.window.decided ? "作出结论的规则" : "所核对的规则") +
      "所看的考核期，实线与圆点为该规则比较的数值"
    : "各期数值（条形）与规则中的阈值（虚线）";
  return [el("div", { class: "calc-chart__grid" }, ...charts), el("figcaption", {}, caption)];
}

export function chart(result, info) {
  if (result.kind === "scoring") return scoringChart(result, info);
  if (result.kind === "review") return reviewChart(result, info);
  return null;
}
