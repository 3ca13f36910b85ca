// The generated form: reading it into the inputs object the engine takes, filling it from
// a share link, list rows, and placing the engine's messages next to their fields.

import { el, typed } from "./dom.js";

// Rows a list input takes from a link when the model sets no maximum: a person's list is a few
// quarters or months, and a link of thousands would only cost time to lay out.
export const LIST_LIMIT = 100;

function shortJson(value) {
  // A value that is not text, shown in its box as JSON (the engine then says what is wrong with it).
  try {
    return JSON.stringify(value);
  } catch {
    return String(value); // nested too deep for JSON.stringify: the page never gets such a value from a link
  }
}

export class Form {
  constructor(node) {
    this.node = node;
    this.touched = new Set(); // fields a person (or a link) filled: only these show inline errors
  }

  fields() {
    return [...this.node.querySelectorAll("[data-input]")];
  }

  // ------------------------------------------------------------ list rows

  rowsOf(field) {
    return [...field.querySelectorAll("[data-rows] > [data-row]")];
  }

  addRow(field, focus = true) {
    const row = this.appendRows(field, 1)[0];
    if (!row) return;
    if (focus) row.querySelector("input")?.focus();
    this.touched.add(field.dataset.input);
  }

  appendRows(field, count) {
    // `count` new rows from the template, numbered as they are made and put in with one append, so
    // filling a long list costs one pass (a row at a time, renumbering all rows each time, was quadratic).
    const template = field.querySelector("template[data-row-template]");
    if (!template || count <= 0) return [];
    const start = this.rowsOf(field).length;
    const rows = [];
    for (let index = start; index < start + count; index++) {
      const row = template.content.firstElementChild.cloneNode(true);
      for (const node of [row, ...row.querySelectorAll("*")]) {
        for (const name of ["id", "for", "aria-labelledby", "aria-label"]) {
          const value = node.getAttribute(name);
          if (value) node.setAttribute(name, value.replaceAll("__i__", index).replaceAll("__n__", index + 1));
        }
        if (node.hasAttribute("data-nth")) node.textContent = String(index + 1);
      }
      rows.push(row);
    }
    field.querySelector("[data-rows]").append(...rows);
    this.renumber(field);
    return rows;
  }

  removeRow(row) {
    const field = row.closest("[data-input]");
    row.remove();
    this.renumber(field);
    this.touched.add(field.dataset.input);
  }

  renumber(field) {
    const rows = this.rowsOf(field);
    rows.forEach((row, index) => {
      for (const nth of row.querySelectorAll("[data-nth]")) nth.textContent = String(index + 1);
    });
    const { min, max } = this.limits(field);
    const add = field.querySelector("[data-action=add-row]");
    if (add) add.disabled = rows.length >= max;
    for (const remove of field.querySelectorAll("[data-action=remove-row]")) remove.disabled = rows.length <= Math.max(min, 1);
  }

  limits(field) {
    // How many elements the model allows (the rows box carries min_items and max_items).
    const box = field.querySelector("[data-rows]");
    const min = Number(box.dataset.min || 0);
    const max = box.dataset.max === "" || box.dataset.max === undefined ? LIST_LIMIT : Number(box.dataset.max);
    return { min, max: Math.min(max, LIST_LIMIT) };
  }

  setRowCount(field, count) {
    this.appendRows(field, count - this.rowsOf(field).length);
    if (field.querySelector("template[data-row-template]")) {
      for (const row of this.rowsOf(field).slice(Math.max(count, 1))) row.remove();
    }
    this.renumber(field);
  }

  // ------------------------------------------------------------ form -> inputs

  collect() {
    const inputs = {};
    for (const field of this.fields()) {
      const value = this.valueOf(field);
      if (value !== undefined) inputs[field.dataset.input] = value;
    }
    return inputs;
  }

  valueOf(field) {
    const type = field.dataset.type;
    if (type === "list") return this.listValue(field);
    if (type === "boolean") {
      const checked = field.querySelector("input[type=radio]:checked");
      return checked ? checked.value === "true" : undefined;
    }
    const text = field.querySelector(".calc-input").value.trim();
    if (text === "") return undefined;
    return type === "number" || type === "integer" ? typed(text) : text;
  }

  sentRows(field) {
    // The rows a list input sends, as their boxes, so an error's `index` finds its row.
    // Numbers: blank rows are left out (the engine then counts the items). Records: a blank
    // row inside the list stays, as {}, so the engine names what it lacks.
    const rows = this.rowsOf(field).map((row) => [...row.querySelectorAll("input[data-field]")]);
    const record = rows.length > 0 && rows[0].some((part) => part.dataset.field !== "");
    const filled = (parts) => parts.some((part) => part.value.trim() !== "");
    return { record, rows: record ? rows : rows.filter(filled) };
  }

  listValue(field) {
    const { record, rows } = this.sentRows(field);
    const items = rows.map((parts) => {
      const filled = parts.filter((part) => part.value.trim() !== "");
      if (!record) return typed(filled[0].value.trim());
      return Object.fromEntries(filled.map((part) => [part.dataset.field, typed(part.value.trim())]));
    });
    while (record && items.length && Object.keys(items[items.length - 1]).length === 0) items.pop(); // trailing blanks go
    return items.length ? items : undefined;
  }

  // ------------------------------------------------------------ inputs -> form

  fill(inputs) {
    // Returns the keys that could not be placed (unknown inputs, or a value the field cannot hold)
    // and the lists longer than the model allows, which are refused before any row is made.
    for (const field of this.fields()) this.clearField(field);
    const byKey = new Map(this.fields().map((field) => [field.dataset.input, field]));
    const ignored = [];
    const tooLong = [];
    for (const [key, value] of Object.entries(inputs)) {
      const field = byKey.get(key);
      if (field && field.dataset.type === "list" && Array.isArray(value)) {
        const { max } = this.limits(field);
        if (value.length > max) {
          tooLong.push({ key, label: this.labelOf(field), count: value.length, max });
          continue;
        }
      }
      if (field && this.setField(field, value)) this.touched.add(key);
      else ignored.push(key);
    }
    return { ignored, tooLong };
  }

  labelOf(field) {
    const legend = field.querySelector("legend, label.calc-label");
    const count = legend?.querySelector(".calc-count");
    const text = legend ? legend.textContent.replace(count?.textContent ?? "", "") : field.dataset.input;
    return text.trim();
  }

  clear() {
    for (const field of this.fields()) this.clearField(field);
    this.touched.clear();
  }

  clearField(field) {
    if (field.dataset.type === "list") {
      this.setRowCount(field, 0);
      for (const input of field.querySelectorAll("[data-rows] input")) input.value = "";
      return;
    }
    // Back to the value the page opened with: empty, or the model's default where it has one (such as
    // 0 years in a post not yet held), which the engine would assume for an empty box anyway.
    for (const radio of field.querySelectorAll("input[type=radio]")) radio.checked = radio.defaultChecked;
    for (const foreign of field.querySelectorAll("option[data-foreign]")) foreign.remove();
    const input = field.querySelector(".calc-input");
    if (!input) return;
    if (input.tagName === "SELECT") {
      const chosen = [...input.options].find((option) => option.defaultSelected);
      input.value = chosen ? chosen.value : "";
    } else input.value = input.defaultValue;
  }

  setField(field, value) {
    const type = field.dataset.type;
    if (type === "list") return this.setList(field, value);
    if (type === "boolean") {
      if (typeof value !== "boolean" && value !== "true" && value !== "false") return false;
      field.querySelector(`input[type=radio][value="${value === true || value === "true"}"]`).checked = true;
      return true;
    }
    const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : shortJson(value);
    const input = field.querySelector(".calc-input");
    if (input.tagName === "SELECT" && ![...input.options].some((option) => option.value === text)) {
      // Not a listed value: keep it, so the engine can accept a name or alias, or say what is wrong.
      input.append(el("option", { value: text, "data-foreign": true }, text));
    }
    input.value = text;
    return true;
  }

  setList(field, value) {
    if (!Array.isArray(value) || value.length > this.limits(field).max) return false;
    this.setRowCount(field, value.length);
    this.rowsOf(field).forEach((row, index) => {
      const item = value[index];
      for (const part of row.querySelectorAll("input[data-field]")) {
        const key = part.dataset.field;
        const cell = key === "" ? item : item && typeof item === "object" ? item[key] : undefined;
        part.value = cell === undefined || cell === null ? "" : typeof cell === "object" ? shortJson(cell) : String(cell);
      }
    });
    return true;
  }

  // ------------------------------------------------------------ the engine's messages

  showErrors(errors) {
    for (const slot of this.node.querySelectorAll("[data-error-for]")) {
      const key = slot.dataset.errorFor;
      const own = errors.filter((e) => e.input === key);
      const show = own.length > 0 && this.touched.has(key);
      const text = show ? own.map((e) => e.message).join("；") : "";
      if (slot.textContent !== text) slot.textContent = text; // unchanged text is not rewritten (no relayout)
      const field = slot.closest("[data-input]");
      if (!field) continue; // a message slot outside the inputs (e.g. of a trial parameter): the text is all
      field.classList.toggle("calc-field--invalid", show);
      const invalid = show ? this.invalidControls(field, own) : new Set();
      for (const input of field.querySelectorAll(".calc-input, input[type=radio]")) {
        if (invalid.has(input)) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  }

  invalidControls(field, errors) {
    // The controls to mark: for an error in one element of a list (`index`, `field`), that
    // element's row or box only; otherwise every control of the input.
    const all = new Set(field.querySelectorAll(".calc-input, input[type=radio]"));
    if (field.dataset.type !== "list" || errors.some((e) => e.index === undefined)) return all;
    const sent = this.sentRows(field).rows;
    const marked = new Set();
    for (const error of errors) {
      const parts = sent[error.index];
      if (!parts) return all;
      for (const part of parts) if (error.field === undefined || part.dataset.field === error.field) marked.add(part);
    }
    return marked;
  }
}
