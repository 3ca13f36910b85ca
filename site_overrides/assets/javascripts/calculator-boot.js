// Starts a calculator page's runtime from the <head> (site_overrides/main.html), as a file so that
// the page runs under script-src 'self'. The runtime's URL and its settings are the JSON of
// #__calculator_boot (generator/calculator_site.py, head_settings), relative to the page: the
// import is resolved against the page, as an inline script's was, so it matches the page's
// <link rel="modulepreload">. A failed start is reported by calculator.js, which boots again.
const data = document.getElementById("__calculator_boot");
if (data) {
  const { runtime, settings } = JSON.parse(data.textContent);
  import(new URL(runtime, document.baseURI).href).then((module) => module.boot(settings)).catch(() => {});
}
