// Small DOM helpers for the calculator page. Text always goes in as text nodes, never as HTML.

const SVG = "http://www.w3.org/2000/svg";
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = String(text);
  return node;
}

export function table(head, body, className = "calc-table") {
  return el(
    "div",
    { class: "calc-table-wrap", tabindex: "0", role: "region", "aria-label": "明细表（可左右滑动）" },
    el(
      "table",
      { class: className },
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
      // each cell names its column (data-label): on a phone the rows are stacked, label beside value
      el(
        "tbody",
        {},
        ...body.map((cells) => el("tr", {}, ...cells.map((c, i) => el("td", { "data-label": head[i] }, c === "" ? null : c)))),
      ),
    ),
  );
}

export function fmt(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(+value.toFixed(6));
  if (Array.isArray(value)) return value.map(fmt).join("、");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join("，");
  }
  return String(value);
}

export function typed(text) {
  // A numeral becomes a JSON number; anything else stays text for the engine to judge.
  return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
}

export function nextFrame() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
