// Team mode: a CSV or XLSX of several people, read, graded and written back by Python
// (`teamfile` and `calculator.browser.team_json`) without leaving the browser.

import { download, el, fmt, nextFrame } from "./dom.js";
import { boot } from "./runtime.js";

const CHUNK = 1000; // rows per call into Python, so the progress text can repaint
const SHOWN = 500; // rows drawn in the table; the downloads always hold every row
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export class TeamMode {
  constructor(root) {
    this.root = root;
    this.model = root.dataset.model;
    this.team = null;
  }

  wire(signal) {
    const input = this.root.querySelector("[data-team-file]");
    const drop = this.root.querySelector("[data-drop]");
    input.addEventListener("change", () => input.files.length && this.grade(input.files[0]), { signal });
    const over = (on) => (event) => {
      event.preventDefault();
      drop.classList.toggle("calc-drop--over", on);
    };
    drop.addEventListener("dragover", over(true), { signal });
    drop.addEventListener("dragleave", over(false), { signal });
    drop.addEventListener(
      "drop",
      (event) => {
        over(false)(event);
        if (event.dataTransfer.files.length) this.grade(event.dataTransfer.files[0]);
      },
      { signal },
    );
  }

  status(...parts) {
    this.root.querySelector("[data-team-status]").replaceChildren(...parts.map((p) => el("p", {}, p)));
  }

  async grade(file) {
    this.root.querySelector("[data-team-table]").replaceChildren();
    this.team = null;
    delete this.root.dataset.teamRows;
    this.syncButtons();
    this.status(`正在读取 ${file.name} ……`);
    let rt;
    try {
      rt = await boot(this.root);
    } catch {
      this.status("计算引擎未能加载，无法批量定级。");
      return;
    }
    const parsed = JSON.parse(rt.teamfile.read_json(new Uint8Array(await file.arrayBuffer()), file.name));
    if (parsed.error) {
      this.status(`无法读取 ${file.name}：${parsed.error}`);
      return;
    }
    const started = performance.now();
    const graded = await this.gradeTable(rt, parsed);
    if (graded.errors) {
      this.status(graded.errors.map((e) => e.message).join("；"));
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    this.team = { ...graded, name: file.name.replace(/\.[^.]+$/, "") };
    this.root.dataset.teamRows = String(graded.rows.length);
    this.root.dataset.teamMs = String(Math.round(seconds * 1000));
    const summary = graded.summary.map((s) => `${s.name} ${s.count} 人`).join("，");
    this.status(`共 ${graded.rows.length} 行，用时 ${seconds.toFixed(2)} 秒：${summary}。`, ...graded.notices);
    this.paint(false);
    this.syncButtons();
  }

  async gradeTable(rt, parsed) {
    let merged = null;
    for (let start = 0; merged === null || start < parsed.rows.length; start += CHUNK) {
      const chunk = { header: parsed.header, rows: parsed.rows.slice(start, start + CHUNK) };
      const part = JSON.parse(rt.browser.team_json(this.model, JSON.stringify(chunk)));
      if (part.errors) return part;
      merged ??= { ...part, rows: [], summary: [] };
      merged.rows.push(...part.rows);
      for (const { name, count } of part.summary) {
        const entry = merged.summary.find((s) => s.name === name);
        if (entry) entry.count += count;
        else merged.summary.push({ name, count });
      }
      if (start + CHUNK < parsed.rows.length) {
        this.status(`正在定级…… ${start + CHUNK} / ${parsed.rows.length} 行`);
        await nextFrame();
      }
    }
    merged.summary.sort((a, b) => (a.name === "有错误") - (b.name === "有错误"));
    return merged;
  }

  syncButtons() {
    for (const action of ["download-csv", "download-xlsx"]) {
      this.root.querySelector(`[data-action=${action}]`).disabled = !this.team;
    }
  }

  headerRow() {
    const { header, inputs, columns } = this.team;
    const cells = header.map((name, i) => {
      const attrs = { scope: "col", class: i >= inputs ? "calc-team__out" : null };
      return el("th", { ...attrs, title: columns[i] ? `输入项 ${columns[i]}` : null }, name);
    });
    return el("tr", {}, el("th", { scope: "col" }, "行"), ...cells);
  }

  bodyRow(row, index) {
    const cells = row.cells.map((cell, i) => {
      const error = row.errors[String(i)];
      const className = error ? "calc-cell--error" : i >= this.team.inputs ? "calc-team__out" : null;
      const note = error ? el("span", { class: "calc-cell__error" }, error) : null;
      return el("td", { class: className }, fmt(cell === "" ? null : cell), note);
    });
    const attrs = { class: row.ok ? null : "calc-team__bad", "data-outcome": row.outcome ? row.outcome.id : "" };
    return el("tr", attrs, el("th", { scope: "row" }, String(index + 2)), ...cells);
  }

  paint(onlyErrors) {
    const rows = this.team.rows.map((row, index) => ({ row, index })).filter(({ row }) => !onlyErrors || !row.ok);
    const filter = el("input", { type: "checkbox", checked: onlyErrors });
    filter.addEventListener("change", () => this.paint(filter.checked));
    const body = rows.slice(0, SHOWN).map(({ row, index }) => this.bodyRow(row, index));
    const grid = el(
      "table",
      { class: "calc-table calc-team__grid" },
      el("thead", {}, this.headerRow()),
      el("tbody", {}, ...body),
    );
    const more =
      rows.length > SHOWN ? `表格只显示前 ${SHOWN} 行（共 ${rows.length} 行）；下载的文件包含全部结果。` : null;
    this.root
      .querySelector("[data-team-table]")
      .replaceChildren(
        el("label", { class: "calc-team__filter" }, filter, " 只显示有错误的行"),
        el("div", { class: "calc-table-wrap" }, grid),
        more ? el("p", {}, more) : "",
      );
  }

  async downloadTemplate() {
    const rt = await boot(this.root);
    const header = JSON.parse(rt.browser.team_template(this.model));
    const bytes = rt.teamfile.csv_bytes(JSON.stringify({ header, rows: [] }));
    download(bytes.toJs(), `${this.model}-模板.csv`, "text/csv;charset=utf-8");
    bytes.destroy();
  }

  async downloadResult(kind) {
    if (!this.team) return;
    const rt = await boot(this.root);
    const table = JSON.stringify({ header: this.team.header, rows: this.team.rows.map((r) => r.cells) });
    const bytes = kind === "csv" ? rt.teamfile.csv_bytes(table) : rt.teamfile.xlsx_bytes(table);
    download(bytes.toJs(), `${this.team.name}-定级结果.${kind}`, kind === "csv" ? "text/csv;charset=utf-8" : XLSX);
    bytes.destroy();
  }
}
