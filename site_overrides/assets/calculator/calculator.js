// The calculator page glue: boots Pyodide once per page load, wires the generated form,
// paints what the engine answers. No rules live here: every grade, score, threshold and
// message comes from `calculator.browser` (the same Python package as the CLI) or from
// the build-written rules bundle through it.

// Module scope outlives Material's instant navigation: the module is evaluated once per page
// load (re-inserted <script type="module"> elements hit the module map), so one Pyodide serves
// every calculator page visited until the next full load.
const runtime = { promise: null, progress: 0, text: "", startedAt: 0, loadMs: null, error: null };
const shared = { page: null };

const SVG = "http://www.w3.org/2000/svg";
const TEAM_CHUNK = 1000; // rows per call into Python, so the progress text can repaint
const TEAM_SHOWN = 500; // rows drawn in the table; downloads always hold every row
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// ------------------------------------------------------------------ runtime (module scope)

function absolute(url) {
  return new URL(url, window.location.href).href;
}

function bootConfig(root) {
  return {
    pyodide: absolute(root.dataset.pyodide),
    rules: absolute(root.dataset.rules),
    wheels: JSON.parse(root.dataset.wheels).map(absolute),
  };
}

function report(progress, text) {
  runtime.progress = progress;
  runtime.text = text;
  if (shared.page) shared.page.paintStatus();
}

async function startRuntime(config) {
  runtime.startedAt = performance.now();
  report(5, "正在下载 Python 运行环境（首次约 13 MB，之后由浏览器缓存）……可以先填写表单。");
  const rules = fetch(config.rules).then((response) => {
    if (!response.ok) throw new Error(`规则文件下载失败（HTTP ${response.status}）`);
    return response.text();
  });
  const { loadPyodide } = await import(config.pyodide + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: config.pyodide, stdout: () => {}, stderr: (m) => console.warn(m) });
  report(70, "正在加载定级规则……");
  const problems = [];
  await pyodide.loadPackage(config.wheels, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) throw new Error("计算引擎的程序包加载失败：" + problems.join("；"));
  const browser = pyodide.pyimport("calculator.browser");
  const teamfile = pyodide.pyimport("teamfile");
  browser.load(await rules);
  runtime.loadMs = Math.round(performance.now() - runtime.startedAt);
  report(100, `计算引擎已就绪（加载用时 ${(runtime.loadMs / 1000).toFixed(1)} 秒）。结果随输入实时更新。`);
  return { pyodide, browser, teamfile };
}

function boot(root) {
  if (!runtime.promise) {
    runtime.promise = startRuntime(bootConfig(root)).catch((error) => {
      runtime.error = error;
      console.error(error);
      report(0, "计算引擎加载失败：" + (error && error.message ? error.message : String(error)));
      throw error;
    });
  }
  return runtime.promise;
}

// ------------------------------------------------------------------ small DOM helpers

function el(tag, attrs = {}, ...children) {
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

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = String(text);
  return node;
}

function fmt(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(+value.toFixed(6));
  if (Array.isArray(value)) return value.map(fmt).join("、");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k} ${fmt(v)}`).join("，");
  return String(value);
}

function typed(text) {
  // A numeral becomes a JSON number, anything else stays text for the engine to judge.
  return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
}

function nextFrame() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function download(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ------------------------------------------------------------------ one calculator page

class CalculatorPage {
  constructor(root) {
    this.root = root;
    this.model = root.dataset.model;
    this.form = root.querySelector("[data-form]");
    this.result = root.querySelector("#result");
    this.details = root.querySelector("[data-details]");
    this.chart = root.querySelector("[data-chart]");
    this.notice = root.querySelector("[data-notice]");
    this.printMeta = root.querySelector("[data-print-meta]");
    this.touched = new Set();
    this.rt = null;
    this.info = null;
    this.team = null;
    this.pending = false;
    this.abort = new AbortController();
  }

  start() {
    const signal = this.abort.signal;
    this.form.addEventListener("input", (event) => this.changed(event), { signal });
    this.form.addEventListener("change", (event) => this.changed(event), { signal });
    this.form.addEventListener("submit", (event) => event.preventDefault(), { signal });
    this.root.addEventListener("click", (event) => this.clicked(event), { signal });
    window.addEventListener("hashchange", () => this.readFragment(true), { signal });
    window.addEventListener("beforeprint", () => this.root.querySelectorAll("details").forEach((d) => (d.open = true)), { signal });
    this.wireTeam(signal);
    this.readFragment(false);
    this.paintStatus();
    boot(this.root).then(
      (rt) => this.ready(rt),
      () => this.paintStatus(),
    );
  }

  stop() {
    this.abort.abort();
  }

  ready(rt) {
    if (this.abort.signal.aborted) return;
    this.rt = rt;
    this.info = JSON.parse(rt.browser.describe(this.model));
    this.root.dataset.ready = "true";
    this.root.dataset.loadMs = String(runtime.loadMs);
    this.paintStatus();
    this.update();
  }

  paintStatus() {
    const bar = this.root.querySelector("[data-progress]");
    const text = this.root.querySelector("[data-status-text]");
    const status = this.root.querySelector("[data-status]");
    bar.value = runtime.progress;
    bar.textContent = `${runtime.progress}%`;
    bar.hidden = runtime.progress >= 100 || runtime.error !== null;
    if (runtime.text) text.textContent = runtime.text;
    status.classList.toggle("calc-status--ready", runtime.progress >= 100);
    status.classList.toggle("calc-status--failed", runtime.error !== null);
  }

  showNotice(...parts) {
    this.notice.replaceChildren(...parts.map((part) => el("p", {}, part)));
    this.notice.hidden = parts.length === 0;
  }

  // -------------------------------------------------------------- events

  changed(event) {
    const field = event.target.closest("[data-input]");
    if (field) this.touched.add(field.dataset.input);
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.update();
    });
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.dataset.action;
    if (action === "add-row") this.addRow(button.closest("[data-input]"));
    else if (action === "remove-row") this.removeRow(button.closest("[data-row]"));
    else if (action === "share") this.share();
    else if (action === "print") window.print();
    else if (action === "clear") this.clear();
    else if (action === "template") this.downloadTemplate();
    else if (action === "download-csv") this.downloadTeam("csv");
    else if (action === "download-xlsx") this.downloadTeam("xlsx");
  }

  // -------------------------------------------------------------- list rows

  rowsOf(field) {
    return [...field.querySelectorAll("[data-rows] > [data-row]")];
  }

  addRow(field, focus = true) {
    const template = field.querySelector("template[data-row-template]");
    if (!template) return null;
    const index = this.rowsOf(field).length;
    const row = template.content.firstElementChild.cloneNode(true);
    for (const node of [row, ...row.querySelectorAll("*")]) {
      for (const name of ["id", "for", "aria-labelledby", "aria-label"]) {
        const value = node.getAttribute(name);
        if (value) node.setAttribute(name, value.replaceAll("__i__", index).replaceAll("__n__", index + 1));
      }
      if (node.hasAttribute("data-nth")) node.textContent = String(index + 1);
    }
    field.querySelector("[data-rows]").append(row);
    this.syncRowButtons(field);
    if (focus) row.querySelector("input")?.focus();
    this.touched.add(field.dataset.input);
    this.schedule();
    return row;
  }

  removeRow(row) {
    const field = row.closest("[data-input]");
    row.remove();
    this.renumber(field);
    this.touched.add(field.dataset.input);
    this.schedule();
  }

  renumber(field) {
    this.rowsOf(field).forEach((row, index) => {
      for (const nth of row.querySelectorAll("[data-nth]")) nth.textContent = String(index + 1);
    });
    this.syncRowButtons(field);
  }

  syncRowButtons(field) {
    const rows = this.rowsOf(field);
    const box = field.querySelector("[data-rows]");
    const min = Number(box.dataset.min || 0);
    const max = box.dataset.max === "" ? Infinity : Number(box.dataset.max);
    const add = field.querySelector("[data-action=add-row]");
    if (add) add.disabled = rows.length >= max;
    for (const remove of field.querySelectorAll("[data-action=remove-row]")) remove.disabled = rows.length <= Math.max(min, 1);
  }

  setRowCount(field, count) {
    const rows = this.rowsOf(field);
    for (let i = rows.length; i < count; i++) this.addRow(field, false);
    const fixed = !field.querySelector("template[data-row-template]");
    if (!fixed) this.rowsOf(field).slice(Math.max(count, 1)).forEach((row) => row.remove());
    this.renumber(field);
  }

  // -------------------------------------------------------------- form <-> inputs

  collect() {
    const inputs = {};
    for (const field of this.form.querySelectorAll("[data-input]")) {
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

  listValue(field) {
    const items = this.rowsOf(field).map((row) => {
      const parts = [...row.querySelectorAll("input[data-field]")];
      if (parts.length === 1 && parts[0].dataset.field === "") {
        const text = parts[0].value.trim();
        return text === "" ? undefined : typed(text);
      }
      const record = {};
      for (const part of parts) {
        const text = part.value.trim();
        if (text !== "") record[part.dataset.field] = typed(text);
      }
      return Object.keys(record).length ? record : {};
    });
    const isRecord = items.some((item) => item !== undefined && typeof item === "object");
    const kept = isRecord ? items : items.filter((item) => item !== undefined);
    while (kept.length && isRecord && Object.keys(kept[kept.length - 1]).length === 0) kept.pop();
    return kept.length ? kept : undefined;
  }

  fill(inputs) {
    const ignored = [];
    for (const field of this.form.querySelectorAll("[data-input]")) this.clearField(field);
    for (const [key, value] of Object.entries(inputs)) {
      const field = this.form.querySelector(`[data-input="${CSS.escape(key)}"]`);
      if (!field) {
        ignored.push(key);
        continue;
      }
      if (!this.setField(field, value)) ignored.push(key);
      this.touched.add(key);
    }
    return ignored;
  }

  clearField(field) {
    if (field.dataset.type === "list") {
      this.setRowCount(field, 0);
      for (const input of field.querySelectorAll("[data-rows] input")) input.value = "";
      return;
    }
    for (const radio of field.querySelectorAll("input[type=radio]")) radio.checked = false;
    for (const foreign of field.querySelectorAll("option[data-foreign]")) foreign.remove();
    const input = field.querySelector(".calc-input");
    if (input) input.value = "";
  }

  setField(field, value) {
    const type = field.dataset.type;
    if (type === "list") return this.setList(field, value);
    if (type === "boolean") {
      const radio = field.querySelector(`input[type=radio][value="${value === true || value === "true"}"]`);
      if (typeof value !== "boolean" && value !== "true" && value !== "false") return false;
      radio.checked = true;
      return true;
    }
    const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
    const input = field.querySelector(".calc-input");
    if (input.tagName === "SELECT" && ![...input.options].some((option) => option.value === text)) {
      // Not one of the listed values: keep it so the engine can accept a name or alias, or say what is wrong.
      input.append(el("option", { value: text, "data-foreign": true }, text));
    }
    input.value = text;
    return true;
  }

  setList(field, value) {
    if (!Array.isArray(value)) return false;
    this.setRowCount(field, value.length);
    this.rowsOf(field).forEach((row, index) => {
      const item = value[index];
      for (const part of row.querySelectorAll("input[data-field]")) {
        const key = part.dataset.field;
        const cell = key === "" ? item : item && typeof item === "object" ? item[key] : undefined;
        part.value = cell === undefined || cell === null ? "" : typeof cell === "object" ? JSON.stringify(cell) : String(cell);
      }
    });
    return true;
  }

  clear() {
    for (const field of this.form.querySelectorAll("[data-input]")) this.clearField(field);
    for (const field of this.form.querySelectorAll("[data-input][data-type=list]")) this.setRowCount(field, 1);
    this.touched.clear();
    this.showNotice();
    this.update();
  }

  // -------------------------------------------------------------- share link (URL fragment)

  readFragment(fromHashChange) {
    const raw = window.location.hash.slice(1);
    if (raw === this.lastFragment) return;
    this.lastFragment = raw;
    const ignored = this.applyFragment(raw);
    if (ignored !== null) {
      const notices = ignored.length ? ["链接中的以下输入项本计算器没有或无法填入，已忽略：" + ignored.join("、")] : [];
      this.showNotice(...notices);
    }
    if (fromHashChange || this.rt) this.update();
  }

  applyFragment(raw) {
    // Fill the form from a share link; null when the fragment is not one (notice shown or an anchor).
    if (!raw) return null;
    let text;
    try {
      text = decodeURIComponent(raw);
    } catch {
      text = raw;
    }
    if (!text.trimStart().startsWith("{") && document.getElementById(text)) return null; // an ordinary anchor
    let inputs;
    try {
      inputs = JSON.parse(text);
    } catch {
      inputs = undefined;
    }
    if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) {
      const shown = text.length > 80 ? text.slice(0, 80) + "…" : text;
      this.showNotice("链接中 # 之后的内容不是本计算器的输入，已忽略：", el("code", {}, shown));
      return null;
    }
    return this.fill(inputs);
  }

  writeFragment(inputs) {
    const empty = Object.keys(inputs).length === 0;
    const fragment = empty ? "" : "#" + encodeURIComponent(JSON.stringify(inputs));
    if (window.location.hash !== fragment && !(empty && !window.location.hash)) {
      const url = window.location.pathname + window.location.search + fragment;
      window.history.replaceState(window.history.state, "", url);
    }
    this.lastFragment = window.location.hash.slice(1);
  }

  async share() {
    const inputs = this.collect();
    this.writeFragment(inputs);
    const link = window.location.origin + window.location.pathname + "#" + encodeURIComponent(JSON.stringify(inputs));
    const status = this.root.querySelector("[data-action-status]");
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = "分享链接已复制。链接里的输入只在 # 之后，不会发送到服务器。";
    } catch {
      status.textContent = "无法自动复制，请复制地址栏中的链接。";
    }
  }

  // -------------------------------------------------------------- grading and painting

  update() {
    if (window.location.hash.slice(1) !== (this.lastFragment ?? "")) {
      this.readFragment(true); // a link was opened or pasted since the last update: it wins over the form
      return;
    }
    const inputs = this.collect();
    this.writeFragment(inputs);
    if (!this.rt) {
      this.result.dataset.state = "loading";
      return;
    }
    const started = performance.now();
    let text;
    try {
      text = this.rt.browser.grade_json(this.model, JSON.stringify(inputs));
    } catch (error) {
      console.error(error);
      text = JSON.stringify({ errors: [{ input: "inputs", message: "计算时出现内部错误，请把分享链接发给手册维护人员。" }] });
    }
    const result = JSON.parse(text);
    this.result.dataset.result = text;
    this.result.dataset.graded = JSON.stringify(inputs);
    this.result.dataset.state = result.errors ? "invalid" : "ok";
    this.paintErrors(result.errors || []);
    if (result.errors) this.paintProblems(result.errors);
    else this.paintResult(result);
    this.result.dataset.ms = (performance.now() - started).toFixed(1);
  }

  paintErrors(errors) {
    for (const slot of this.form.querySelectorAll("[data-error-for]")) {
      const key = slot.dataset.errorFor;
      const messages = errors.filter((e) => e.input === key).map((e) => e.message);
      const show = messages.length > 0 && this.touched.has(key);
      slot.textContent = show ? messages.join("；") : "";
      const field = slot.closest("[data-input]");
      field.classList.toggle("calc-field--invalid", show);
      for (const input of field.querySelectorAll(".calc-input, input[type=radio]")) {
        if (show) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  }

  paintProblems(errors) {
    this.result.replaceChildren(
      el("p", { class: "calc-outcome calc-outcome--none" }, "还不能计算"),
      el("ul", { class: "calc-problems" }, errors.map((e) => el("li", {}, e.message))),
    );
    this.details.replaceChildren();
    this.chart.hidden = true;
    this.chart.replaceChildren();
    this.printMeta.replaceChildren();
  }

  levelName(id) {
    const level = this.info.levels.find((lv) => lv.id === id);
    return level ? level.name : id;
  }

  headline(result) {
    const outcome = result.outcome;
    const parts = [];
    if (outcome) {
      parts.push(el("p", { class: "calc-outcome" }, outcome.name));
      if (outcome.level) parts.push(el("p", { class: "calc-level" }, "调整后职级：", el("strong", {}, this.levelName(outcome.level))));
    } else if (result.kind === "scoring" && this.info.bands.length === 0) {
      parts.push(el("p", { class: "calc-outcome" }, fmt(result.score), el("span", { class: "calc-outcome__unit" }, " 分")));
    } else {
      parts.push(el("p", { class: "calc-outcome calc-outcome--none" }, result.kind === "eligibility" ? "未达到任何职称" : "未达到任何级别"));
    }
    if (result.score !== null && result.score !== undefined) {
      parts.push(el("p", { class: "calc-score" }, result.kind === "review" ? "考核窗口平均分 " : "得分 ", el("strong", {}, fmt(result.score))));
    }
    parts.push(el("p", { class: "calc-rule" }, "依据：", result.rule.text));
    return parts;
  }

  nextStep(result) {
    const next = result.next;
    if (!next) return el("p", { class: "calc-next calc-next--none" }, "没有单独一项输入的改动能得到更好的结果。");
    const items = next.changes.map((change, index) =>
      el(
        "li",
        {},
        `${change.label}：${fmt(change.from)} → `,
        el("strong", {}, fmt(change.to)),
        `（${change.outcome.name}${change.score === null || change.score === undefined ? "" : "，得分 " + fmt(change.score)}）`,
        index === 0 ? el("span", { class: "calc-badge" }, "改动最小") : null,
      ),
    );
    return el(
      "div",
      { class: "calc-next" },
      el("p", {}, "怎样得到「", el("strong", {}, next.outcome.name), "」：只改其中一项即可"),
      el("ul", {}, items),
    );
  }

  paintResult(result) {
    const blocks = [...this.headline(result), this.nextStep(result)];
    if (result.pending && result.pending.length) {
      blocks.push(el("div", { class: "calc-pending" }, el("p", {}, "以下条件需由评审人员认定："), el("ul", {}, result.pending.map((p) => el("li", {}, p)))));
    }
    this.result.replaceChildren(...blocks);
    const details = [el("h3", {}, "明细"), this.breakdown(result)];
    if (result.notes && result.notes.length) {
      details.push(el("details", { class: "calc-notes" }, el("summary", {}, `说明（${result.notes.length} 条）`), el("ul", {}, result.notes.map((n) => el("li", {}, n)))));
    }
    this.details.replaceChildren(...details);
    this.paintChart(result);
    this.paintPrintMeta(result);
  }

  breakdown(result) {
    const rows = result.breakdown || [];
    let head;
    let body;
    if (result.kind === "scoring") {
      const weighted = rows.some((r) => r.weight !== null && r.weight !== undefined);
      head = ["项目", "输入", "得分", ...(weighted ? ["权重"] : []), "计入总分"];
      body = rows.map((r) => [r.label, fmt(r.value), fmt(r.points), ...(weighted ? [r.weight === null ? "—" : `${fmt(r.weight)}%`] : []), fmt(r.contribution)]);
      body.push(["合计", "", "", ...(weighted ? [""] : []), fmt(result.score)]);
    } else if (result.kind === "review") {
      const texts = Object.fromEntries(this.info.thresholds.map((t) => [t.rule, t.text]));
      head = ["规则", "条件", "数值", "是否满足"];
      body = rows.map((r) => [texts[r.rule] || r.rule, r.label, fmt(r.value), r.met ? "✓ 满足" : "✗ 不满足"]);
    } else if (result.kind === "eligibility") {
      head = ["职称", "可量化条件", "未满足的条件"];
      body = rows.map((r) => [r.label, r.met ? "✓ 全部满足" : "✗ 未满足", (r.failed || []).join("；")]);
    } else {
      head = rows.length ? Object.keys(rows[0]) : [];
      body = rows.map((r) => head.map((k) => fmt(r[k])));
    }
    if (!body.length) return el("p", {}, "（无明细）");
    return el(
      "div",
      { class: "calc-table-wrap" },
      el(
        "table",
        { class: result.kind === "scoring" ? "calc-table calc-table--total" : "calc-table" },
        el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, body.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))),
      ),
    );
  }

  // -------------------------------------------------------------- chart (inline SVG)

  paintChart(result) {
    let figure = null;
    if (result.kind === "scoring") figure = this.scoringChart(result);
    else if (result.kind === "review") figure = this.reviewChart(result);
    this.chart.hidden = !figure;
    this.chart.replaceChildren(...(figure || []));
  }

  scoringChart(result) {
    const bands = this.info.bands;
    const rows = result.breakdown.filter((r) => r.contribution > 0);
    const edges = bands.flatMap((b) => [b.min, b.upper]).filter((v) => v !== null);
    const top = Math.max(result.score, ...edges, 0) || 1;
    const width = 640;
    const left = 8;
    const span = width - 2 * left;
    const x = (value) => left + (Math.min(value, top) / top) * span;
    const chart = svg("svg", { viewBox: `0 0 ${width} 132`, class: "calc-svg", role: "img", "aria-labelledby": "calc-chart-title" });
    chart.append(svg("title", { id: "calc-chart-title" }, `得分 ${fmt(result.score)}：各项贡献与级别分数段`));
    bands.forEach((band, index) => {
      const from = x(band.min);
      const to = x(band.upper === null ? top : band.upper);
      const group = svg("g", { class: `calc-band calc-band--${index % 2}${result.outcome && result.outcome.id === band.level ? " calc-band--hit" : ""}` });
      group.append(svg("rect", { x: from, y: 8, width: Math.max(to - from, 1), height: 30 }));
      group.append(svg("title", {}, `${band.name}：${fmt(band.min)} 起`));
      if (to - from > band.name.length * 12 + 6) group.append(svg("text", { x: (from + to) / 2, y: 28, "text-anchor": "middle" }, band.name));
      chart.append(group);
      chart.append(svg("line", { x1: from, x2: from, y1: 8, y2: 104, class: "calc-tick" }));
      chart.append(svg("text", { x: from, y: 120, "text-anchor": "middle", class: "calc-axis" }, fmt(band.min)));
    });
    let start = 0;
    rows.forEach((row, index) => {
      const from = x(start);
      const to = x(start + row.contribution);
      const part = svg("g", { class: `calc-part calc-part--${index % 8}` });
      part.append(svg("rect", { x: from, y: 50, width: Math.max(to - from, 0.5), height: 34 }));
      part.append(svg("title", {}, `${row.label}：${fmt(row.contribution)}`));
      chart.append(part);
      start += row.contribution;
    });
    chart.append(svg("line", { x1: x(result.score), x2: x(result.score), y1: 44, y2: 92, class: "calc-marker" }));
    chart.append(svg("text", { x: Math.min(Math.max(x(result.score), 40), width - 40), y: 104, "text-anchor": "middle", class: "calc-marker-text" }, `得分 ${fmt(result.score)}`));
    chart.append(svg("text", { x: left, y: 120, class: "calc-axis" }, "0"));
    const legend = el(
      "ul",
      { class: "calc-legend" },
      rows.map((row, index) => el("li", {}, el("span", { class: `calc-swatch calc-part--${index % 8}`, "aria-hidden": "true" }), `${row.label} ${fmt(row.contribution)}`)),
    );
    return [chart, el("figcaption", {}, bands.length ? "各项得分的贡献（条形）与级别分数段（上方色带）" : "各项得分的贡献"), legend];
  }

  reviewChart(result) {
    const listInput = this.info.inputs.find((i) => i.type === "list");
    const periods = listInput ? result.inputs[listInput.key] : null;
    if (!periods || !periods.length) return null;
    const series = listInput.fields.length ? listInput.fields : [{ key: null, label: listInput.label, unit: listInput.unit }];
    const charts = series.map((field) => {
      const values = periods.map((p) => (field.key ? p[field.key] : p));
      const lines = this.info.thresholds.filter((t) => t.field === field.key);
      const unique = [...new Map(lines.map((t) => [`${t.op}${t.value}`, t])).values()];
      const top = Math.max(...values, ...unique.map((t) => t.value), 1);
      const width = 320;
      const height = 150;
      const base = 124;
      const y = (v) => base - (v / top) * 100;
      const step = (width - 40) / values.length;
      const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "calc-svg calc-svg--small", role: "img" });
      chart.append(svg("title", {}, `${field.label}：各期数值与规则阈值`));
      values.forEach((value, index) => {
        const bx = 30 + index * step + step * 0.2;
        const bar = svg("g", { class: "calc-part calc-part--0" });
        bar.append(svg("rect", { x: bx, y: y(value), width: step * 0.6, height: base - y(value) }));
        bar.append(svg("title", {}, `第 ${index + 1} 期：${fmt(value)}${field.unit || ""}`));
        chart.append(bar);
        chart.append(svg("text", { x: bx + step * 0.3, y: y(value) - 4, "text-anchor": "middle", class: "calc-axis" }, fmt(value)));
        chart.append(svg("text", { x: bx + step * 0.3, y: base + 14, "text-anchor": "middle", class: "calc-axis" }, `第${index + 1}期`));
      });
      const signs = { gt: ">", ge: "≥", lt: "<", le: "≤" };
      for (const t of unique) {
        chart.append(svg("line", { x1: 26, x2: width - 6, y1: y(t.value), y2: y(t.value), class: "calc-threshold" }));
        chart.append(svg("text", { x: width - 6, y: y(t.value) - 3, "text-anchor": "end", class: "calc-threshold-text" }, `${signs[t.op]} ${fmt(t.value)}`));
      }
      chart.append(svg("line", { x1: 26, x2: width - 6, y1: base, y2: base, class: "calc-tick" }));
      return el("div", { class: "calc-chart__item" }, el("p", { class: "calc-chart__label" }, field.label), chart);
    });
    return [el("div", { class: "calc-chart__grid" }, charts), el("figcaption", {}, "各期数值（条形）与规则中的阈值（虚线）")];
  }

  // -------------------------------------------------------------- print view

  paintPrintMeta(result) {
    const labels = Object.fromEntries(this.info.inputs.map((i) => [i.key, i]));
    const rows = Object.entries(result.inputs || {}).map(([key, value]) => {
      const spec = labels[key] || { label: key, unit: "" };
      const shown = Array.isArray(value)
        ? value.map((item, i) => `第${i + 1}项 ${typeof item === "object" ? spec.fields.map((f) => `${f.label} ${fmt(item[f.key])}${f.unit}`).join(" ") : fmt(item) + spec.unit}`).join("；")
        : `${spec.type === "level" ? this.levelName(value) : fmt(value)}${typeof value === "number" ? spec.unit : ""}`;
      return el("tr", {}, el("th", { scope: "row" }, spec.label), el("td", {}, shown));
    });
    const version = this.info.version || {};
    const stamp = [
      this.info.standard && this.info.standard.title ? `标准：${this.info.standard.title}` : null,
      version.commit ? `版本 ${version.commit}${version.date ? "（" + version.date.slice(0, 10) + "）" : ""}${version.modified ? "，含未提交的修改" : ""}` : null,
      `打印于 ${new Date().toLocaleString("zh-CN")}`,
    ].filter(Boolean);
    this.printMeta.replaceChildren(
      el("h3", {}, "输入"),
      el("table", { class: "calc-table" }, el("tbody", {}, rows)),
      el("p", { class: "calc-print-stamp" }, stamp.join("　")),
    );
  }

  // -------------------------------------------------------------- team mode

  wireTeam(signal) {
    const input = this.root.querySelector("[data-team-file]");
    const drop = this.root.querySelector("[data-drop]");
    input.addEventListener("change", () => input.files.length && this.gradeFile(input.files[0]), { signal });
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("calc-drop--over");
    }, { signal });
    drop.addEventListener("dragleave", () => drop.classList.remove("calc-drop--over"), { signal });
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("calc-drop--over");
      if (event.dataTransfer.files.length) this.gradeFile(event.dataTransfer.files[0]);
    }, { signal });
  }

  teamStatus(...parts) {
    this.root.querySelector("[data-team-status]").replaceChildren(...parts.map((p) => el("p", {}, p)));
  }

  async gradeFile(file) {
    const table = this.root.querySelector("[data-team-table]");
    table.replaceChildren();
    this.team = null;
    delete this.root.dataset.teamRows;
    this.syncTeamButtons();
    this.teamStatus(`正在读取 ${file.name} ……`);
    let rt;
    try {
      rt = await boot(this.root);
    } catch {
      this.teamStatus("计算引擎未能加载，无法批量定级。");
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const parsed = JSON.parse(rt.teamfile.read_json(bytes, file.name));
    if (parsed.error) {
      this.teamStatus(`无法读取 ${file.name}：${parsed.error}`);
      return;
    }
    const started = performance.now();
    const merged = await this.gradeTable(rt, parsed);
    if (merged.errors) {
      this.teamStatus(merged.errors.map((e) => e.message).join("；"));
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    this.team = { ...merged, name: file.name.replace(/\.[^.]+$/, "") };
    this.root.dataset.teamRows = String(merged.rows.length);
    this.root.dataset.teamMs = String(Math.round(seconds * 1000));
    const summary = merged.summary.map((s) => `${s.name} ${s.count} 人`).join("，");
    this.teamStatus(`共 ${merged.rows.length} 行，用时 ${seconds.toFixed(2)} 秒：${summary}。`, ...merged.notices);
    this.paintTeam(false);
    this.syncTeamButtons();
  }

  async gradeTable(rt, parsed) {
    let merged = null;
    for (let start = 0; start < parsed.rows.length || merged === null; start += TEAM_CHUNK) {
      const chunk = { header: parsed.header, rows: parsed.rows.slice(start, start + TEAM_CHUNK) };
      const part = JSON.parse(rt.browser.team_json(this.model, JSON.stringify(chunk)));
      if (part.errors) return part;
      if (merged === null) merged = { ...part, rows: [], summary: [] };
      merged.rows.push(...part.rows);
      for (const { name, count } of part.summary) {
        const entry = merged.summary.find((s) => s.name === name);
        if (entry) entry.count += count;
        else merged.summary.push({ name, count });
      }
      if (start + TEAM_CHUNK < parsed.rows.length) {
        this.teamStatus(`正在定级…… ${Math.min(start + TEAM_CHUNK, parsed.rows.length)} / ${parsed.rows.length} 行`);
        await nextFrame();
      }
      if (!parsed.rows.length) break;
    }
    merged.summary.sort((a, b) => (a.name === "有错误") - (b.name === "有错误"));
    return merged;
  }

  syncTeamButtons() {
    for (const action of ["download-csv", "download-xlsx"]) this.root.querySelector(`[data-action=${action}]`).disabled = !this.team;
  }

  paintTeam(onlyErrors) {
    const team = this.team;
    const box = this.root.querySelector("[data-team-table]");
    const rows = team.rows.map((row, index) => ({ row, index })).filter(({ row }) => !onlyErrors || !row.ok);
    const toggle = el("label", { class: "calc-team__filter" }, el("input", { type: "checkbox", "data-team-errors": true, checked: onlyErrors }), " 只显示有错误的行");
    toggle.querySelector("input").addEventListener("change", (event) => this.paintTeam(event.target.checked));
    const head = el("tr", {}, el("th", { scope: "col" }, "行"), team.header.map((name, i) => el("th", { scope: "col", class: i >= team.inputs ? "calc-team__out" : null, title: team.columns[i] ? `输入项 ${team.columns[i]}` : null }, name)));
    const body = rows.slice(0, TEAM_SHOWN).map(({ row, index }) =>
      el(
        "tr",
        { class: row.ok ? null : "calc-team__bad", "data-row-index": index, "data-outcome": row.outcome ? row.outcome.id : "" },
        el("th", { scope: "row" }, String(index + 2)),
        row.cells.map((cell, i) => {
          const error = row.errors[String(i)];
          return el("td", { class: error ? "calc-cell--error" : i >= team.inputs ? "calc-team__out" : null }, fmt(cell === "" ? null : cell), error ? el("span", { class: "calc-cell__error" }, error) : null);
        }),
      ),
    );
    const more = rows.length > TEAM_SHOWN ? el("p", {}, `表格只显示前 ${TEAM_SHOWN} 行（共 ${rows.length} 行）；下载的文件包含全部结果。`) : null;
    box.replaceChildren(toggle, el("div", { class: "calc-table-wrap" }, el("table", { class: "calc-table calc-team__grid" }, el("thead", {}, head), el("tbody", {}, body))), more);
  }

  async downloadTemplate() {
    const rt = await boot(this.root);
    const header = JSON.parse(rt.browser.team_template(this.model));
    const bytes = rt.teamfile.csv_bytes(JSON.stringify({ header, rows: [] }));
    download(bytes.toJs(), `${this.model}-模板.csv`, "text/csv;charset=utf-8");
    bytes.destroy();
  }

  downloadTeam(kind) {
    if (!this.team || !this.rt) return;
    const table = JSON.stringify({ header: this.team.header, rows: this.team.rows.map((r) => r.cells) });
    const bytes = kind === "csv" ? this.rt.teamfile.csv_bytes(table) : this.rt.teamfile.xlsx_bytes(table);
    const type = kind === "csv" ? "text/csv;charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    download(bytes.toJs(), `${this.team.name}-定级结果.${kind}`, type);
    bytes.destroy();
  }
}

// ------------------------------------------------------------------ wiring (first load and instant navigation)

function init() {
  const root = document.querySelector("[data-calculator]");
  if (shared.page && shared.page.root !== root) {
    shared.page.stop();
    shared.page = null;
  }
  if (!root || root.dataset.wired) return;
  root.dataset.wired = "true";
  shared.page = new CalculatorPage(root);
  shared.page.start();
}

init();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
