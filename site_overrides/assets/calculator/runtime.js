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

function bootConfig(root) {
  // Asset paths are written into the page relative to it; Pyodide needs absolute URLs.
  return {
    pyodide: absolute(root.dataset.pyodide),
    rules: absolute(root.dataset.rules),
    wheels: JSON.parse(root.dataset.wheels).map(absolute),
  };
}

async function start(config) {
  runtime.startedAt = performance.now();
  report(5, "正在下载 Python 运行环境（首次约 13 MB，之后由浏览器缓存）……可以先填写表单。");
  const rules = fetch(config.rules).then((response) => {
    if (!response.ok) throw new Error(`规则文件下载失败（HTTP ${response.status}）`);
    return response.text();
  });
  const { loadPyodide } = await import(config.pyodide + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: config.pyodide, stdout: () => {}, stderr: (m) => console.warn(m) });
  report(70, "正在加载定级规则……");
  // loadPackage reports a failed download through errorCallback and resolves anyway.
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

export function boot(root) {
  if (!runtime.promise) {
    runtime.promise = start(bootConfig(root)).catch((error) => {
      runtime.error = error;
      console.error(error);
      report(0, "计算引擎加载失败：" + (error && error.message ? error.message : String(error)));
      throw error;
    });
  }
  return runtime.promise;
}
