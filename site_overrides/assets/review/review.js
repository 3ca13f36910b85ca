// 自评与评审: an employee marks each requirement of the level they apply for, with a line of
// evidence, and saves a dossier file; an assessor opens that file on the same page, rates each
// requirement and saves the combined record. The requirements come from the page's data
// (generator/rounds/review.py). Everything typed stays in this browser (localStorage under
// STORE); no request is made. Text from the standards and from files is shown with textContent.
// Requirements a model's inputs check are asked as those inputs and graded by the calculator's
// engine (checks.js); a reviewer's packet prints one A4 summary per candidate from their files.

import { EngineChecks, cleanValues, el, rating, verdictNode, verdictText } from "./checks.js";

const FORMAT_VERSION = 1;
const KIND = "任职资格自评文件";
const STORE = "competency-review:";
const RATINGS = ["达到", "部分达到", "未达到"];
const MAX_FILE = 2 * 1024 * 1024;
const MAX_TEXT = 2000;

function load(key) {
  try {
    const text = window.localStorage.getItem(STORE + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function save(key, value) {
  try {
    window.localStorage.setItem(STORE + key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function clearAll() {
  const keys = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    if (key && key.startsWith(STORE)) keys.push(key);
  }
  keys.forEach((key) => window.localStorage.removeItem(key));
  return keys.length;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function safeName(text) {
  return String(text).replace(/[\\/:*?"<>|\s]+/g, "").slice(0, 80) || "自评";
}

function clip(value) {
  return typeof value === "string" ? value.slice(0, MAX_TEXT) : "";
}

// ------------------------------------------------------------------ reading a dossier file

function readDossier(text, data) {
  // A dossier file, checked: {dossier} or {error} with a message for the person.
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    return { error: "无法读取这个文件：它不是本手册导出的自评文件，或文件已损坏。" };
  }
  if (!file || typeof file !== "object" || file.kind !== KIND) {
    return { error: "无法读取这个文件：它不是本手册导出的自评文件，或文件已损坏。" };
  }
  const format = file.format_version;
  if (!Number.isInteger(format) || format < 1) return { error: "无法读取这个文件：文件格式已损坏（没有格式版本）。" };
  if (format > FORMAT_VERSION) {
    return {
      error: `这个自评文件由更新版本的手册导出（文件格式第 ${format} 版），本页面只能读取第 ${FORMAT_VERSION} 版。请用最新的手册页面打开。`,
    };
  }
  const standard = file.standard || {};
  const series = file.series || {};
  if (standard.id !== data.standard.id || series.id !== data.series.id) {
    const named = typeof standard.title === "string" ? `《${standard.title.slice(0, 100)}》` : "另一份标准";
    const which = typeof series.name === "string" ? `的“${series.name.slice(0, 100)}”` : "";
    return {
      error: `这个自评文件属于${named}${which}，不是本页的《${data.standard.title}》“${data.series.name}”。请在对应序列的“自评与评审”页打开。`,
    };
  }
  const level = data.levels.find((lv) => file.level && lv.id === file.level.id && lv.requirements.length);
  if (!level) return { error: "无法读取这个文件：它申请的职级不在本序列中，或文件已损坏。" };
  if (!Array.isArray(file.requirements)) return { error: "无法读取这个文件：缺少自评内容，文件可能已损坏。" };
  const requirements = [];
  for (const item of file.requirements) {
    if (!item || typeof item.key !== "string" || typeof item.text !== "string") {
      return { error: "无法读取这个文件：自评内容不完整，文件可能已损坏。" };
    }
    const entry = {
      key: item.key.slice(0, 20),
      text: clip(item.text),
      self: RATINGS.includes(item.self) ? item.self : "",
      evidence: clip(item.evidence),
    };
    if (typeof item.engine === "string") entry.engine = clip(item.engine); // as filed; the page judges again
    requirements.push(entry);
  }
  const checked = file.checks && typeof file.checks === "object" ? file.checks : {};
  const version = standard.version && typeof standard.version === "object" ? standard.version : {};
  const assessment = file.assessment && typeof file.assessment === "object" ? file.assessment : null;
  const ratings = {};
  if (assessment && Array.isArray(assessment.requirements)) {
    for (const item of assessment.requirements) {
      if (item && typeof item.key === "string") {
        ratings[item.key] = { rating: RATINGS.includes(item.rating) ? item.rating : "", comment: clip(item.comment) };
      }
    }
  }
  return {
    dossier: {
      level: level.id,
      person: clip(file.person),
      current: file.current_level && typeof file.current_level.name === "string" ? clip(file.current_level.name) : "",
      currentId: file.current_level && typeof file.current_level.id === "string" ? file.current_level.id : "",
      version: { commit: clip(version.commit), date: clip(version.date), text: clip(version.text) },
      saved: clip(file.saved),
      requirements,
      checks: cleanValues(checked.inputs, level.checks),
      assessor: assessment ? clip(assessment.assessor) : "",
      assessed: assessment ? clip(assessment.saved) : "",
      ratings,
    },
  };
}

// ------------------------------------------------------------------ the page

class ReviewPage {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("[data-review-data]").textContent);
    this.levelSelect = root.querySelector("[data-level]");
    this.currentSelect = root.querySelector("[data-current]");
    this.person = root.querySelector("[data-person]");
    this.items = root.querySelector("[data-items]");
    this.notice = root.querySelector("[data-notice]");
    this.status = root.querySelector("[data-status]");
    this.mode = root.querySelector("[data-mode]");
    this.dossier = null; // the file an assessor opened
    this.checks = this.data.engine ? new EngineChecks(this.data.engine) : null;
    this.checkForm = null; // the section with the shown level's check inputs
    this.verdicts = {}; // the engine's verdict per requirement key, for the level shown
    if (this.checks) this.checks.onReady = () => this.grade();
  }

  key(level) {
    return `self:${this.data.standard.id}:${this.data.series.id}:${level}`;
  }

  level() {
    return this.data.levels.find((lv) => lv.id === this.levelSelect.value);
  }

  start() {
    const last = load(`last:${this.data.standard.id}:${this.data.series.id}`) || {};
    const wanted = window.location.hash.startsWith("#level-") ? window.location.hash.slice(7) : "";
    if (last.current && this.hasOption(this.currentSelect, last.current)) this.currentSelect.value = last.current;
    if (wanted && this.hasOption(this.levelSelect, wanted)) this.levelSelect.value = wanted;
    else if (last.level && this.hasOption(this.levelSelect, last.level)) this.levelSelect.value = last.level;
    else this.levelSelect.value = this.nextLevel() || this.levelSelect.value;
    this.currentSelect.addEventListener("change", () => {
      const next = this.nextLevel();
      if (next) this.levelSelect.value = next;
      this.remember();
      this.draw();
    });
    this.levelSelect.addEventListener("change", () => {
      this.remember();
      this.draw();
    });
    this.person.addEventListener("input", () => (this.dossier ? this.storeAssessment() : this.storeSelf()));
    this.root.addEventListener("click", (event) => {
      const action = event.target.closest("[data-action]");
      if (action) this.act(action.dataset.action);
    });
    this.root.querySelector("[data-open]").addEventListener("change", (event) => this.open(event.target));
    this.root.querySelector("[data-packet]").addEventListener("change", (event) => this.packet(event.target));
    window.addEventListener("afterprint", () => this.drawPrint());
    this.draw();
  }

  hasOption(select, value) {
    return [...select.options].some((option) => option.value === value);
  }

  nextLevel() {
    // The level above the current one that states requirements (the first such level when none is chosen).
    const levels = this.data.levels;
    const from = levels.findIndex((lv) => lv.id === this.currentSelect.value);
    const above = levels.slice(from + 1).find((lv) => lv.requirements.length);
    return above ? above.id : "";
  }

  remember() {
    save(`last:${this.data.standard.id}:${this.data.series.id}`, {
      current: this.currentSelect.value,
      level: this.levelSelect.value,
    });
  }

  self() {
    const level = this.level();
    const stored = load(this.key(this.levelSelect.value)) || { person: "", marks: {} };
    const checks = level && level.checks ? level.checks : null;
    // Only what the person typed: the calculator's defaults (0 months, 否) are not their answers.
    stored.checks = checks ? cleanValues(stored.checks, checks) : {};
    return stored;
  }

  storeSelf() {
    if (this.dossier) return;
    const marks = {};
    for (const item of this.items.querySelectorAll("[data-key]")) {
      const chosen = item.querySelector("input[data-self]:checked");
      marks[item.dataset.key] = {
        self: chosen ? chosen.value : "",
        evidence: clip(item.querySelector("textarea[data-evidence]").value),
      };
    }
    const checks = this.checks ? this.checks.values(this.checkForm) : {};
    const stored = save(this.key(this.levelSelect.value), { person: clip(this.person.value), marks, checks });
    this.say(stored ? "已保存在本浏览器" : "浏览器不允许保存：关闭页面后填写的内容会丢失，请及时导出自评文件。");
    this.progress();
    this.drawPrint();
  }

  checkInput() {
    // A check input changed: keep it with the self-assessment, then let the engine judge.
    this.storeSelf();
    this.grade();
  }

  engineChecks(level) {
    // Whether this level's checkable requirements are graded by the engine on this page.
    return Boolean(this.checks && level && level.checks);
  }

  async grade() {
    const level = this.level();
    if (!this.engineChecks(level)) return;
    const values = this.dossier ? this.dossier.checks : this.checks.values(this.checkForm);
    const answer = await this.checks.verdicts(level.checks.model, level.id, values);
    if (answer === undefined || level !== this.level()) return; // a later change asked again
    if (answer === null) return this.paintVerdicts(level, null); // the engine is starting or failed
    if (!Array.isArray(answer.requirements)) {
      this.checks.showErrors(this.checkForm, answer.errors);
      return;
    }
    this.checks.showErrors(this.checkForm, answer.errors);
    this.verdicts = {};
    for (const verdict of answer.requirements) {
      const requirement = level.requirements[verdict.index];
      if (requirement) this.verdicts[requirement.key] = verdict;
    }
    this.paintVerdicts(level, this.verdicts);
  }

  paintVerdicts(level, verdicts) {
    const failed = this.checks.module && this.checks.module.runtime.error;
    const waiting = failed ? "计算引擎未能启动，暂无判定（见上方说明）。" : "计算引擎启动中，结果将自动显示。";
    for (const item of this.items.querySelectorAll("[data-key]")) {
      const old = item.querySelector("[data-engine-verdict]");
      if (!old) continue;
      const verdict = verdicts ? verdicts[item.dataset.key] : null;
      old.replaceWith(verdictNode(verdict, waiting));
      const self = item.querySelector("[data-self-value]");
      if (self) {
        self.textContent = rating(verdict) || "待判定";
        this.markDisagreement(item);
      }
    }
    this.progress();
    this.drawPrint();
  }

  assessorKey() {
    const d = this.dossier;
    return `assess:${this.data.standard.id}:${this.data.series.id}:${d.level}:${d.person}:${d.saved}`;
  }

  storeAssessment() {
    const ratings = {};
    for (const item of this.items.querySelectorAll("[data-key]")) {
      const chosen = item.querySelector("input[data-rating]:checked");
      ratings[item.dataset.key] = {
        rating: chosen ? chosen.value : "",
        comment: clip(item.querySelector("textarea[data-comment]").value),
      };
      this.markDisagreement(item);
    }
    this.dossier.ratings = ratings;
    save(this.assessorKey(), { ratings, assessor: clip(this.person.value) });
    this.say("评审意见已保存在本浏览器");
    this.progress();
    this.drawPrint();
  }

  say(text) {
    this.status.textContent = text;
  }

  warn(text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  // -------------------------------------------------------------- drawing

  draw() {
    const level = this.level();
    this.items.replaceChildren();
    if (!level) return;
    const assessing = Boolean(this.dossier);
    this.root.classList.toggle("review--assessing", assessing);
    this.levelSelect.disabled = assessing;
    this.currentSelect.disabled = assessing;
    this.root.querySelector('[data-action="export"]').hidden = assessing;
    this.root.querySelector('[data-action="export-combined"]').hidden = !assessing;
    this.root.querySelector('[data-action="close-dossier"]').hidden = !assessing;
    const stored = assessing ? null : this.self();
    if (!assessing) this.person.value = stored.person || "";
    this.person.previousElementSibling.textContent = assessing ? "评审人（可不填）" : "姓名（可不填）";
    this.drawMode(level);
    this.verdicts = {};
    this.checkForm = null;
    const checksHere = this.root.querySelector("[data-checks]");
    checksHere.replaceChildren();
    if (this.engineChecks(level)) {
      const values = assessing ? this.dossier.checks : stored.checks;
      this.checkForm = this.checks.section(level.checks, values, { readOnly: assessing, onInput: () => this.checkInput() });
      checksHere.append(this.checkForm);
    }
    const filed = assessing ? Object.fromEntries(this.dossier.requirements.map((r) => [r.key, r])) : {};
    level.requirements.forEach((requirement, index) => {
      const item = el("li", { class: "review-item", "data-key": requirement.key });
      const head = el("p", { class: "review-req" }, el("span", { class: "review-kind", text: requirement.label }));
      head.append(requirement.text);
      item.append(head);
      if (requirement.method) item.append(el("p", { class: "review-method", text: `认证方法：${requirement.method}` }));
      const judged = requirement.checked && this.engineChecks(level);
      if (requirement.checker && !judged) {
        const link = el("a", { href: requirement.checker.href, text: requirement.checker.title });
        item.append(el("p", { class: "review-checker" }, "本条可用计算器核对：", link, "（结果以计算器为准，请把核对结果写进举证）"));
      }
      if (assessing) this.drawAssessed(item, requirement, filed[requirement.key], index, judged);
      else this.drawSelf(item, stored.marks[requirement.key] || {}, index, judged);
      this.items.append(item);
    });
    if (assessing) {
      const known = new Set(level.requirements.map((r) => r.key));
      for (const gone of this.dossier.requirements.filter((r) => !known.has(r.key))) {
        const item = el("li", { class: "review-item review-item--gone" });
        item.append(el("p", { class: "review-changed", text: "现行标准已不再列出这一条（自评文件中的原文）：" }));
        item.append(el("p", { class: "review-req", text: gone.text }));
        item.append(el("p", { class: "review-self", text: `自评：${gone.self || "未填"}；举证：${gone.evidence || "未填"}` }));
        this.items.append(item);
      }
    }
    this.progress();
    this.drawPrint();
    if (this.engineChecks(level)) this.grade();
  }

  drawMode(level) {
    if (!this.dossier) {
      this.mode.textContent = "";
      this.mode.hidden = true;
      return;
    }
    const d = this.dossier;
    const who = d.person ? `${d.person}的` : "";
    const parts = [`正在评审${who}自评：申请${level.name}`];
    if (d.current) parts.push(`现职级${d.current}`);
    if (d.saved) parts.push(`自评保存于 ${d.saved.slice(0, 10)}`);
    this.mode.textContent = parts.join("，") + "。";
    if (d.version.commit !== this.data.standard.version.commit) {
      const older = d.version.text || "另一版本";
      this.mode.append(
        el("strong", {
          class: "review-version-mismatch",
          text: ` 这份自评按标准的另一版本（${older}）填写，本页为现行版本（${this.data.standard.version.text}）：原文有变化的要求已标出。`,
        }),
      );
    }
    this.mode.hidden = false;
  }

  radios(name, chosen, attribute) {
    const group = el("span", { class: "review-ratings", role: "radiogroup" });
    for (const value of RATINGS) {
      const input = el("input", { type: "radio", name, value, [attribute]: "" });
      if (value === chosen) input.checked = true;
      group.append(el("label", { class: "review-rating" }, input, value));
    }
    return group;
  }

  drawSelf(item, mark, index, judged) {
    if (judged) {
      // Asked as the inputs above: the engine's verdict is this requirement's rating.
      item.append(verdictNode(null, "计算引擎启动中，结果将自动显示。"));
    } else {
      const ratings = this.radios(`self-${index}`, mark.self, "data-self");
      item.append(el("div", { class: "review-row" }, el("span", { class: "review-label", text: "自评" }), ratings));
      ratings.addEventListener("change", () => this.storeSelf());
    }
    const evidence = el("textarea", {
      "data-evidence": "",
      rows: "2",
      maxlength: String(MAX_TEXT),
      placeholder: judged ? "证明材料：如毕业证书、人事档案、考核记录，在哪里可以核实" : "举证：做了什么、何时、在哪里可以核实",
      "aria-label": judged ? "证明材料" : "举证",
    });
    evidence.value = mark.evidence || "";
    item.append(evidence);
    evidence.addEventListener("input", () => this.storeSelf());
  }

  drawAssessed(item, requirement, filed, index, judged) {
    if (!filed) {
      item.append(el("p", { class: "review-changed", text: "自评文件中没有这一条（标准此后新增）：请向申请人了解后评审。" }));
    } else if (filed.text !== requirement.text) {
      item.append(el("p", { class: "review-changed", text: "自评之后，这一条的原文有变化。自评时的原文：" }));
      item.append(el("p", { class: "review-was", text: filed.text }));
    }
    const self = judged ? "待判定" : filed ? filed.self || "未填" : "—";
    const evidence = filed ? filed.evidence || "未填" : "—";
    const side = el("div", { class: "review-self" }, el("span", { class: "review-label", text: judged ? "计算引擎" : "自评" }), el("strong", { text: self, "data-self-value": "" }));
    if (judged) side.append(verdictNode(null, "计算引擎启动中，结果将自动显示。"));
    side.append(el("p", { class: "review-evidence", text: `${judged ? "证明材料" : "举证"}：${evidence}` }));
    item.append(el("div", { class: "review-side" }, side, this.assessorPart(item, index)));
    this.markDisagreement(item);
  }

  assessorPart(item, index) {
    const given = this.dossier.ratings[item.dataset.key] || {};
    const part = el("div", { class: "review-assessor" }, el("span", { class: "review-label", text: "评审" }));
    const ratings = this.radios(`rating-${index}`, given.rating, "data-rating");
    const comment = el("textarea", {
      "data-comment": "",
      rows: "2",
      maxlength: String(MAX_TEXT),
      placeholder: "评语：核实了什么、结论依据",
      "aria-label": "评语",
    });
    comment.value = given.comment || "";
    ratings.addEventListener("change", () => this.storeAssessment());
    comment.addEventListener("input", () => this.storeAssessment());
    part.append(ratings, comment, el("p", { class: "review-disagree", "data-disagree": "", hidden: "" }));
    return part;
  }

  markDisagreement(item) {
    const flag = item.querySelector("[data-disagree]");
    if (!flag) return;
    const self = item.querySelector("[data-self-value]")?.textContent || "";
    const chosen = item.querySelector("input[data-rating]:checked");
    const differs = Boolean(chosen && RATINGS.includes(self) && chosen.value !== self);
    flag.hidden = !differs;
    const whose = item.querySelector("[data-engine-verdict]") ? "计算引擎判定" : "自评";
    flag.textContent = differs ? `与${whose}不一致：${whose}“${self}”，评审“${chosen.value}”` : "";
    item.classList.toggle("review-item--disagree", differs);
  }

  counts() {
    const level = this.level();
    const found = { total: level ? level.requirements.length : 0, 达到: 0, 部分达到: 0, 未达到: 0, disagree: 0 };
    for (const item of this.items.querySelectorAll("[data-key]")) {
      const chosen = item.querySelector(this.dossier ? "input[data-rating]:checked" : "input[data-self]:checked");
      const judged = !this.dossier && rating(this.verdicts[item.dataset.key]);
      if (chosen) found[chosen.value] += 1;
      else if (judged) found[judged] += 1;
      if (item.classList.contains("review-item--disagree")) found.disagree += 1;
    }
    return found;
  }

  progress() {
    const c = this.counts();
    const done = c.达到 + c.部分达到 + c.未达到;
    const bar = this.root.querySelector("[data-progress-bar]");
    bar.max = c.total || 1;
    bar.value = c.达到;
    const who = this.dossier ? "已评审" : "已自评";
    let text = `${who} ${done} / ${c.total} 条：达到 ${c.达到} 条，部分达到 ${c.部分达到} 条，未达到 ${c.未达到} 条`;
    if (done < c.total) text += `，尚有 ${c.total - done} 条未填`;
    if (this.dossier && c.disagree) text += `；与自评不一致 ${c.disagree} 条`;
    this.root.querySelector("[data-progress-text]").textContent = text + "。";
  }

  // -------------------------------------------------------------- files

  record() {
    // The dossier (and, when assessing, the assessment) as the file's object.
    const level = this.level();
    const d = this.dossier;
    const current = this.data.levels.find((lv) => lv.id === this.currentSelect.value);
    const self = d ? null : this.self();
    const requirements = d
      ? d.requirements
      : level.requirements.map((r) => {
          const verdict = this.verdicts[r.key];
          const entry = {
            key: r.key,
            text: r.text,
            self: verdict ? rating(verdict) : (self.marks[r.key] || {}).self || "",
            evidence: (self.marks[r.key] || {}).evidence || "",
          };
          if (verdict) entry.engine = verdictText(verdict); // for a person reading the file; the assessor's page judges again
          return entry;
        });
    const file = {
      kind: KIND,
      format_version: FORMAT_VERSION,
      standard: d ? { ...this.data.standard, version: d.version } : this.data.standard,
      series: this.data.series,
      level: { id: level.id, name: level.name },
      current_level: d ? (d.current ? { name: d.current } : null) : current ? { id: current.id, name: current.name } : null,
      person: d ? d.person : clip(this.person.value),
      saved: d ? d.saved : new Date().toISOString(),
      requirements,
    };
    if (this.engineChecks(level)) {
      file.checks = { model: level.checks.model, inputs: d ? d.checks : this.checks.values(this.checkForm) };
    }
    if (d) {
      file.assessment = {
        assessor: clip(this.person.value),
        saved: new Date().toISOString(),
        standard_version: this.data.standard.version,
        requirements: level.requirements.map((r) => {
          const entry = { key: r.key, text: r.text, rating: (d.ratings[r.key] || {}).rating || "", comment: (d.ratings[r.key] || {}).comment || "" };
          if (this.verdicts[r.key]) entry.engine = verdictText(this.verdicts[r.key]); // the verdict under this page's standard
          return entry;
        }),
      };
    }
    return file;
  }

  act(action) {
    if (action === "export") {
      const level = this.level();
      download(`自评-${safeName(this.data.series.name)}-${safeName(level.name)}.json`, JSON.stringify(this.record(), null, 2));
      this.say("自评文件已导出：请保存并发给评审人。");
    } else if (action === "export-combined") {
      const level = this.level();
      const who = this.dossier.person ? `-${safeName(this.dossier.person)}` : "";
      download(`评审记录-${safeName(this.data.series.name)}-${safeName(level.name)}${who}.json`, JSON.stringify(this.record(), null, 2));
      this.say("评审记录已导出。");
    } else if (action === "print") {
      this.drawPrint();
      window.print();
    } else if (action === "close-dossier") {
      this.dossier = null;
      this.person.value = "";
      const last = load(`last:${this.data.standard.id}:${this.data.series.id}`) || {};
      this.currentSelect.value = last.current && this.hasOption(this.currentSelect, last.current) ? last.current : "";
      this.levelSelect.value = last.level && this.hasOption(this.levelSelect, last.level) ? last.level : this.levelSelect.value;
      this.warn("");
      this.draw();
    } else if (action === "clear") {
      if (!window.confirm("清除本浏览器中保存的全部自评和评审内容？此操作不能撤销。")) return;
      const removed = clearAll();
      this.dossier = null;
      this.person.value = "";
      this.currentSelect.value = "";
      this.levelSelect.value = this.nextLevel() || this.levelSelect.value;
      this.draw();
      this.say(removed ? "本浏览器中保存的自评和评审内容已全部清除。" : "本浏览器中没有保存的内容。");
    }
  }

  open(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_FILE) {
      this.warn("这个文件太大（超过 2 MB），不是本手册导出的自评文件。");
      return;
    }
    file.text().then(
      (text) => {
        const found = readDossier(text, this.data);
        if (found.error) {
          this.warn(found.error);
          return;
        }
        this.warn("");
        this.dossier = found.dossier;
        const kept = load(this.assessorKey());
        if (kept) {
          this.dossier.ratings = { ...this.dossier.ratings, ...kept.ratings };
          this.person.value = kept.assessor || "";
        } else this.person.value = found.dossier.assessor;
        this.levelSelect.value = found.dossier.level;
        this.currentSelect.value = this.hasOption(this.currentSelect, found.dossier.currentId) ? found.dossier.currentId : "";
        this.draw();
        this.say("已打开自评文件：请逐条填写评审意见。");
      },
      () => this.warn("无法读取这个文件，请重新选择。"),
    );
  }

  // -------------------------------------------------------------- print

  drawPrint() {
    const target = this.root.querySelector("[data-print]");
    const level = this.level();
    if (!level) return;
    const d = this.dossier;
    const record = this.record();
    const summary = this.root.querySelector("[data-progress-text]").textContent;
    target.classList.remove("review-print--packet");
    target.replaceChildren(...this.printed(level, record, d, this.verdicts, summary));
  }

  printed(level, record, d, verdicts, summary) {
    // One person's printout: the self-assessment, or with `d` the combined record.
    const heading = el("h2", { text: `${d ? "评审记录" : "自评"}：${this.data.series.name} · 申请${level.name}` });
    const facts = this.facts(record, d);
    const table = el("table", { class: "review-print-table" });
    const head = ["序号", "要求", "自评", "举证"].concat(d ? ["评审", "评语"] : []);
    table.append(el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { text: h })))));
    const body = el("tbody");
    const filed = Object.fromEntries(record.requirements.map((r) => [r.key, r]));
    level.requirements.forEach((r, index) => {
      const self = filed[r.key] || {};
      const changed = d && (!filed[r.key] || filed[r.key].text !== r.text) ? "（自评之后原文有变化）" : "";
      const judged = verdicts[r.key] ? `计算引擎判定：${verdictText(verdicts[r.key])}` : "";
      const cells = [String(index + 1), r.text + changed, judged || self.self || "未填", self.evidence || ""];
      if (d) {
        const given = d.ratings[r.key] || {};
        cells.push(given.rating || "未填", given.comment || "");
      }
      body.append(el("tr", {}, ...cells.map((c) => el("td", { text: c }))));
    });
    table.append(body);
    const signature = el("p", { class: "review-print-sign", text: d ? "评审人签字：＿＿＿＿＿＿　日期：＿＿＿＿＿＿" : "申请人签字：＿＿＿＿＿＿　日期：＿＿＿＿＿＿" });
    return [heading, ...facts.map((f) => el("p", { text: f })), el("p", { text: summary }), table, signature];
  }

  facts(record, d) {
    const facts = [`标准：《${this.data.standard.title}》，${this.data.standard.version.text}`];
    if (d && d.version.commit !== this.data.standard.version.commit) {
      facts.push(`自评按标准的另一版本填写（${d.version.text || "版本不明"}）：原文有变化的要求已在表中注明。`);
    }
    if (record.person) facts.push(`申请人：${record.person}`);
    if (record.current_level) facts.push(`现职级：${record.current_level.name}`);
    if (d && record.assessment.assessor) facts.push(`评审人：${record.assessment.assessor}`);
    return facts;
  }

  // -------------------------------------------------------------- the reviewer's packet

  async packet(input) {
    // 评审会材料: one A4 summary per candidate from their dossier or combined-record files, printed together.
    const files = [...(input.files || [])].slice(0, 200);
    input.value = "";
    if (!files.length) return;
    const pages = [];
    const refused = [];
    for (const file of files) {
      if (file.size > MAX_FILE) {
        refused.push(`${file.name}：文件太大（超过 2 MB），不是本手册导出的文件。`);
        continue;
      }
      let text;
      try {
        text = await file.text();
      } catch {
        refused.push(`${file.name}：无法读取，请重新选择。`);
        continue;
      }
      const found = readDossier(text, this.data);
      if (found.error) refused.push(`${file.name}：${found.error}`);
      else pages.push(await this.packetPage(found.dossier));
    }
    this.warn(refused.length ? `以下文件未列入评审会材料：${refused.join(" ")}` : "");
    if (!pages.length) return;
    const target = this.root.querySelector("[data-print]");
    target.classList.add("review-print--packet");
    target.replaceChildren(...pages);
    this.say(`评审会材料已生成：${pages.length} 位申请人，每人一页起。`);
    window.print();
  }

  async packetPage(d) {
    const level = this.data.levels.find((lv) => lv.id === d.level);
    const verdicts = {};
    let engineNote = "";
    if (this.engineChecks(level)) {
      const answer = await this.checks.verdicts(level.checks.model, level.id, d.checks, { latest: false });
      if (answer && Array.isArray(answer.requirements)) {
        for (const verdict of answer.requirements) verdicts[level.requirements[verdict.index].key] = verdict;
      } else engineNote = "计算引擎未能启动，本页没有可由引擎判定的条件的结论：请在计算器中核对后再评审。";
    }
    const filed = Object.fromEntries(d.requirements.map((r) => [r.key, r]));
    const page = el("article", { class: "review-packet-page", "data-packet-page": "" });
    const who = d.person || "（未填姓名）";
    page.append(el("h2", { text: `评审会材料：${who} · ${this.data.series.name} · 申请${level.name}` }));
    const record = { person: d.person, current_level: d.current ? { name: d.current } : null, assessment: { assessor: d.assessor } };
    for (const fact of this.facts(record, d)) page.append(el("p", { text: fact }));
    const dates = [d.saved ? `自评保存于 ${d.saved.slice(0, 10)}` : "", d.assessed ? `评审保存于 ${d.assessed.slice(0, 10)}` : ""].filter(Boolean);
    if (dates.length) page.append(el("p", { text: dates.join("，") + "。" }));
    // The tally of the assessor's ratings, and what is still open.
    const tally = { 达到: 0, 部分达到: 0, 未达到: 0 };
    const pending = [];
    level.requirements.forEach((r, index) => {
      const given = (d.ratings[r.key] || {}).rating;
      if (given) tally[given] += 1;
      if (given !== "达到") pending.push(`${index + 1}. ${r.text}（${given ? `评审：${given}` : "尚未评审"}）`);
    });
    const total = level.requirements.length;
    const rated = tally.达到 + tally.部分达到 + tally.未达到;
    page.append(el("h3", { text: "结论" }));
    page.append(el("p", { text: `评审已评 ${rated} / ${total} 条：达到 ${tally.达到} 条，部分达到 ${tally.部分达到} 条，未达到 ${tally.未达到} 条。` }));
    const judged = Object.values(verdicts);
    if (judged.length) {
      const met = judged.filter((v) => v.state === "met").length;
      page.append(el("p", { text: `计算引擎按现行标准判定 ${judged.length} 条可量化条件：达到 ${met} 条，其余 ${judged.length - met} 条未达到或无法判定（见下表）。` }));
    }
    if (engineNote) page.append(el("p", { text: engineNote }));
    page.append(el("h3", { text: "待认定的要求" }));
    if (pending.length) {
      const list = el("ul", { class: "review-packet-pending" });
      for (const line of pending) list.append(el("li", { text: line }));
      page.append(list);
    } else page.append(el("p", { text: "无：各条均已评为达到。" }));
    page.append(el("h3", { text: "逐条记录" }));
    const table = el("table", { class: "review-print-table" });
    table.append(el("thead", {}, el("tr", {}, ...["序号", "要求", "自评 / 计算引擎", "举证", "评审", "评语"].map((h) => el("th", { text: h })))));
    const body = el("tbody");
    level.requirements.forEach((r, index) => {
      const self = filed[r.key] || {};
      const given = d.ratings[r.key] || {};
      const changed = !filed[r.key] || filed[r.key].text !== r.text ? "（自评之后原文有变化）" : "";
      const first = verdicts[r.key] ? `计算引擎：${verdictText(verdicts[r.key])}` : self.self || "未填";
      const cells = [String(index + 1), r.text + changed, first, self.evidence || "", given.rating || "未评", given.comment || ""];
      body.append(el("tr", {}, ...cells.map((c) => el("td", { text: c }))));
    });
    table.append(body);
    page.append(table);
    page.append(el("p", { class: "review-print-sign", text: "评审组意见：＿＿＿＿＿＿＿＿＿＿＿＿　评审人签字：＿＿＿＿＿＿　日期：＿＿＿＿＿＿" }));
    return page;
  }
}

// ------------------------------------------------------------------ first load and instant navigation

function init() {
  const root = document.querySelector("[data-review]");
  if (!root || root.dataset.wired) return;
  root.dataset.wired = "true";
  try {
    new ReviewPage(root).start();
  } catch (error) {
    console.error(error);
    const notice = root.querySelector("[data-notice]");
    notice.textContent = "本页未能启动，请刷新页面后重试。";
    notice.hidden = false;
  }
}

init();
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
