// Team mode: a CSV or XLSX of several people, read, graded and written back by Python
// (`teamfile` and `calculator.browser`'s team calls, in the engine's worker) without leaving the browser. Python keeps the
// graded rows of the current file and counts the summary; this file only sends rows and paints.

import { Calibration } from "./calibration.js";
import { download, el, fmt, nextFrame } from "./dom.js";
import { toneTag } from "./result.js";
import { boot } from "./runtime.js";

const CHUNK = 1000; // rows per call into Python at most; the first call takes FIRST_CHUNK, then SLICE_MS decides
const FIRST_CHUNK = 50;
const SLICE_MS = 100;
const SHOWN = 500; // rows drawn in the table; the downloads always hold every row
const PAINT_ROWS = 20; // rows drawn per frame
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_BYTES = 20 * 1024 * 1024; // teamfile.MAX_BYTES: a larger file is refused before it is read into memory

class Stale extends Error {} // a newer file was chosen while this one was being read or graded

export class TeamMode {
  constructor(root, params = () => ({})) {
    this.root = root;
    this.model = root.dataset.model;
    this.params = params; // the page's trial values for parameters HR has not set
    this.team = null;
    this.rt = null; // the runtime, once a file was graded with it: Python holds that file's graded rows
    this.run = 0; // which file is current: a file chosen later wins over one still being read
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
    signal.addEventListener("abort", () => this.dropResults()); // leaving the page
  }

  dropResults() {
    // Python keeps the graded rows of the current file (they make its summary): let them go.
    // A runtime that failed holds nothing that could still be shown.
    this.rt?.browser.team_forget().catch((error) => console.error(error));
  }

  status(...parts) {
    this.root.querySelector("[data-team-status]").replaceChildren(...parts.map((p) => el("p", {}, p)));
  }

  forget() {
    // The page's "忘记此页输入": the team's table and results go too, and any file still being read is dropped.
    this.run++;
    this.team = null;
    this.dropResults();
    delete this.root.dataset.teamRows;
    delete this.root.dataset.teamPainted;
    delete this.root.dataset.teamState;
    this.root.querySelector("[data-team-table]").replaceChildren();
    this.root.querySelector("[data-calibration]")?.remove();
    this.root.querySelector("[data-team-file]").value = "";
    this.status();
    this.syncButtons();
  }

  async grade(file) {
    // Every way this can end shows a message, and the page stays usable for the next file.
    const run = ++this.run;
    this.root.querySelector("[data-team-table]").replaceChildren();
    this.root.querySelector("[data-calibration]")?.remove();
    this.team = null;
    delete this.root.dataset.teamRows;
    delete this.root.dataset.teamPainted;
    this.root.dataset.teamState = "reading";
    this.syncButtons();
    this.status(`正在读取 ${file.name} ……`);
    try {
      this.root.dataset.teamState = (await this.gradeFile(file, run)) ? "ok" : "refused";
    } catch (error) {
      if (error instanceof Stale || run !== this.run) return;
      console.error(error);
      this.root.dataset.teamState = "failed";
      this.status(failure(file, error));
    } finally {
      if (run === this.run) {
        this.root.querySelector("[data-team-file]").value = ""; // the same file can be chosen again
        this.syncButtons();
      }
    }
  }

  async gradeFile(file, run) {
    // True when the file was graded; false when it was refused (the status says why).
    if (file.size > MAX_BYTES) {
      const size = (file.size / 1024 / 1024).toFixed(1);
      this.status(`无法读取 ${file.name}：文件有 ${size} MB，超过上限 ${MAX_BYTES / 1024 / 1024} MB：请拆成几个文件`);
      return false;
    }
    let rt;
    try {
      rt = await boot(this.root);
    } catch {
      this.status("计算引擎未能加载，无法批量定级。");
      return false;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.current(run);
    const parsed = await this.readTable(rt, bytes, file.name, run);
    if (parsed.error) {
      this.status(`无法读取 ${file.name}：${parsed.error}`);
      return false;
    }
    const duplicate = await rt.teamfile.duplicate_columns(this.model, JSON.stringify(parsed.header));
    if (duplicate) {
      this.status(`无法定级 ${file.name}：${duplicate}`);
      return false;
    }
    const started = performance.now();
    this.rt = rt;
    const graded = await this.gradeTable(rt, parsed, run);
    if (graded.errors) {
      this.status(graded.errors.map((e) => e.message).join("；"));
      return false;
    }
    const seconds = (performance.now() - started) / 1000;
    this.team = { ...graded, name: file.name.replace(/\.[^.]+$/, "") };
    this.root.dataset.teamRows = String(graded.rows.length);
    this.root.dataset.teamMs = String(Math.round(seconds * 1000));
    const summary = graded.summary.map((s) => `${s.name} ${s.count} 人`).join("，");
    this.status(`共 ${graded.rows.length} 行，用时 ${seconds.toFixed(2)} 秒：${summary}。`, ...graded.notices);
    this.tones = Object.fromEntries(graded.rows.map((row) => [row.ok ? row.verdict : "有错误", row.tone]));
    this.paint(false);
    // the calibration view (distribution, who is one change away, last quarter compared) on request
    this.root.querySelector("[data-team-table]").after(new Calibration(rt, this.team.name).node());
    return true;
  }

  current(run) {
    if (run !== this.run) throw new Stale();
  }

  async readTable(rt, bytes, name, run) {
    // The reader works in slices of about 50 ms and says how far it got, so the page repaints between them.
    let answer = JSON.parse(await rt.teamfile.open_table(bytes, name));
    while (!answer.error && !answer.done) {
      this.status(`正在读取 ${name} …… ${Math.round(answer.progress * 100)}%`);
      await nextFrame();
      this.current(run);
      answer = JSON.parse(await rt.teamfile.read_more());
    }
    return answer.error ? answer : answer.table;
  }

  async gradeTable(rt, parsed, run) {
    // `team_json` maps the header (columns, notices) and makes this the current file; its rows follow in
    // chunks sized to take about SLICE_MS each, so the page repaints (and shows progress) between them
    // however fast the engine grades this model; the summary is asked for once, over the whole file.
    const table = JSON.stringify({ header: parsed.header, rows: [], numbers: [] });
    const numbers = parsed.numbers || [];
    const head = JSON.parse(await rt.browser.team_json(this.model, table, JSON.stringify(this.params())));
    if (head.errors) return head;
    const rows = [];
    let size = FIRST_CHUNK;
    for (let start = 0; start < parsed.rows.length; ) {
      this.current(run);
      const began = performance.now();
      const chunk = parsed.rows.slice(start, start + size);
      const sent = { rows: chunk, numbers: numbers.slice(start, start + chunk.length) };
      start += chunk.length;
      const part = JSON.parse(await rt.browser.team_rows(JSON.stringify(sent)));
      if (part.errors) return part;
      for (const row of part.rows) rows.push(row);
      const took = Math.max(performance.now() - began, 1);
      if (start < parsed.rows.length) {
        this.status(`正在定级…… ${start} / ${parsed.rows.length} 行`);
        await nextFrame();
      }
      size = Math.max(1, Math.min(CHUNK, Math.round((chunk.length * SLICE_MS) / took)));
    }
    this.current(run);
    const { summary } = JSON.parse(await rt.browser.team_summary());
    return { ...head, rows, summary };
  }

  syncButtons() {
    for (const action of ["download-csv", "download-xlsx"]) {
      this.root.querySelector(`[data-action=${action}]`).disabled = !this.team;
    }
  }

  shown() {
    // The columns the page draws: all but the outcome's id, which only the downloads carry (for HR systems).
    return this.team.header.map((_, i) => i).filter((i) => i !== this.team.machine);
  }

  headerRow() {
    const { header, results } = this.team;
    const cells = this.shown().map((i) => {
      const attrs = { scope: "col", class: results.includes(i) ? "calc-team__out" : null };
      return el("th", attrs, header[i]);
    });
    return el("tr", {}, ...cells);
  }

  bodyRow(row) {
    // The row number (the first cell) is the row's number in the file: the header is row 1, blank rows count.
    const results = this.team.results;
    const verdict = results[0];
    const cells = this.shown().map((i) => {
      const cell = row.cells[i];
      const error = row.errors[String(i)];
      if (i === 0) return el("th", { scope: "row" }, String(cell));
      const className = error ? "calc-cell--error" : results.includes(i) ? "calc-team__out" : null;
      const note = error ? el("span", { class: "calc-cell__error" }, error) : null;
      const tag = i === verdict && row.ok ? toneTag(row.tone) : null;
      const wide = results.includes(i) && i !== verdict && typeof cell === "string" && cell.length > 20;
      return el("td", { class: [className, wide ? "calc-team__text" : null].filter(Boolean).join(" ") || null }, tag, fmt(cell === "" ? null : cell), note);
    });
    const attrs = { class: row.ok ? null : "calc-team__bad", "data-tone": row.tone };
    return el("tr", attrs, ...cells);
  }

  summaryList() {
    // How many people reached each outcome, above the table (errors last, as Python counts them).
    const items = this.team.summary.map((s) =>
      el(
        "li",
        { class: `calc-team__count calc-team__count--${this.tones[s.name] || "level"}` },
        toneTag(this.tones[s.name]),
        el("span", {}, s.name),
        el("strong", {}, `${s.count} 人`),
      ),
    );
    return el("ul", { class: "calc-team__summary", "aria-label": "各结果人数" }, ...items);
  }

  paint(onlyErrors) {
    const rows = this.team.rows.filter((row) => !onlyErrors || !row.ok);
    const filter = el("input", { type: "checkbox", checked: onlyErrors });
    filter.addEventListener("change", () => this.paint(filter.checked));
    // The first rows at once, the rest PAINT_ROWS per frame: 500 wide rows drawn in one go blocked the page 0.4 s.
    const painting = (this.painting = (this.painting || 0) + 1);
    const shown = rows.slice(0, SHOWN);
    const body = el("tbody", {}, ...shown.slice(0, PAINT_ROWS).map((row) => this.bodyRow(row)));
    const grid = el("table", { class: "calc-table calc-team__grid" }, el("thead", {}, this.headerRow()), body);
    (async () => {
      for (let start = PAINT_ROWS; start < shown.length; start += PAINT_ROWS) {
        await nextFrame();
        if (painting !== this.painting || !this.team) return; // painted again, or forgotten
        body.append(...shown.slice(start, start + PAINT_ROWS).map((row) => this.bodyRow(row)));
      }
      if (painting === this.painting) this.root.dataset.teamPainted = String(shown.length);
    })();
    const more =
      rows.length > SHOWN ? `表格只显示前 ${SHOWN} 行（共 ${rows.length} 行）；下载的文件包含全部结果。` : null;
    this.root
      .querySelector("[data-team-table]")
      .replaceChildren(
        this.summaryList(),
        el("label", { class: "calc-team__filter" }, filter, " 只显示有错误的行"),
        el("p", { class: "calc-team__hint" }, "“行号”是该行在上传文件中的行号（第 1 行为列名，空行也计入）。表格较宽时可左右滑动。"),
        el("div", { class: "calc-table-wrap", tabindex: "0", role: "region", "aria-label": "团队定级结果表（可左右滑动）" }, grid),
        more ? el("p", {}, more) : "",
      );
  }

  title() {
    // A file name people recognise: the page's title, without characters file systems refuse.
    const h1 = document.querySelector("article h1, h1");
    const text = (h1 ? h1.textContent : "定级计算器").replace(/[¶\\/:*?"<>|]/g, "").trim();
    return text || "定级计算器";
  }

  async downloadTemplate() {
    try {
      const rt = await boot(this.root);
      const header = JSON.parse(await rt.browser.team_template(this.model));
      const bytes = await rt.teamfile.csv_bytes(JSON.stringify({ header, rows: [] }));
      download(bytes, `${this.title()}-模板.csv`, "text/csv;charset=utf-8");
    } catch (error) {
      console.error(error);
      this.status("无法生成空白模板：" + reason(error));
    }
  }

  async downloadResult(kind) {
    if (!this.team) return;
    try {
      const rt = await boot(this.root);
      const table = JSON.stringify({ header: this.team.header, rows: this.team.rows.map((r) => r.cells) });
      const bytes = await (kind === "csv" ? rt.teamfile.csv_bytes(table) : rt.teamfile.xlsx_bytes(table));
      download(bytes, `${this.team.name}-定级结果.${kind}`, kind === "csv" ? "text/csv;charset=utf-8" : XLSX);
    } catch (error) {
      console.error(error);
      this.status("无法生成下载文件：" + reason(error));
    }
  }
}

function reason(error) {
  // An exception in a few words for a message (Python's last line, not its traceback).
  const text = String((error && error.message) || error || "");
  const last = text.trim().split("\n").pop() || "未知错误";
  return last.length > 160 ? last.slice(0, 160) + "…" : last;
}

function failure(file, error) {
  // The message for a read or a grading that failed unexpectedly.
  if (/fatally failed|Pyodide.*fatal/i.test(String(error && error.message))) {
    return `处理 ${file.name} 时计算引擎出现严重错误，无法继续使用：请刷新页面后再试（${reason(error)}）。`;
  }
  return `处理 ${file.name} 时出现内部错误（${reason(error)}），文件未能定级。页面仍可使用：可以换一个文件再试。`;
}
