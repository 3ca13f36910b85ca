// The calibration view of a graded team file (评审校准): the distribution per outcome, who is one smallest
// change from a better or a worse outcome, who a review moves down, and a comparison with a file kept
// from last quarter. Python (`calculator.calibration`, in the worker) decides every list; this file paints
// them and hands each list to `teamfile.xlsx_bytes` for its download. Nothing leaves the browser.

import { download, el, table } from "./dom.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const EMPTY = {
  near: "没有人只差一处最小的改变就能得到更好的结果。",
  risk: "没有人只要一处最小的变差就会得到更差的结果。",
  down: "本次没有人被降级。",
};

export class Calibration {
  constructor(rt, name) {
    this.rt = rt;
    this.name = name; // the graded file's name, for the downloads and the comparison
    this.root = el("section", { class: "calc-calib", "data-calibration": "", "aria-labelledby": "calc-calib-heading" });
  }

  node() {
    const open = el("button", { type: "button", class: "md-button", "data-action": "calibrate" }, "生成校准视图");
    open.addEventListener("click", () => this.show());
    this.root.replaceChildren(
      el("h3", { id: "calc-calib-heading" }, "校准视图"),
      el(
        "p",
        {},
        "按各结果统计人数，列出只差一处最小改变就会得到更好或更差结果的人，并可与上一季度的文件逐人对比。结论都由计算引擎按本标准得出。",
      ),
      open,
    );
    return this.root;
  }

  async show() {
    this.root.dataset.calibrationState = "busy";
    this.root.querySelector("[data-action=calibrate]").disabled = true;
    const busy = el("p", { role: "status" }, "正在计算校准视图……");
    this.root.append(busy);
    try {
      this.answer = JSON.parse(await this.rt.browser.team_calibration(this.name));
    } catch (error) {
      console.error(error);
      busy.textContent = "无法生成校准视图：计算引擎出错，页面仍可使用。";
      this.root.dataset.calibrationState = "failed";
      return;
    }
    if (this.answer.errors) {
      busy.textContent = this.answer.errors.map((e) => e.message).join("；");
      this.root.dataset.calibrationState = "failed";
      return;
    }
    this.paint();
    this.root.dataset.calibrationState = "ok";
  }

  paint() {
    const a = this.answer;
    const keep = el("button", { type: "button", class: "md-button", "data-action": "keep-for-compare" }, "把此文件作为上一季度，用于对比");
    keep.addEventListener("click", () => this.keep(keep));
    const parts = [
      el("h3", { id: "calc-calib-heading" }, "校准视图"),
      this.section("distribution", "各结果人数", this.bars(a.distribution)),
      this.section("near", "再改变一处即可得到更好结果", this.list("near")),
      this.section("risk", "再变差一处就会得到更差结果", this.list("risk")),
    ];
    if (a.review) {
      parts.push(this.section("down", "本次被降级", this.list("down")));
    }
    if (!a.named) parts.push(el("p", { class: "calc-calib__note" }, "文件中没有“姓名”“工号”等列：名单只能按行号列出，也无法与其他文件逐人对比。"));
    parts.push(a.compare ? this.section("compare", `与“${a.before}”相比`, this.comparison(a.compare)) : el("p", {}, keep));
    this.root.replaceChildren(...parts);
  }

  section(key, title, body) {
    const save = el("button", { type: "button", class: "md-button calc-calib__save", "data-download": key }, "下载此名单（Excel）");
    save.addEventListener("click", () => this.save(key));
    const rows = this.answer.tables[key] ? this.answer.tables[key].rows.length : 0;
    return el("div", { class: "calc-calib__part", "data-list": key }, el("h4", {}, title), body, rows ? save : null);
  }

  bars(rows) {
    const most = Math.max(1, ...rows.map((r) => r.count));
    return el(
      "ul",
      { class: "calc-calib__bars", "aria-label": "各结果人数" },
      ...rows.map((r) =>
        el(
          "li",
          {},
          el("span", { class: "calc-calib__label" }, r.outcome ? r.outcome.name : "有错误或无结论"),
          el("span", { class: "calc-calib__bar", style: `width: ${(r.count / most) * 100}%` }),
          el("strong", {}, `${r.count} 人（${(r.share * 100).toFixed(1)}%）`),
        ),
      ),
    );
  }

  list(key) {
    const { header, rows } = this.answer.tables[key];
    return rows.length ? table(header, rows) : el("p", {}, EMPTY[key]);
  }

  comparison(c) {
    const { header, rows } = this.answer.tables.compare;
    const lines = [
      `上升 ${c.up.length} 人，下降 ${c.down.length} 人，结果不变 ${c.same} 人。`,
      c.only_before.length ? `只在上一季度文件中：${c.only_before.join("、")}。` : "",
      c.only_after.length ? `只在本季度文件中：${c.only_after.join("、")}。` : "",
      c.ambiguous.length ? `同名出现多次、无法对应：${c.ambiguous.join("、")}。` : "",
      c.ungraded.length ? `至少一个季度没有结论：${c.ungraded.join("、")}。` : "",
    ].filter(Boolean);
    return el("div", {}, ...lines.map((l) => el("p", {}, l)), rows.length ? table(header, rows) : null);
  }

  async keep(button) {
    const kept = JSON.parse(await this.rt.browser.team_keep());
    button.replaceWith(el("p", { role: "status", "data-kept": "" }, `已把“${kept.kept}”（${kept.rows} 行）作为上一季度。请选择本季度的文件，定级后生成校准视图即可对比。`));
  }

  async save(key) {
    const t = this.answer.tables[key];
    const bytes = await this.rt.teamfile.xlsx_bytes(JSON.stringify({ header: t.header, rows: t.rows }), t.title.slice(0, 31));
    download(bytes, `${this.name}-${t.title}.xlsx`, XLSX);
  }
}
