// The result as people read it: headline, what it takes, breakdown, notes, print header.
// Everything shown is a field of the engine's result or of `describe` (the model as the engine sees it).

import { el, fmt, table } from "./dom.js";

export function levelName(info, id) {
  const level = info.levels.find((lv) => lv.id === id);
  return level ? level.name : id;
}

export function problems(errors) {
  return [
    el("p", { class: "calc-outcome calc-outcome--none" }, "还不能计算"),
    el("ul", { class: "calc-problems" }, ...errors.map((e) => el("li", {}, e.message))),
  ];
}

function unsetLine(result) {
  // The rules need numbers HR has not set: no verdict, and which numbers are missing.
  const missing = result.unset_parameters;
  const item = (p) => el("li", {}, p.name, el("span", { class: "calc-source" }, "原文：", p.source));
  return [
    el("p", { class: "calc-outcome calc-outcome--none" }, "不给出结论"),
    el(
      "div",
      { class: "calc-unset" },
      el("p", {}, `规则所需的 ${missing.length} 个参数尚未由人力资源部设定（原文为“[X]”）。`),
      el("p", {}, "可在上面的“试算参数”中填写试算值，结果将标明为试算，不是正式结论。"),
      el("details", {}, el("summary", {}, `缺少的参数（${missing.length} 个）`), el("ul", {}, ...missing.map(item))),
    ),
  ];
}

function tiedLine(result) {
  // Titles whose quantified conditions are the same: the source does not separate them.
  return [
    el("p", { class: "calc-outcome" }, "最高可申报：", result.tied.map((t) => t.name).join(" / ")),
    el("p", { class: "calc-tied" }, "这几级的可量化条件相同，原文未作区分：最高可申报哪一级由评审人员认定。"),
  ];
}

// How a review's decision reads, besides its colour: a sign and a word (not told by colour alone).
const TONES = {
  good: { sign: "▲", word: "晋升" },
  neutral: { sign: "■", word: "不变" },
  bad: { sign: "▼", word: "降级" },
};

export function toneTag(tone) {
  const t = TONES[tone];
  return t ? el("span", { class: `calc-tone calc-tone--${tone}` }, el("span", { "aria-hidden": "true" }, t.sign + " "), t.word) : null;
}

function outcomeLine(result, info) {
  if (result.unset_parameters && result.unset_parameters.length) return unsetLine(result);
  if (result.tied && result.tied.length > 1) return tiedLine(result);
  const outcome = result.outcome;
  if (outcome) {
    const level = outcome.level
      ? el("p", { class: "calc-level" }, "调整后职级：", el("strong", {}, levelName(info, outcome.level)))
      : null;
    const tone = result.tone || "level";
    const lead = result.kind === "eligibility" ? el("span", { class: "calc-outcome__lead" }, "最高可申报：") : null;
    return [el("p", { class: `calc-outcome calc-outcome--${tone}` }, toneTag(tone), lead, outcome.name), level];
  }
  if (result.kind === "scoring" && info.bands.length === 0) {
    return [el("p", { class: "calc-outcome" }, fmt(result.score), el("span", { class: "calc-outcome__unit" }, " 分"))];
  }
  const none = result.kind === "eligibility" ? "未达到任何职称" : "未达到任何级别";
  return [el("p", { class: "calc-outcome calc-outcome--none" }, none)];
}

function scoreLine(result) {
  if (result.score === null || result.score === undefined) return null;
  const label = result.kind === "review" ? "考核窗口平均分 " : "得分 ";
  return el("p", { class: "calc-score" }, label, el("strong", {}, fmt(result.score)));
}

function gainsStep(result) {
  // A model that only scores: what raising each input (alone, to its maximum) adds to the score.
  const gains = result.gains || [];
  if (!gains.length) return el("p", { class: "calc-next calc-next--none" }, "各项输入均已是最高值，得分已是最高。");
  const items = gains.map((g, index) =>
    el(
      "li",
      {},
      `${g.label}：${fmt(g.from)} → ${fmt(g.to)}，得分 ${fmt(result.score)} → `,
      el("strong", {}, fmt(g.score)),
      `（+${fmt(g.gain)}）`,
      index === 0 ? el("span", { class: "calc-badge" }, "提高最多") : null,
    ),
  );
  return el(
    "div",
    { class: "calc-next" },
    el("p", {}, "怎样提高得分：每次只把一项提到最高值时，得分的变化"),
    el("ul", {}, ...items),
  );
}

function noNextStep(result, info) {
  // No single change reaches a better outcome: say whether there is none, or it takes several changes.
  const best = (info.outcomes || [])[0];
  const outcome = result.outcome;
  const atBest = outcome && best !== undefined && (outcome.id === best || (result.tied || []).some((t) => t.id === best));
  const words = {
    review: ["这已是本规则能给出的最好结论。", "只改一项输入得不到更好的结论。"],
    eligibility: ["已达到本标准可量化条件所能确定的最高职称。", "只改一项输入达不到更高的职称：需要同时满足几项条件。"],
    scoring: ["已是本标准的最高级别。", "只改一项输入达不到更高的级别：需要同时提高几项。"],
  }[result.kind] || ["", "只改一项输入得不到更好的结果。"];
  return el("p", { class: "calc-next calc-next--none" }, atBest ? words[0] : words[1]);
}

function nextStep(result, info) {
  if (result.kind === "scoring" && info.bands.length === 0) return gainsStep(result);
  const next = result.next;
  if (!next) return noNextStep(result, info);
  const items = next.changes.map((change, index) => {
    const score = change.score === null || change.score === undefined ? "" : "，得分 " + fmt(change.score);
    return el(
      "li",
      {},
      `${change.label}：${fmt(change.from)} → `,
      el("strong", {}, fmt(change.to)),
      `（${change.outcome.name}${score}）`,
      index === 0 ? el("span", { class: "calc-badge" }, "改动最小") : null,
    );
  });
  return el(
    "div",
    { class: "calc-next" },
    el("p", {}, "怎样得到「", el("strong", {}, next.outcome.name), "」：只改其中一项即可"),
    el("ul", {}, ...items),
  );
}

function trialLine(result) {
  if (!result.parameters || !result.parameters.length) return null;
  const values = result.parameters.map((p) => `${p.name} = ${fmt(p.value)}${p.unit}`).join("；");
  const words = ["使用试算参数值，不是人力资源部设定的数值（", values, "）"];
  return el("p", { class: "calc-trial" }, el("strong", {}, "试算结果："), ...words);
}

function optionVerdict(option, info) {
  if (option.tied && option.tied.length > 1) return option.tied.map((t) => t.name).join(" / ");
  if (!option.outcome) return "未达到任何级别";
  return option.outcome.level ? `${option.outcome.name}（${levelName(info, option.outcome.level)}）` : option.outcome.name;
}

function readings(result, info) {
  // A verdict that depends on how the source is read: the verdict under each reading.
  const differing = (result.readings || []).filter((q) => q.differs);
  if (!differing.length) return null;
  return el(
    "div",
    { class: "calc-readings", role: "note" },
    el("p", {}, el("strong", {}, "此结论取决于对原文的解读。"), "上面的结论按本手册采用的解读；按其他解读的结论如下："),
    ...differing.map((q) =>
      el(
        "div",
        {},
        el("p", { class: "calc-readings__question" }, q.question),
        el(
          "ul",
          {},
          ...q.options.map((o) => {
            const badge = o.adopted ? el("span", { class: "calc-badge" }, "本手册采用") : null;
            return el("li", {}, `按「${o.name}」`, badge, "：", el("strong", {}, optionVerdict(o, info)));
          }),
        ),
      ),
    ),
  );
}

function pending(result) {
  if (!result.pending || !result.pending.length) return null;
  return el(
    "div",
    { class: "calc-pending" },
    el("p", {}, "以下条件需由评审人员认定："),
    el("ul", {}, ...result.pending.map((p) => el("li", {}, p))),
  );
}

function subjectLine(subject) {
  return subject ? el("p", { class: "calc-subject" }, "被评人：", el("strong", {}, subject)) : null;
}

export function headline(result, info, subject = "") {
  if (result.unset_parameters && result.unset_parameters.length) return [subjectLine(subject), ...outcomeLine(result, info)].filter(Boolean);
  return [
    subjectLine(subject),
    ...outcomeLine(result, info),
    trialLine(result),
    scoreLine(result),
    el("p", { class: "calc-rule" }, "依据：", result.rule.text),
    readings(result, info),
    nextStep(result, info),
    pending(result),
  ].filter(Boolean);
}

function breakdownRows(result, info) {
  const rows = result.breakdown || [];
  if (result.kind === "scoring") {
    const weighted = rows.some((r) => r.weight !== null && r.weight !== undefined);
    const weight = (r) => (weighted ? [r.weight === null ? "—" : `${fmt(r.weight)}%`] : []);
    return [
      ["项目", "输入", "得分", ...(weighted ? ["权重"] : []), "计入总分"],
      [
        ...rows.map((r) => [r.label, fmt(r.value), fmt(r.points), ...weight(r), fmt(r.contribution)]),
        ["合计", "", "", ...(weighted ? [""] : []), fmt(result.score)],
      ],
    ];
  }
  if (result.kind === "review") {
    const texts = Object.fromEntries(info.thresholds.map((t) => [t.rule, t.text]));
    const met = (r) => (r.met ? "✓ 满足" : "✗ 不满足");
    return [
      ["规则", "条件", "数值", "是否满足"],
      rows.map((r) => [texts[r.rule] || r.rule, r.label, fmt(r.value), met(r)]),
    ];
  }
  if (result.kind === "eligibility") {
    const met = (r) => (r.met ? "✓ 全部满足" : "✗ 未满足");
    return [["职称", "可量化条件", "未满足的条件"], rows.map((r) => [r.label, met(r), (r.failed || []).join("；")])];
  }
  const head = rows.length ? Object.keys(rows[0]) : [];
  return [head, rows.map((r) => head.map((k) => fmt(r[k])))];
}

export function details(result, info) {
  const [head, body] = breakdownRows(result, info);
  const className = result.kind === "scoring" ? "calc-table calc-table--total" : "calc-table";
  const blocks = [el("h3", {}, "明细"), body.length ? table(head, body, className) : el("p", {}, "（无明细）")];
  // The verdicts under other readings have their own box in the headline.
  const notes = (result.notes || []).filter((n) => !n.startsWith("此结论取决于对原文的解读"));
  if (notes.length) {
    blocks.push(
      el(
        "details",
        { class: "calc-notes" },
        el("summary", {}, `说明（${notes.length} 条）`),
        el("ul", {}, ...notes.map((n) => el("li", {}, n))),
      ),
    );
  }
  return blocks;
}

function shownValue(spec, value, info) {
  if (Array.isArray(value)) {
    const item = (entry) =>
      typeof entry === "object" && entry !== null
        ? spec.fields.map((f) => `${f.label} ${fmt(entry[f.key])}${f.unit}`).join(" ")
        : fmt(entry) + spec.unit;
    return value.map((entry, i) => `第${i + 1}项 ${item(entry)}`).join("；");
  }
  if (spec.type === "level") return levelName(info, value);
  return fmt(value) + (typeof value === "number" ? spec.unit : "");
}

export function printHeader(result, info, subject = "") {
  // Shown only in print: whose result it is (name, date, the assessor's signature), the inputs with their
  // labels, and which standard (version, date) graded them.
  const specs = Object.fromEntries(info.inputs.map((i) => [i.key, i]));
  const rows = Object.entries(result.inputs || {}).map(([key, value]) => {
    const spec = specs[key] || { label: key, unit: "", fields: [] };
    return el("tr", {}, el("th", { scope: "row" }, spec.label), el("td", {}, shownValue(spec, value, info)));
  });
  for (const p of result.parameters || []) {
    rows.push(el("tr", {}, el("th", { scope: "row" }, `试算参数：${p.name}`), el("td", {}, fmt(p.value) + p.unit)));
  }
  const version = info.version || {};
  const [y, m, d] = (version.date || "").slice(0, 10).split("-").map(Number);
  const date = y ? `${y}年${m}月${d}日更新，` : "";
  const stamp = [
    info.standard && info.standard.title ? `标准：${info.standard.title}` : null,
    version.commit
      ? `标准版本：${date}版本号 ${version.commit.slice(0, 7)}${version.modified ? "（含尚未发布的修改）" : ""}`
      : null,
    `打印于 ${new Date().toLocaleString("zh-CN")}`,
  ].filter(Boolean);
  const today = new Date();
  const day = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  const blank = el("span", { class: "calc-sign__blank" }, "\u00a0");
  const whose = el(
    "div",
    { class: "calc-sign" },
    el("p", {}, "被评人：", subject ? el("strong", {}, subject) : blank.cloneNode(true)),
    el("p", {}, "评定日期：", day),
    el("p", {}, "评定人签名：", blank.cloneNode(true)),
  );
  return [
    whose,
    el("h3", {}, "输入"),
    el("table", { class: "calc-table" }, el("tbody", {}, ...rows)),
    el("p", { class: "calc-print-stamp" }, stamp.join("　")),
  ];
}

// ------------------------------------------------------------------ repainting

export function morph(parent, children) {
  // Make `parent`'s children look like `children` (fresh nodes, not in the page): nodes of the same
  // kind in the same place are kept and only their differing text and attributes change, so the
  // browser restyles and lays out only what changed. A <details> someone opened stays open.
  const fresh = children.filter((child) => child !== null && child !== undefined);
  fresh.forEach((node, index) => {
    const old = parent.childNodes[index];
    if (!old) parent.append(node);
    else if (old.nodeName !== node.nodeName || old.namespaceURI !== node.namespaceURI) old.replaceWith(node);
    else if (old.nodeType === Node.ELEMENT_NODE) {
      for (const { name, value } of node.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
      for (const name of old.getAttributeNames()) {
        if (!node.hasAttribute(name) && !(name === "open" && old.nodeName === "DETAILS")) old.removeAttribute(name);
      }
      morph(old, [...node.childNodes]);
    } else if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
  });
  while (parent.childNodes.length > fresh.length) parent.lastChild.remove();
}
