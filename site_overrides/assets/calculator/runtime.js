// Pyodide, started once per page load. The promise lives in module scope: Material's instant
// navigation swaps the page content but keeps the window and its module map, so every
// calculator page visited until the next full load reuses the same runtime.

export const runtime = { promise: null, progress: 0, text: "", startedAt: 0, loadMs: null, error: null };
let listener = null;

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
  // Asset paths are written into the page relative to it; Pyodide needs absolute URLs.
  const wheels = typeof settings.wheels === "string" ? JSON.parse(settings.wheels) : settings.wheels;
  return { pyodide: absolute(settings.pyodide), rules: absolute(settings.rules), wheels: wheels.map(absolute) };
}

async function download(url, what) {
  const response = await fetch(url);
  if (!response.ok) {
    const name = new URL(url).pathname.split("/").pop();
    throw new Error(`${what} ${name} 下载失败（HTTP ${response.status}）`);
  }
  return response;
}

function early(promise) {
  // Started before anything awaits it; a failure is reported where it is awaited.
  promise.catch(() => {});
  return promise;
}

async function start(config) {
  runtime.startedAt = performance.now();
  report(5, "正在下载计算引擎（首次约 13 MB，之后由浏览器缓存）……可以先填写表单。");
  // The rules and the two wheels download while Pyodide starts, not after it.
  const rules = early(download(config.rules, "规则文件").then((response) => response.text()));
  const wheels = early(
    Promise.all(
      config.wheels.map((url) =>
        download(url, "程序包").then((response) => response.arrayBuffer()),
      ),
    ),
  );
  const { loadPyodide } = await import(config.pyodide + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: config.pyodide, stdout: () => {}, stderr: (m) => console.warn(m) });
  report(70, "正在加载定级规则……");
  // Pure-Python wheels built by the handbook: unpacked into site-packages, no resolver needed.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const wheel of await wheels) pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  const browser = pyodide.pyimport("calculator.browser");
  browser.load(await rules);
  runtime.loadMs = Math.round(performance.now() - runtime.startedAt);
  report(100, `计算引擎已就绪（加载用时 ${(runtime.loadMs / 1000).toFixed(1)} 秒）。结果随输入实时更新。`);
  let teamfile = null;
  return {
    browser,
    // Team files are read and written by their own module, imported the first time a team file is used.
    get teamfile() {
      teamfile ??= pyodide.pyimport("teamfile");
      return teamfile;
    },
  };
}

// `source` is the calculator's root element, whose data attributes name the files, or the same
// settings as an object: a calculator page's <head> starts the runtime with them while the rest
// of the page is still parsing (site_overrides/main.html).
export function boot(source) {
  if (!runtime.promise) {
    runtime.promise = start(bootConfig(source.dataset ?? source)).catch((error) => {
      runtime.error = error;
      console.error(error);
      report(0, "计算引擎加载失败：" + (error && error.message ? error.message : String(error)));
      throw error;
    });
  }
  return runtime.promise;
}
