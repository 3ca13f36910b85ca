// The calculator engine, off the page's main thread: Pyodide, the handbook's wheels and the rules,
// in a module Web Worker. JSON messages only (runtime.js is the other end):
//   page → worker  {type: "start", settings}            once, first
//                  {type: "wasm", module | failure}       Pyodide's wasm, compiled by the page, or why not
//                  {type: "bytes", name, bytes}           more bytes of it received (the progress bar)
//                  {type: "call", id, module, name, args} a call into `calculator.browser` or `teamfile`
//                  {type: "alias", module, name, target}  `name` now calls `target` (tests break a call with it)
//   worker → page  {type: "progress", step, done, total, waiting}  step: download | start | rules;
//                                                        waiting: counted files still coming over the network
//                  {type: "ready", loadMs}
//                  {type: "failed", file, message}        the start failed: a message for a manager and for IT
//                  {type: "answer", id, value | error}
// No rules live here either: every call goes to the same Python package the CLI runs.

const STALL_MS = 5000; // a download that delivers no byte for this long has failed
const MB = 1024 * 1024;

class StartError extends Error {
  constructor(file, message) {
    super(message);
    this.file = file;
  }
}

const WASM = "pyodide.asm.wasm";
const state = { modules: {}, aliases: {}, ready: null, wasm: deferred(), fail: null, progress: null };

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "start") state.ready ??= start(message.settings);
  else if (message.type === "wasm") wasmArrived(message);
  else if (message.type === "bytes") state.progress?.add(message.name, message.bytes);
  else if (message.type === "call") answer(message);
  else if (message.type === "alias") (state.aliases[message.module] ??= {})[message.name] = message.target;
};

function post(message) {
  self.postMessage(message);
}

function deferred() {
  const found = {};
  found.promise = new Promise((resolve, reject) => Object.assign(found, { resolve, reject }));
  found.promise.catch(() => {});
  return found;
}

function wasmArrived({ module, failure }) {
  // The page fetches and compiles the wasm (runtime.js, `loadWasm`) and reports what went wrong.
  if (module) return state.wasm.resolve(module);
  const error = new StartError(WASM, wasmFailed(failure, state.progress));
  state.wasm.reject(error);
  if (state.fail) state.fail(error);
}

function wasmFailed(failure, progress) {
  if (failure.kind === "http") return httpFailed(WASM, failure.status);
  if (failure.kind === "mime") return mimeFailed(WASM, failure.type);
  if (failure.kind === "stall") return stallFailed(WASM, failure.done, progress ? progress.size(WASM) : 0);
  if (failure.kind === "compile") return compileFailed(failure.message);
  return networkFailed(WASM, failure.message);
}

// ------------------------------------------------------------------ start

async function start(settings) {
  const started = performance.now();
  let fail;
  const fatal = new Promise((_, reject) => (fail = reject));
  fatal.catch(() => {});
  const progress = new Progress(settings.sizes);
  state.fail = fail;
  state.progress = progress;
  guard(settings.pyodide, progress, fail);
  try {
    const rules = early(download(settings.rules, fail).then((response) => response.text()));
    const wheels = early(Promise.all(settings.wheels.map((url) => download(url, fail).then((r) => r.arrayBuffer()))));
    const { loadPyodide } = await Promise.race([import(settings.pyodide + "pyodide.mjs"), fatal]).catch((error) => {
      throw error instanceof StartError ? error : new StartError("pyodide.mjs", failedModule(error));
    });
    const pyodide = await Promise.race([
      loadPyodide({ indexURL: settings.pyodide, stdout: () => {}, stderr: (m) => console.warn(m) }),
      fatal,
    ]);
    post({ type: "progress", step: "rules", done: 1, total: 1 });
    // Pure-Python wheels built by the handbook: unpacked into site-packages, no resolver needed.
    const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
    for (const wheel of await Promise.race([wheels, fatal])) {
      pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    }
    state.modules.browser = pyodide.pyimport("calculator.browser");
    state.modules.browser.load(await Promise.race([rules, fatal]));
    // Team files are read and written by their own module, imported the first time a team file is used.
    state.pyodide = pyodide;
    post({ type: "ready", loadMs: Math.round(performance.now() - started) });
  } catch (error) {
    const known = error instanceof StartError;
    console.error(error);
    post({ type: "failed", file: known ? error.file : "", message: known ? error.message : unknown(error) });
  }
}

function early(promise) {
  // Started before anything awaits it; a failure is reported where it is awaited.
  promise.catch(() => {});
  return promise;
}

async function download(url, fail) {
  // A wheel or the rules: small files, fetched whole; a failure names the file.
  const name = fileName(url);
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw report(fail, new StartError(name, networkFailed(name, error)));
  }
  if (!response.ok) throw report(fail, new StartError(name, httpFailed(name, response.status)));
  return response;
}

function report(fail, error) {
  fail(error);
  return error;
}

function fileName(url) {
  return new URL(url, self.location.href).pathname.split("/").pop();
}

// ------------------------------------------------------------------ Pyodide's own downloads

// Pyodide fetches its files with the global `fetch` and compiles the wasm with
// `WebAssembly.instantiateStreaming` (read when it runs, so wrapping them here applies). Left
// alone, a file that fails to download only logs a warning and Pyodide waits for ever; these
// wrappers turn every such failure into `fail` at once, count the bytes of a real download for
// the progress bar, and end a download that makes no progress for STALL_MS.
//
// The wasm itself is not fetched here: the page compiles it and sends the Module. Compiled in a
// worker, Chromium keeps its compiled code for the next visit only from the second visit on (and
// not at all from a copy the service worker answers), so every first return compiled the whole
// wasm again; compiled by the page, the next visit finds it compiled.
function guard(indexURL, progress, fail) {
  const plainFetch = self.fetch.bind(self);
  const plainInstantiate = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const placeholders = new WeakSet(); // what Pyodide's fetch of the wasm gets: the Module comes from the page
  self.fetch = async (input, init = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(indexURL)) return plainFetch(input, init);
    const name = fileName(url);
    if (name === WASM) {
      const placeholder = new Response(new Uint8Array(0), { headers: { "content-type": "application/wasm" } });
      placeholders.add(placeholder);
      return placeholder;
    }
    const cached = await fromCache(url);
    if (cached && acceptable(name, cached)) {
      progress.add(name, progress.size(name));
      return cached;
    }
    progress.fetching(name);
    return counted(plainFetch, url, init, name, progress, fail);
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!placeholders.has(response)) return plainInstantiate(response, imports);
    const module = await state.wasm.promise;
    try {
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    } catch (error) {
      fail(new StartError(WASM, compileFailed(error)));
      throw error;
    }
  };
}

async function fromCache(url) {
  // The service worker's copy (repeat visits), or null. The HTTP cache is not asked with
  // `only-if-cached`: that is a second request for every file on a first visit, and from the
  // second visit on the service worker holds the files.
  try {
    return (self.caches && (await self.caches.match(url))) || null;
  } catch {
    return null;
  }
}

function acceptable(name, response) {
  return response.ok && (!name.endsWith(".wasm") || wasmType(response));
}

function wasmType(response) {
  return (response.headers.get("content-type") || "").split(";")[0].trim() === "application/wasm";
}

async function counted(plainFetch, url, init, name, progress, fail) {
  const abort = new AbortController();
  const stalled = (done) => () => {
    abort.abort();
    fail(new StartError(name, stallFailed(name, done, progress.size(name))));
  };
  let timer = setTimeout(stalled(0), STALL_MS);
  let response;
  try {
    response = await plainFetch(url, { ...init, signal: abort.signal });
  } catch (error) {
    clearTimeout(timer);
    if (!abort.signal.aborted) fail(new StartError(name, networkFailed(name, error)));
    throw error;
  }
  clearTimeout(timer);
  if (!response.ok) {
    fail(new StartError(name, httpFailed(name, response.status)));
    return response;
  }
  if (name.endsWith(".wasm") && !wasmType(response)) {
    fail(new StartError(name, mimeFailed(name, response.headers.get("content-type"))));
    return response;
  }
  if (!response.body) return response;
  let done = 0;
  timer = setTimeout(stalled(done), STALL_MS);
  const counter = new TransformStream({
    transform(chunk, controller) {
      done += chunk.byteLength;
      clearTimeout(timer);
      timer = setTimeout(stalled(done), STALL_MS);
      progress.add(name, chunk.byteLength);
      controller.enqueue(chunk);
    },
    flush() {
      clearTimeout(timer);
    },
  });
  const body = response.body.pipeThrough(counter);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

class Progress {
  // Bytes received of the files whose sizes the build wrote into the page (Content-Length may be absent).
  constructor(sizes) {
    this.sizes = sizes || {};
    this.total = Object.values(this.sizes).reduce((a, b) => a + b, 0);
    this.done = 0;
    this.last = 0;
    this.counted = {};
    this.network = new Set(); // counted files being fetched over the network, not yet complete
  }

  fetching(name) {
    if (name in this.sizes) this.network.add(name);
    this.post(false);
  }

  size(name) {
    return this.sizes[name] || 0;
  }

  add(name, bytes) {
    if (!(name in this.sizes)) return;
    const before = this.counted[name] || 0;
    const now = Math.min(before + bytes, this.size(name));
    this.counted[name] = now;
    this.done += now - before;
    if (now >= this.size(name)) this.network.delete(name);
    this.post(true);
  }

  post(throttled) {
    const time = performance.now();
    if (this.done >= this.total || !throttled || time - this.last > 100) {
      this.last = time;
      const step = this.done >= this.total ? "start" : "download";
      post({ type: "progress", step, done: this.done, total: this.total, waiting: [...this.network] });
    }
  }
}

// ------------------------------------------------------------------ messages for a manager and for IT

function httpFailed(name, status) {
  const hint =
    status === 404
      ? `服务器上没有这个文件：请 IT 确认网站完整部署了构建输出（site/ 整个目录，含 assets/）。`
      : `请稍后重试；若持续出现，请 IT 检查 Web 服务器或代理对该文件的处理。`;
  return `${name} 下载失败（HTTP ${status}）。${hint}`;
}

function mimeFailed(name, type) {
  return (
    `${name} 的 MIME 类型是 ${type ? `“${type}”` : "空的"}，浏览器只接受 application/wasm。` +
    `请 IT 在 Web 服务器（或代理）上为 .wasm 文件配置 Content-Type: application/wasm（nginx 的 mime.types 含 “application/wasm wasm;”）。`
  );
}

function networkFailed(name, error) {
  const offline = self.navigator && self.navigator.onLine === false;
  const why = offline ? "浏览器处于离线状态" : `网络连接中断（${error && error.message ? error.message : error}）`;
  return `${name} 下载失败：${why}。请检查网络连接后重试；若持续出现，请 IT 检查代理或防火墙是否拦截了该文件。`;
}

function stallFailed(name, done, total) {
  const got = total ? `（已收到 ${(done / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB）` : "";
  return (
    `${name} 下载已有 ${STALL_MS / 1000} 秒没有进展${got}。请检查网络连接后重试；` +
    `若持续出现，请 IT 检查代理是否拦截或限速了大文件下载。`
  );
}

function compileFailed(error) {
  return (
    `pyodide.asm.wasm 无法编译（${error && error.message ? error.message : error}）。` +
    `文件可能不完整或被代理改写：请 IT 重新部署该文件，并确认代理不压缩、不改写 .wasm。`
  );
}

function failedModule(error) {
  return `pyodide.mjs 无法载入（${error && error.message ? error.message : error}）。请 IT 确认 assets/pyodide/ 已部署，且 .mjs 以 text/javascript 提供。`;
}

function unknown(error) {
  const text = String((error && error.message) || error || "未知错误");
  return `启动时出现错误（${text.trim().split("\n").pop().slice(0, 200)}）。请重试；若持续出现，请把本页地址发给手册维护人员。`;
}

// ------------------------------------------------------------------ calls

async function answer({ id, module, name, args }) {
  try {
    await state.ready;
    if (!state.pyodide) throw new Error("计算引擎未能加载");
    if (module === "teamfile") state.modules.teamfile ??= state.pyodide.pyimport("teamfile");
    const target = state.modules[module];
    const fn = target[(state.aliases[module] || {})[name] || name];
    let value = fn(...args);
    if (value && typeof value.toJs === "function") {
      const proxy = value;
      value = proxy.toJs(); // bytes arrive as a Uint8Array
      proxy.destroy();
    }
    self.postMessage({ type: "answer", id, value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (error) {
    post({ type: "answer", id, error: String((error && error.message) || error) });
  }
}
