// The calculator page: wires the generated form to the engine and paints its answers.
// No rules live here: every grade, score, threshold and message comes from `calculator.browser`
// (the same Python package as the CLI, run by Pyodide in a Web Worker) or from the build-written
// rules bundle through it. Components: runtime.js (the engine's worker, once per page load),
// form.js, result.js, chart.js, team.js, dom.js.

import { el } from "./dom.js";
import { chart } from "./chart.js";
import { Form } from "./form.js";
import { details, headline, morph, printHeader, problems } from "./result.js";
import { boot, onProgress, reset, runtime } from "./runtime.js";
import { ShareError, decode, encode, isCompact, shapeOf } from "./share.js";
import { TeamMode } from "./team.js";

class CalculatorPage {
  constructor(root) {
    this.root = root;
    this.model = root.dataset.model;
    this.form = new Form(root.querySelector("[data-form]"));
    this.team = new TeamMode(root, () => this.params());
    this.result = root.querySelector("#result");
    this.rt = null;
    this.info = null;
    this.pending = false;
    this.grading = false; // a grading is on its way to the engine and back: one at a time
    this.again = false; // the inputs changed while it was: the latest go next, the answer on its way is dropped
    this.chart = { frame: 0, result: null, drawn: null, at: -Infinity }; // the chart, drawn after the result
    this.lastFragment = undefined;
    this.fragmentTimer = null; // a link write waiting for FRAGMENT_MS to pass since the last one
    this.fragmentAt = -Infinity; // when the address bar's link was last replaced
    this.abort = new AbortController();
    this.shape = shapeOf(root); // the form's inputs in order, for compact share links
    this.subject = root.querySelector("[data-subject]"); // whose result it is (optional, never sent anywhere)
    this.subjectShared = root.querySelector("[data-subject-share]"); // whether the name goes into the share link
    this.lastResult = null;
  }

  start() {
    const signal = this.abort.signal;
    const on = (target, type, handler) => target.addEventListener(type, handler, { signal });
    on(this.form.node, "input", (event) => this.changed(event));
    on(this.form.node, "change", (event) => this.changed(event));
    on(this.form.node, "submit", (event) => event.preventDefault());
    on(this.root, "click", (event) => this.clicked(event));
    for (const node of [this.subject, this.subjectShared].filter(Boolean)) {
      on(node, "input", () => this.subjectChanged());
      on(node, "change", () => this.subjectChanged());
    }
    on(window, "hashchange", () => this.readFragment(true));
    on(window, "beforeprint", () => {
      this.drawChart(); // a chart still waiting for its frame is drawn for the printout
      this.root.querySelectorAll("details").forEach((d) => (d.open = true));
    });
    this.team.wire(signal);
    this.addForgetButton();
    onProgress(() => this.paintStatus());
    this.readFragment(false);
    this.paintStatus();
    this.waitForEngine();
  }

  waitForEngine() {
    boot(this.root).then(
      (rt) => this.ready(rt),
      () => {
        this.paintStatus();
        this.update();
      },
    );
  }

  retry() {
    // After a failed start: a new engine, from scratch (files fetched again).
    reset();
    this.paintStatus();
    this.waitForEngine();
    this.paintStatus();
    this.update();
  }

  stop() {
    this.abort.abort();
    this.cancelFragment();
    cancelAnimationFrame(this.chart.frame);
  }

  async ready(rt) {
    const info = JSON.parse(await rt.browser.describe(this.model));
    if (this.abort.signal.aborted) return;
    this.rt = rt;
    this.info = info;
    this.root.dataset.ready = "true";
    this.root.dataset.loadMs = String(runtime.loadMs);
    this.paintStatus();
    this.update();
  }

  paintStatus() {
    const bar = this.root.querySelector("[data-progress]");
    bar.value = runtime.progress;
    bar.textContent = `${runtime.progress}%`;
    bar.hidden = runtime.progress >= 100 || runtime.error !== null;
    if (runtime.text) this.root.querySelector("[data-status-text]").textContent = runtime.text;
    const status = this.root.querySelector("[data-status]");
    status.classList.toggle("calc-status--ready", runtime.progress >= 100);
    status.classList.toggle("calc-status--failed", runtime.error !== null);
    status.querySelector("[data-action=retry]").hidden = runtime.error === null;
    if (runtime.error !== null) this.root.dataset.failedFile = runtime.file;
    else delete this.root.dataset.failedFile;
  }

  paintWaiting(inputs) {
    // No engine yet: the result region says what happens to what was typed.
    const text =
      runtime.error !== null
        ? "计算引擎未能加载，暂时无法计算：见上方的说明，可点“重试”。"
        : Object.keys(inputs).length || Object.keys(this.params()).length
          ? "计算引擎启动中，结果将自动显示。"
          : "填写上面的输入项后，这里显示结果。";
    this.result.replaceChildren(el("p", { class: "calc-result__placeholder" }, text));
  }

  showNotice(...parts) {
    const notice = this.root.querySelector("[data-notice]");
    notice.replaceChildren(...parts.map((part) => el("p", {}, part)));
    notice.hidden = parts.length === 0;
  }

  // -------------------------------------------------------------- events

  subjectName() {
    return this.subject ? this.subject.value.trim().slice(0, 100) : "";
  }

  subjectChanged() {
    // The name is not an input of the model: the result is repainted with it, and the link changes
    // only when the name is shared.
    this.writeFragment(this.shared());
    if (this.lastResult) this.paint(this.lastResult);
  }

  changed(event) {
    if (event.target.closest("[data-subject-box]")) return; // the name has its own handler
    const field = event.target.closest("[data-input]");
    if (field) this.form.touched.add(field.dataset.input);
    const param = event.target.closest("[data-param]");
    if (param) this.form.touched.add("param:" + param.dataset.param);
    this.schedule();
  }

  // -------------------------------------------------------------- trial values of unset parameters

  params() {
    // The trial values typed for parameters HR has not set: {id: text}, empty ones left out.
    const values = {};
    for (const field of this.root.querySelectorAll("[data-param]")) {
      const text = field.querySelector("input").value.trim();
      if (text) values[field.dataset.param] = text;
    }
    return values;
  }

  fillParams(values) {
    // Trial values from a share link; those the page does not ask for are reported as ignored.
    const ignored = [];
    for (const [id, value] of Object.entries(values && typeof values === "object" ? values : {})) {
      const field = this.root.querySelector(`[data-param="${CSS.escape(id)}"]`);
      if (!field || (typeof value !== "string" && typeof value !== "number")) {
        ignored.push(id);
        continue;
      }
      field.querySelector("input").value = String(value);
      this.form.touched.add("param:" + id);
    }
    return ignored;
  }

  clearParams() {
    for (const input of this.root.querySelectorAll("[data-param] input")) input.value = "";
  }

  shared() {
    // What a share link carries: the inputs, and the trial values under PARAMS when there are any.
    const inputs = this.form.collect();
    const params = this.params();
    return Object.keys(params).length ? { ...inputs, [PARAMS]: params } : inputs;
  }

  schedule() {
    // Events of one task (input and change together) coalesce into one update, which still lands
    // before the next paint: the result shows in the same frame as the typed character.
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.update();
    });
  }

  clicked(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.root.contains(button)) return;
    const actions = {
      "add-row": () => this.form.addRow(button.closest("[data-input]")),
      "remove-row": () => this.form.removeRow(button.closest("[data-row]")),
      share: () => this.share(),
      print: () => window.print(),
      clear: () => this.clear(),
      forget: () => this.forget(),
      retry: () => this.retry(),
      template: () => this.team.downloadTemplate(),
      "download-csv": () => this.team.downloadResult("csv"),
      "download-xlsx": () => this.team.downloadResult("xlsx"),
    };
    const action = actions[button.dataset.action];
    if (!action) return;
    action();
    if (button.dataset.action.endsWith("-row")) this.schedule();
  }

  clearSubject() {
    if (this.subject) this.subject.value = "";
    if (this.subjectShared) this.subjectShared.checked = false;
  }

  clear() {
    this.form.clear();
    this.clearParams();
    this.clearSubject();
    this.showNotice();
    this.update();
  }

  forget() {
    // Everything this page holds about a person: the form, the share link in the address bar (replaced,
    // so no history entry keeps it), the team file's table and results, and the copied-link message.
    this.form.clear();
    this.clearParams();
    this.clearSubject();
    this.team.forget();
    this.showNotice();
    this.cancelFragment();
    this.lastFragment = "";
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    this.update();
    this.root.querySelector("[data-action-status]").textContent =
      "已清除本页的输入和地址栏中的分享链接。本计算器只替换当前地址、不新增浏览历史，历史记录中没有输入。";
  }

  addForgetButton() {
    // The button lives in the page's actions; it is added here so that every calculator page has it.
    const clear = this.root.querySelector("[data-action=clear]");
    if (!clear || this.root.querySelector("[data-action=forget]")) return;
    const button = el("button", { type: "button", class: "md-button calc-forget", "data-action": "forget" }, "忘记此页输入");
    button.title = "清空表单、地址栏中的分享链接和团队文件的结果";
    clear.after(" ", button);
  }

  // -------------------------------------------------------------- share link (URL fragment)

  readFragment(fromHashChange) {
    const raw = window.location.hash.slice(1);
    if (raw === this.lastFragment) return;
    this.cancelFragment(); // the link in the address bar wins over a write still waiting
    this.lastFragment = raw;
    let filled;
    if (!raw && fromHashChange) {
      // The link was emptied (in the address bar, or a link without inputs was opened): it wins, as any link does.
      this.form.clear();
      this.clearParams();
      this.clearSubject();
      this.showNotice();
    }
    try {
      filled = this.applyFragment(raw);
    } catch (error) {
      // Whatever a link holds, the page stays usable: the form is left empty and the notice says why.
      console.error(error);
      this.form.clear();
      this.showNotice("无法读取链接中 # 之后的输入，已忽略。");
      filled = null;
    }
    if (filled !== null) {
      const notices = filled.tooLong.map(
        ({ label, count, max }) => `链接中的“${label}”有 ${count} 项，本计算器最多 ${max} 项，已忽略这一项。`,
      );
      if (filled.ignored.length) notices.push("链接中的以下输入项本计算器没有或无法填入，已忽略：" + listed(filled.ignored));
      this.showNotice(...notices);
    }
    if (fromHashChange || this.rt) this.update();
  }

  applyFragment(raw) {
    // Fill the form from a share link; null when the fragment is not one (a notice says so, or it is an anchor).
    // Bounded: the link's length and nesting are checked before anything is parsed into the form.
    if (!raw) return null;
    if (raw.length > MAX_FRAGMENT) {
      this.showNotice(`链接中 # 之后的内容有 ${raw.length} 个字符，远超本计算器的分享链接（上限 ${MAX_FRAGMENT}），已忽略。`);
      return null;
    }
    if (isCompact(raw)) return this.applyCompact(raw);
    let text = raw;
    try {
      text = decodeURIComponent(raw);
    } catch {
      // not percent-encoded: read it as it is
    }
    if (!text.trimStart().startsWith("{") && document.getElementById(text)) return null;
    let inputs;
    try {
      inputs = nestedDeeper(text, MAX_NESTING) ? undefined : JSON.parse(text);
    } catch {
      inputs = undefined;
    }
    if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) {
      const shown = text.length > 80 ? text.slice(0, 80) + "…" : text;
      this.showNotice("链接中 # 之后的内容不是本计算器的输入，已忽略：", el("code", {}, shown));
      return null;
    }
    const { [PARAMS]: params, ...values } = inputs;
    this.clearParams();
    const filled = this.form.fill(values);
    filled.ignored.push(...this.fillParams(params).map((id) => `试算参数 ${id}`));
    return filled;
  }

  applyCompact(raw) {
    // A link of the compact format (share.js); one it cannot read is refused with a notice saying why.
    let read;
    try {
      read = decode(this.shape, raw);
    } catch (error) {
      if (!(error instanceof ShareError)) throw error;
      this.form.clear();
      this.clearParams();
      this.showNotice(`${error.message}。链接中的输入已忽略。`);
      return null;
    }
    this.clearParams();
    const filled = this.form.fill(read.inputs);
    filled.ignored.push(...this.fillParams(read.params).map((id) => `试算参数 ${id}`));
    if (this.subject) this.subject.value = read.name;
    if (this.subjectShared) this.subjectShared.checked = Boolean(read.name);
    return filled;
  }

  link(inputs) {
    // The compact link's text after "#"; empty when nothing is filled in (the name alone is no link).
    const { [PARAMS]: params = {}, ...values } = inputs;
    if (Object.keys(inputs).length === 0) return "";
    const name = this.subjectShared && this.subjectShared.checked ? this.subjectName() : "";
    return encode(this.shape, values, params, name);
  }

  writeFragment(inputs, now = false) {
    // The inputs live in the fragment, which browsers never send to the server. While someone types,
    // the link is replaced at most every FRAGMENT_MS, always with the latest inputs: each
    // `history.replaceState` costs the browser more than grading and painting a change together.
    this.cancelFragment();
    const text = this.link(inputs);
    const fragment = text === "" ? "" : "#" + text;
    if (window.location.hash === fragment) {
      this.lastFragment = window.location.hash.slice(1);
      return;
    }
    const wait = this.fragmentAt + FRAGMENT_MS - performance.now();
    if (now || wait <= 0) this.replaceFragment(fragment);
    else {
      this.fragmentTimer = setTimeout(() => this.replaceFragment(fragment), wait);
      this.root.dataset.linkPending = ""; // the address bar is behind the form (tests wait for it)
    }
  }

  replaceFragment(fragment) {
    this.cancelFragment();
    if (this.abort.signal.aborted) return;
    const url = window.location.pathname + window.location.search + fragment;
    window.history.replaceState(window.history.state, "", url);
    this.fragmentAt = performance.now();
    this.lastFragment = window.location.hash.slice(1);
  }

  cancelFragment() {
    clearTimeout(this.fragmentTimer);
    this.fragmentTimer = null;
    if ("linkPending" in this.root.dataset) delete this.root.dataset.linkPending;
  }

  async share() {
    const inputs = this.shared();
    this.writeFragment(inputs, true);
    const text = this.link(inputs);
    const link = window.location.origin + window.location.pathname + (text ? "#" + text : "");
    const status = this.root.querySelector("[data-action-status]");
    const named = text.split(";").length > 2 ? "链接中含被评人姓名。" : "";
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = `分享链接已复制。${named}链接里的输入只在 # 之后，不会发送到服务器。`;
    } catch {
      status.textContent = "无法自动复制，请复制地址栏中的链接。";
    }
  }

  // -------------------------------------------------------------- grading and painting

  async grade(inputs) {
    try {
      return await this.rt.browser.grade_json(this.model, JSON.stringify(inputs), true, JSON.stringify(this.params()));
    } catch (error) {
      console.error(error);
      const message = "计算时出现内部错误，请把分享链接发给手册维护人员。";
      return JSON.stringify({ errors: [{ input: "inputs", message }] });
    }
  }

  async update() {
    if (window.location.hash.slice(1) !== (this.lastFragment ?? "")) {
      this.readFragment(true); // a link was opened or pasted since the last update: it wins over the form
      return;
    }
    const inputs = this.form.collect();
    this.writeFragment(this.shared());
    if (!this.rt) {
      this.result.dataset.state = "loading";
      this.paintWaiting(inputs);
      return;
    }
    if (this.grading) {
      // One grading at a time: typing faster than the engine answers grades only the latest inputs.
      this.again = true;
      return;
    }
    this.grading = true;
    try {
      do {
        this.again = false;
        const graded = JSON.stringify(this.shared());
        const started = performance.now();
        const text = await this.grade(this.form.collect());
        if (this.abort.signal.aborted) return;
        if (this.again) continue; // the inputs changed on the way: their answer is the one to paint
        const result = JSON.parse(text);
        Object.assign(this.result.dataset, { result: text, graded, state: result.errors ? "invalid" : "ok" });
        this.form.showErrors(result.errors || []);
        this.paint(result);
        this.result.dataset.ms = (performance.now() - started).toFixed(1);
      } while (this.again);
    } finally {
      this.grading = false;
    }
  }

  paint(result) {
    // Only what differs from the result on screen is changed (`morph`): a change of one input
    // repaints a few numbers, not the whole region.
    this.lastResult = result;
    const subject = this.subjectName();
    this.result.dataset.tone = result.errors ? "" : result.tone || "";
    morph(this.result, result.errors ? problems(result.errors) : headline(result, this.info, subject));
    morph(this.root.querySelector("[data-details]"), result.errors ? [] : details(result, this.info));
    morph(this.root.querySelector("[data-print-meta]"), result.errors ? [] : printHeader(result, this.info, subject));
    this.chart.result = result;
    if (result.errors) this.drawChart();
    else if (!this.chart.frame && this.chart.drawn !== result) {
      this.chart.frame = requestAnimationFrame(() => {
        this.chart.frame = 0;
        this.drawChart(true);
      });
    }
  }

  drawChart(waiting = false) {
    // The chart, drawn anew (it redraws itself when its width changes, from the result it was drawn
    // for) in the frame that shows the result. While someone types faster than the engine answers,
    // it is redrawn at most every CHART_MS, so that the result itself keeps up.
    cancelAnimationFrame(this.chart.frame);
    this.chart.frame = 0;
    const result = this.chart.result;
    if (!result || this.chart.drawn === result || this.abort.signal.aborted) return;
    if (waiting && this.grading && performance.now() - this.chart.at < CHART_MS) return; // the next answer draws it
    this.chart.drawn = result;
    this.chart.at = performance.now();
    const figure = result.errors ? null : chart(result, this.info);
    const box = this.root.querySelector("[data-chart]");
    box.hidden = !figure;
    box.replaceChildren(...(figure || []));
  }
}

// ------------------------------------------------------------------ limits of a share link

const FRAGMENT_MS = 200; // the least time between two writes of the link while someone types
const CHART_MS = 150; // the longest the chart lags behind the result while someone types

const PARAMS = "_params"; // key of a share link's trial parameter values (never an input key: ids start with a letter or digit)
const MAX_FRAGMENT = 20000; // characters after #: a real link of the largest model is a few hundred
const MAX_NESTING = 8; // brackets: inputs are an object of values, lists and records (3)

function nestedDeeper(text, limit) {
  // Whether JSON text nests deeper than `limit` (brackets inside strings do not count); one pass.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth > limit) return true;
    } else if (c === "]" || c === "}") depth--;
  }
  return false;
}

function listed(keys) {
  // Keys for a notice: the first few, and how many more.
  const shown = keys.slice(0, 10).map((key) => (key.length > 40 ? key.slice(0, 40) + "…" : key));
  return shown.join("、") + (keys.length > shown.length ? ` 等 ${keys.length} 项` : "");
}

// ------------------------------------------------------------------ first load and instant navigation

let page = null;

function init() {
  const root = document.querySelector("[data-calculator]");
  if (page && page.root !== root) {
    page.stop();
    page = null;
  }
  if (!root || root.dataset.wired) return;
  root.dataset.wired = "true";
  page = new CalculatorPage(root);
  page.start();
}

init();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
