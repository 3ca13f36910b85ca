// The requirements that a model's inputs check, on the 自评与评审 page: their inputs as boxes, and
// the engine's verdict on each (`calculator.browser.level_checks`, run by the calculator's engine in
// its Web Worker: the same runtime module and files as the calculator pages, so one engine serves
// both across instant navigation). No rule lives here: this module draws the boxes the build
// described and paints the engine's words. Nothing typed leaves the browser.

// Text always goes in as text (`text` or string children), never as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// The rating a verdict stands for (达到 or 未达到, as the engine says), or "" while it has none.
export function rating(verdict) {
  return verdict ? verdict.rating : "";
}

// The values a dossier file may carry for a level's checks: its inputs only, as plain short values.
export function cleanValues(values, checks) {
  const found = {};
  if (!values || typeof values !== "object" || !checks) return found;
  for (const field of checks.inputs) {
    const value = values[field.key];
    if (typeof value === "string") found[field.key] = value.slice(0, 100);
    else if (typeof value === "number" && Number.isFinite(value)) found[field.key] = String(value);
    else if (typeof value === "boolean") found[field.key] = String(value);
  }
  return found;
}

export class EngineChecks {
  constructor(engine) {
    this.engine = engine; // {runtime, settings}: the calculator's start settings, relative to the page
    this.module = null;
    this.rt = null;
    this.asked = 0;
    this.status = null; // the status line of the section on screen
    this.onReady = null;
  }

  // ---------------------------------------------------------------- the engine

  start() {
    // Started the first time a level with checks is shown; a second call waits for the same start.
    this.starting ??= import(new URL(this.engine.runtime, window.location.href).href).then((module) => {
      this.module = module;
      module.onProgress(() => this.paintStatus());
      return this.boot();
    });
    return this.starting;
  }

  boot() {
    return this.module.boot(this.engine.settings).then(
      (rt) => {
        this.rt = rt;
        this.paintStatus();
        if (this.onReady) this.onReady();
        return rt;
      },
      () => {
        this.paintStatus();
        return null;
      },
    );
  }

  retry() {
    this.module.reset();
    this.boot();
    this.paintStatus();
  }

  paintStatus() {
    const line = this.status;
    if (!line || !line.isConnected) return;
    line.replaceChildren();
    const runtime = this.module ? this.module.runtime : null;
    if (this.rt) {
      line.textContent = "计算引擎已就绪：判定随填写实时更新。";
      line.dataset.state = "ready";
    } else if (runtime && runtime.error) {
      line.dataset.state = "failed";
      const button = el("button", { type: "button", class: "md-button", text: "重试" });
      button.addEventListener("click", () => this.retry());
      line.append(`计算引擎未能启动：${runtime.error.message || runtime.error}`, " ", button);
    } else {
      line.dataset.state = "starting";
      const step = runtime && runtime.text ? `（${runtime.text.replace(/……可以先填写表单。$/, "")}）` : "";
      line.textContent = `计算引擎启动中，结果将自动显示${step}。可以先填写。`;
    }
  }

  // The engine's verdicts on a level's checkable requirements, or null while it starts (or failed).
  // Only the latest call for the form comes back: an older one resolves to undefined. With
  // `latest: false` (the packet's files, one after another) a call is answered whatever follows.
  async verdicts(model, level, values, { latest = true } = {}) {
    const asked = latest ? ++this.asked : null;
    const current = () => !latest || asked === this.asked;
    const rt = this.rt || (await this.start());
    if (!rt) return current() ? null : undefined;
    if (!current()) return undefined;
    const answer = JSON.parse(await rt.browser.level_checks(model, level, JSON.stringify(values)));
    return current() ? answer : undefined;
  }

  // ---------------------------------------------------------------- drawing

  // The section with a level's check inputs: editable for the applicant, shown for the assessor.
  section(checks, values, { readOnly, onInput }) {
    const section = el("section", { class: "review-checks", "data-checks-form": "" });
    section.append(el("h2", { class: "review-checks-title", text: "由计算引擎判定的条件" }));
    const lead = readOnly
      ? "申请人填写的数值如下；计算引擎按现行标准重新判定。请核实数值与证明材料是否相符。"
      : "以下条件按标准中的数值判定：请如实填写，判定结果由计算引擎给出（与计算器相同），评审人会核实证明材料。";
    section.append(el("p", { class: "review-checks-lead", text: lead }));
    if (checks.calculator) {
      const link = el("a", { href: checks.calculator.href, text: checks.calculator.title });
      section.append(el("p", { class: "review-checks-lead" }, "按全部定级规则（含评分项）计算，请用计算器：", link, "。"));
    }
    const grid = el("div", { class: "review-checks-fields" });
    for (const field of checks.inputs) grid.append(this.field(field, values[field.key], readOnly));
    section.append(grid);
    this.status = el("p", { class: "review-engine-status", role: "status", "aria-live": "polite" });
    section.append(this.status);
    this.paintStatus();
    if (!readOnly) {
      section.addEventListener("input", () => onInput());
      section.addEventListener("change", () => onInput());
    }
    return section;
  }

  field(field, value, readOnly) {
    const wrap = el("div", { class: "review-check-field", "data-check-field": field.key });
    const id = `review-check-${field.key}`;
    const label = el("label", { for: id, class: "review-label", text: field.label });
    let control;
    if (field.type === "boolean") {
      control = el("span", { class: "review-ratings", role: "radiogroup", "aria-label": field.label, id });
      for (const [option, text] of [["true", "是"], ["false", "否"]]) {
        const input = el("input", { type: "radio", name: id, value: option, "data-check-input": field.key });
        if (value === option) input.checked = true;
        if (readOnly) input.disabled = true;
        control.append(el("label", { class: "review-rating" }, input, text));
      }
      wrap.append(el("span", { class: "review-label", text: field.label }), control);
    } else if (field.options) {
      control = el("select", { id, "data-check-input": field.key });
      control.append(el("option", { value: "", text: "请选择" }));
      for (const [option, text] of field.options) control.append(el("option", { value: option, text }));
      control.value = value !== undefined && field.options.some(([option]) => option === value) ? value : "";
      if (readOnly) control.disabled = true;
      wrap.append(label, control);
    } else {
      control = el("input", {
        id,
        type: "text",
        inputmode: field.type === "integer" ? "numeric" : "decimal",
        autocomplete: "off",
        maxlength: "40",
        "data-check-input": field.key,
      });
      control.value = value === undefined ? "" : value;
      if (readOnly) control.readOnly = true;
      wrap.append(label, control);
      if (field.range) wrap.append(el("span", { class: "review-check-range", text: field.range }));
    }
    if (field.help) wrap.append(el("span", { class: "review-check-help", text: field.help }));
    wrap.append(el("span", { class: "review-check-error", "data-check-error": "", role: "alert", hidden: "" }));
    return wrap;
  }

  values(section) {
    const found = {};
    if (!section) return found;
    for (const input of section.querySelectorAll("[data-check-input]")) {
      const key = input.dataset.checkInput;
      if (input.type === "radio") {
        if (input.checked) found[key] = input.value;
      } else if (input.value.trim() !== "") found[key] = input.value.trim();
    }
    return found;
  }

  showErrors(section, errors) {
    if (!section) return;
    const byInput = Object.fromEntries((errors || []).map((error) => [error.input, error.message]));
    for (const wrap of section.querySelectorAll("[data-check-field]")) {
      const message = byInput[wrap.dataset.checkField] || "";
      const line = wrap.querySelector("[data-check-error]");
      line.textContent = message;
      line.hidden = !message;
      wrap.classList.toggle("review-check-field--error", Boolean(message));
    }
  }
}

// One requirement's verdict as the page shows it: the state in a word and the engine's words,
// then its verdict under each reading of the source where the requirement reads two ways.
export function verdictNode(verdict, waiting) {
  const node = el("div", { class: "review-engine", "data-engine-verdict": "" });
  if (!verdict) {
    node.dataset.state = "waiting";
    node.append(el("span", { class: "review-label", text: "计算引擎判定" }), waiting);
    return node;
  }
  node.dataset.state = verdict.state;
  node.append(el("span", { class: "review-label", text: "计算引擎判定" }), el("span", { class: "review-engine-words", text: verdict.words }));
  for (const reading of verdict.readings || []) {
    const list = el("ul", { class: "review-readings" });
    for (const option of reading.options) {
      const mark = option.adopted ? "（本手册采用）" : "";
      list.append(el("li", { text: `按“${option.name}”${mark}：${option.words}` }));
    }
    const head = reading.differs
      ? `此判定取决于对原文的解读（${reading.question}），各解读下的结论：`
      : `原文有不同解读（${reading.question}），各解读下的结论相同：`;
    node.append(el("p", { class: reading.differs ? "review-readings-head review-readings-head--differs" : "review-readings-head", text: head }), list);
  }
  return node;
}

// A verdict in one line, for the printouts and the files.
export function verdictText(verdict) {
  if (!verdict) return "";
  const readings = (verdict.readings || [])
    .filter((reading) => reading.differs)
    .map((reading) => "；此判定取决于对原文的解读：" + reading.options.map((o) => `按“${o.name}”${o.adopted ? "（采用）" : ""}：${o.words}`).join("；"));
  return verdict.words + readings.join("");
}
