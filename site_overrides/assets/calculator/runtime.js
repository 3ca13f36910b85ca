// The calculator engine, started once per page load in a module Web Worker (worker.js), so the
// page never waits for Pyodide: the form takes input while it starts. The promise lives in module
// scope: Material's instant navigation swaps the page content but keeps the window and its module
// map, so every calculator page visited until the next full load reuses the same worker.
//
// `rt.browser.NAME(...args)` and `rt.teamfile.NAME(...args)` call `calculator.browser` and
// `teamfile` in the worker and return a promise of the answer (a string, or a Uint8Array for bytes).

export const runtime = { promise: null, progress: 0, text: "", startedAt: 0, loadMs: null, error: null, file: "" };
let listener = null;
let worker = null;

const QUIET_MS = 12000; // while downloading: no word from the worker for this long is a failure
const STALL_MS = 5000; // the wasm's download delivering no byte for this long has failed (as in worker.js)
const WASM = "pyodide.asm.wasm";
const MB = 1024 * 1024;

export function onProgress(callback) {
  listener = callback;
}

function report(progress, text) {
  runtime.progress = progress;
  runtime.text = text;
  if (listener) listener();
}

function absolute(url) {
  return new URL(url, window.location.href).href;
}

function bootConfig(settings) {
  // Asset paths are written into the page relative to it; the worker needs absolute URLs.
  const parse = (value) => (typeof value === "string" ? JSON.parse(value) : value);
  return {
    pyodide: absolute(settings.pyodide),
    rules: absolute(settings.rules),
    wheels: parse(settings.wheels).map(absolute),
    sizes: parse(settings.sizes || "{}"),
    worker: absolute(settings.worker),
    serviceWorker: settings.serviceWorker ? absolute(settings.serviceWorker) : null,
  };
}

class Engine {
  // The page's end of the worker: calls by id, progress and the outcome of the start.
  constructor(config) {
    this.config = config;
    this.calls = new Map();
    this.next = 0;
    this.phase = "download";
    this.download = { done: 0, total: 0, waiting: null }; // the worker's last word on its download
    this.worker = new Worker(config.worker, { type: "module" });
    this.started = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.worker.onmessage = (event) => this.received(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.failed("worker.js", workerFailed(config.worker, event));
    };
    this.worker.postMessage({ type: "start", settings: config });
    this.wasm = { abort: new AbortController(), loading: true };
    this.loadWasm(config.pyodide + WASM);
    this.watch();
    // The browser going offline ends a download at once: a fetch in flight may otherwise wait
    // for the stall timeout (or for ever behind some proxies) before it fails.
    this.offline = () => this.wentOffline();
    window.addEventListener("offline", this.offline);
  }

  wentOffline() {
    const waiting = [...(this.wasm.loading ? [WASM] : []), ...(this.download.waiting || [])];
    if (this.phase !== "download" || (this.download.waiting && !waiting.length)) return; // nothing left to fetch
    this.failed(waiting[0] || "", offlineFailed(waiting, this.download));
  }

  async loadWasm(url) {
    // Pyodide's wasm is fetched and compiled here and the Module handed to the worker: compiled by
    // a page, Chromium keeps the compiled code for the next visit (compiled in a worker, only from
    // the second visit on). The compiling runs on the browser's own threads, not on this one, which
    // only counts the bytes of a copy of the download for the progress bar. What goes wrong is
    // sent to the worker, which says it as it says the failures of its own downloads.
    const { signal } = this.wasm.abort;
    const tell = (failure) => {
      this.wasm.loading = false;
      if (!signal.aborted) this.worker.postMessage({ type: "wasm", failure });
      this.wasm.abort.abort();
    };
    let done = 0;
    let stall;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => tell({ kind: "stall", done }), STALL_MS);
    };
    watch();
    let response;
    try {
      response = await fetch(url, { signal, credentials: "same-origin" });
    } catch (error) {
      response = await kept(url); // the server is out of reach: the service worker's copy, if it has one
      if (!response) {
        clearTimeout(stall);
        return tell({ kind: "network", message: String((error && error.message) || error) });
      }
    }
    const type = response.headers.get("content-type");
    const wrong = !response.ok
      ? { kind: "http", status: response.status }
      : (type || "").split(";")[0].trim() !== "application/wasm"
        ? { kind: "mime", type }
        : null;
    if (wrong) {
      clearTimeout(stall);
      return tell(wrong);
    }
    const counting = (async () => {
      // A copy of the body, read for its length: the Response compiled stays untouched (a Response
      // rebuilt around a counting stream loses Chromium's cache of the compiled code).
      const reader = response.clone().body.getReader();
      let sent = 0;
      let at = 0;
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        done += value.byteLength;
        watch();
        if (performance.now() - at > 50) {
          this.worker.postMessage({ type: "bytes", name: WASM, bytes: done - sent });
          [sent, at] = [done, performance.now()];
        }
      }
      clearTimeout(stall);
      this.worker.postMessage({ type: "bytes", name: WASM, bytes: done - sent });
      this.wasm.loading = false;
    })();
    counting.catch(() => clearTimeout(stall)); // a broken download is reported by the compile
    let module;
    try {
      module = await WebAssembly.compileStreaming(response);
      await counting;
    } catch (error) {
      clearTimeout(stall);
      if (signal.aborted) return; // already told (a stall), or the start failed otherwise
      const message = String((error && error.message) || error);
      return tell({ kind: error instanceof TypeError ? "network" : "compile", message });
    }
    this.worker.postMessage({ type: "wasm", module });
  }

  watch() {
    // The worker reports its download several times a second; silence means it is stuck.
    clearTimeout(this.quiet);
    if (this.phase !== "download") return;
    this.quiet = setTimeout(() => this.failed("", quietFailed()), QUIET_MS);
  }

  received(message) {
    if (message.type === "answer") return this.answered(message);
    if (message.type === "progress") {
      this.phase = message.step;
      this.download = { done: message.done, total: message.total, waiting: message.waiting || null };
      this.watch();
      return progressed(message);
    }
    clearTimeout(this.quiet);
    if (message.type === "ready") {
      this.phase = "ready";
      window.removeEventListener("offline", this.offline);
      runtime.loadMs = message.loadMs;
      this.resolve(this);
    } else if (message.type === "failed") this.failed(message.file, message.message);
  }

  failed(file, message) {
    if (this.phase === "failed") return;
    this.phase = "failed";
    clearTimeout(this.quiet);
    window.removeEventListener("offline", this.offline);
    this.wasm.abort.abort();
    const error = new Error(message);
    error.file = file;
    this.reject(error);
    for (const { reject } of this.calls.values()) reject(error);
    this.calls.clear();
    this.worker.terminate();
  }

  answered({ id, value, error }) {
    const call = this.calls.get(id);
    if (!call) return;
    this.calls.delete(id);
    if (error === undefined) call.resolve(value);
    else call.reject(new Error(error));
  }

  call(module, name, args) {
    if (this.phase === "failed") return Promise.reject(new Error("计算引擎已停止，请刷新页面"));
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ type: "call", id, module, name, args });
    });
  }

  module(module) {
    // `rt.browser.grade_json(...)` → a call; assigning one call to another name makes that name call
    // it (the tests break an engine call so), which is all a page could ever do with a Python module.
    const calls = {};
    return new Proxy(
      {},
      {
        get: (_, name) => {
          if (typeof name !== "string" || name === "then") return undefined;
          calls[name] ??= Object.assign((...args) => this.call(module, name, args), { engineName: name });
          return calls[name];
        },
        set: (_, name, value) => {
          this.worker.postMessage({ type: "alias", module, name, target: value.engineName });
          return true;
        },
      },
    );
  }
}

async function kept(url) {
  try {
    const response = window.caches ? await window.caches.match(url) : null;
    return response && response.ok ? response : null;
  } catch {
    return null;
  }
}

function progressed({ step, done, total }) {
  if (step === "download" && total) {
    const text = `${(done / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB`;
    report(Math.round(2 + (78 * done) / total), `下载 → 启动 → 载入规则：正在下载计算引擎 ${text}（之后由浏览器缓存）……可以先填写表单。`);
  } else if (step === "start" || step === "download") {
    report(82, "下载 ✓ → 启动 → 载入规则：正在启动计算引擎……可以先填写表单。");
  } else report(94, "下载 ✓ → 启动 ✓ → 载入规则：正在载入定级规则……");
}

function workerFailed(url, event) {
  const detail = event && event.message ? `（${event.message}）` : "";
  return (
    `计算引擎的后台线程 ${new URL(url).pathname.split("/").pop()} 未能启动${detail}。` +
    `请 IT 确认 assets/calculator/worker.js 与 assets/pyodide/ 已部署、以 text/javascript 提供，` +
    `且 Content-Security-Policy 允许 worker-src 'self'。`
  );
}

function offlineFailed(waiting, { done, total }) {
  const files = waiting.length ? waiting.join("、") : "计算引擎的文件";
  const got = total ? `（已收到 ${(done / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB）` : "";
  return (
    `浏览器已离线，${files} 的下载中断${got}。请恢复网络连接后点“重试”；` +
    `打开过一次计算器页面之后，再次打开时无需网络。`
  );
}

function quietFailed() {
  return (
    `下载计算引擎已有 ${QUIET_MS / 1000} 秒没有进展。请检查网络连接后重试；` +
    `若持续出现，请 IT 检查代理是否拦截了 assets/pyodide/ 或 assets/calculator/ 下的文件。`
  );
}

async function start(config) {
  runtime.startedAt = performance.now();
  runtime.error = null;
  report(2, "下载 → 启动 → 载入规则：正在下载计算引擎（首次约 13 MB，之后由浏览器缓存）……可以先填写表单。");
  worker = new Engine(config);
  const engine = await worker.started;
  report(100, `计算引擎已就绪（加载用时 ${(runtime.loadMs / 1000).toFixed(1)} 秒）。结果随输入实时更新。`);
  if (config.serviceWorker) keepForOffline(config.serviceWorker);
  return { browser: engine.module("browser"), teamfile: engine.module("teamfile") };
}

function keepForOffline(url) {
  // Repeat visits need no network: the service worker keeps the engine, the calculator pages and
  // what this page loaded. Registered once the engine runs, so that its copies come from the HTTP
  // cache instead of a second download competing with the first.
  if (!("serviceWorker" in navigator)) return;
  const scope = new URL("./", url).href;
  navigator.serviceWorker
    .register(url, { scope })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
      const urls = [window.location.href.split("#")[0], ...loaded].filter((u) => u.startsWith(scope));
      registration.active?.postMessage({ type: "keep", urls });
    })
    .catch((error) => console.warn("service worker not registered:", error));
}

// `source` is the calculator's root element, whose data attributes name the files, or the same
// settings as an object: a calculator page's <head> starts the runtime with them while the rest
// of the page is still parsing (site_overrides/main.html).
export function boot(source) {
  if (!runtime.promise) {
    runtime.promise = start(bootConfig(source.dataset ?? source)).catch((error) => {
      runtime.error = error;
      runtime.file = error.file || "";
      console.error(error);
      report(0, "计算引擎加载失败：" + (error && error.message ? error.message : String(error)));
      throw error;
    });
  }
  return runtime.promise;
}

// After a failed start: a new worker, from scratch, the next time `boot` is called.
export function reset() {
  if (!runtime.error) return;
  runtime.promise = null;
  runtime.error = null;
  runtime.file = "";
  worker = null;
}
