// Compact share links. A link holds the form's values by position, in the order of the model's inputs:
//
//   #1<key>,<value 1>,<value 2>,…[;<trial value 1>,…[;<name>]]
//
// `1` is the format's version and <key> three characters of a hash of the form's inputs, their options
// and the trial parameters (written by the build into data-share-key), so a link made before a standard
// changed its inputs is refused with a message instead of filling the wrong boxes. A value is a plain
// number as it was typed; an option (choice or level) by its position in the list; 1 or 0 for yes/no; a
// list's items separated by ":" and a record's fields by "+"; anything else (text typed into a number
// box, a value not in the list) is "'" followed by the text percent-encoded. An empty value is a box
// left as the page opens it (empty, or the model's default such as 0 years); trailing ones are dropped.
// The separators , ; : + are never left unencoded inside a value (encodeURIComponent encodes them).
// Links of the earlier format (`#` + percent-encoded JSON) are read by calculator.js as before.

export const VERSION = "1";
const PLAIN = /^-?\d+(\.\d+)?$/;
const COMPACT = /^(\d)([0-9a-z]{3})(?:[,;]|$)/;

export class ShareError extends Error {} // a compact link this page cannot read: the message says why, in Chinese

export function isCompact(raw) {
  return COMPACT.test(raw);
}

function scalar(value) {
  if (value === undefined || value === null || value === "") return "";
  if (typeof value === "number" && PLAIN.test(String(value))) return String(value);
  if (typeof value === "string" && PLAIN.test(value)) return value;
  return "'" + encodeURIComponent(typeof value === "string" ? value : JSON.stringify(value));
}

function unscalar(text) {
  if (text === "") return undefined;
  if (text.startsWith("'")) return decodeURIComponent(text.slice(1));
  if (PLAIN.test(text)) return Number(text);
  throw new ShareError("链接中有一个值无法读取");
}

function encodeValue(spec, value) {
  const text = encodeRaw(spec, value);
  return spec.default !== undefined && text === encodeRaw(spec, spec.default) ? "" : text;
}

function encodeRaw(spec, value) {
  if (value === undefined) return "";
  if (spec.type === "boolean") return value === true ? "1" : value === false ? "0" : scalar(value);
  if (spec.type === "choice" || spec.type === "level") {
    const index = spec.options.indexOf(String(value));
    return index >= 0 ? String(index) : "'" + encodeURIComponent(String(value));
  }
  if (spec.type === "list") {
    if (!Array.isArray(value)) return scalar(value);
    const item = (entry) =>
      spec.fields.length
        ? spec.fields.map((f) => scalar(entry && typeof entry === "object" ? entry[f] : undefined)).join("+")
        : scalar(entry);
    return value.map(item).join(":");
  }
  return scalar(value);
}

function decodeValue(spec, text) {
  if (text === "") return undefined;
  if (spec.type === "boolean") {
    if (text === "1" || text === "0") return text === "1";
    return unscalar(text);
  }
  if (spec.type === "choice" || spec.type === "level") {
    if (text.startsWith("'")) return unscalar(text);
    const index = /^\d+$/.test(text) ? Number(text) : -1;
    if (index < 0 || index >= spec.options.length) throw new ShareError(`链接中“${spec.label}”的选项无法识别`);
    return spec.options[index];
  }
  if (spec.type === "list") {
    if (text.startsWith("'")) return unscalar(text);
    return text.split(":").map((item) => {
      if (!spec.fields.length) return unscalar(item);
      const parts = item.split("+");
      if (parts.length > spec.fields.length) throw new ShareError(`链接中“${spec.label}”的一项字段过多`);
      const record = {};
      spec.fields.forEach((f, i) => {
        const value = unscalar(parts[i] ?? "");
        if (value !== undefined) record[f] = value;
      });
      return record;
    });
  }
  return unscalar(text);
}

function trimmed(values) {
  const out = [...values];
  while (out.length && out[out.length - 1] === "") out.pop();
  return out;
}

// The link's text after "#": the inputs by the form's order, trial values, and the name when given;
// empty when every box is as the page opens it.
export function encode(shape, inputs, params, name) {
  const values = trimmed(shape.inputs.map((spec) => encodeValue(spec, inputs[spec.key])));
  const trial = trimmed(shape.params.map((id) => scalar(params[id])));
  const sections = [values.join(","), trial.join(","), name ? encodeURIComponent(name) : ""];
  while (sections.length > 1 && sections[sections.length - 1] === "") sections.pop();
  if (sections.length === 1 && sections[0] === "") return ""; // only defaults: the page as it opens, no link needed
  return `${VERSION}${shape.key}` + (sections[0] || sections.length > 1 ? "," : "") + sections.join(";");
}

// A compact link read back: {inputs, params, name}; ShareError (a Chinese message) when it cannot be read.
export function decode(shape, raw) {
  const match = COMPACT.exec(raw);
  if (!match) throw new ShareError("链接中 # 之后的内容不是本计算器的输入");
  if (match[1] !== VERSION) {
    throw new ShareError(`这个分享链接的格式（第 ${match[1]} 版）比本页新，本页无法读取：请刷新页面后再打开，或重新填写`);
  }
  if (match[2] !== shape.key) {
    throw new ShareError("这个分享链接生成之后，本计算器的输入项已经改变（标准已更新），链接中的数值无法对应到现在的输入项：请重新填写");
  }
  const sections = raw.slice(1 + match[2].length).replace(/^,/, "").split(";");
  if (sections.length > 3) throw new ShareError("链接中有本计算器不认识的部分");
  const inputs = {};
  const params = {};
  let name = "";
  try {
    const values = sections[0] === "" ? [] : sections[0].split(",");
    if (values.length > shape.inputs.length) throw new ShareError("链接中的数值比本计算器的输入项多");
    values.forEach((text, i) => {
      const value = decodeValue(shape.inputs[i], text);
      if (value !== undefined) inputs[shape.inputs[i].key] = value;
    });
    const trial = sections[1] ? sections[1].split(",") : [];
    if (trial.length > shape.params.length) throw new ShareError("链接中的试算参数比本计算器的多");
    trial.forEach((text, i) => {
      const value = unscalar(text);
      if (value !== undefined) params[shape.params[i]] = String(value);
    });
    name = sections[2] ? decodeURIComponent(sections[2]).slice(0, 100) : "";
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError("链接中 # 之后的内容已损坏（可能被截断或改动过）"); // a broken %-escape
  }
  return { inputs, params, name };
}

function defaultOf(field, select) {
  // The value a box opens with (the model's default), as the form would collect it; undefined when empty.
  if (field.dataset.type === "boolean") {
    const radio = [...field.querySelectorAll("input[type=radio]")].find((r) => r.defaultChecked);
    return radio ? radio.value === "true" : undefined;
  }
  if (select) {
    const option = [...select.options].find((o) => o.defaultSelected && o.value);
    return option ? option.value : undefined;
  }
  const input = field.querySelector("input.calc-input");
  if (!input || field.dataset.type === "list" || input.defaultValue.trim() === "") return undefined;
  const text = input.defaultValue.trim();
  return PLAIN.test(text) ? Number(text) : text;
}

// What the form holds, as the codec needs it: each input's key, type, label, options and record fields.
export function shapeOf(root) {
  const form = root.querySelector("[data-form]");
  const inputs = [...form.querySelectorAll("[data-input]")].map((field) => {
    const select = field.querySelector("select.calc-input");
    const options = select ? [...select.options].filter((o) => o.value && !o.dataset.foreign).map((o) => o.value) : [];
    const template = field.querySelector("template[data-row-template]");
    const parts = [...(template ? template.content : field).querySelectorAll("[data-rows] input[data-field], input[data-field]")];
    const fields = [...new Set(parts.map((p) => p.dataset.field).filter((f) => f))];
    const legend = field.querySelector("legend, label.calc-label");
    const label = legend ? legend.textContent.trim() : "";
    return { key: field.dataset.input, type: field.dataset.type, label, options, fields, default: defaultOf(field, select) };
  });
  const params = [...root.querySelectorAll("[data-param]")].map((p) => p.dataset.param);
  return { key: form.dataset.shareKey || "", inputs, params };
}
