// The handbook's service worker (written by generator/calculator_site/offline.py): repeat visits to
// the calculator pages need no network. It keeps the engine (Pyodide, the wheels, the rules), the
// calculator scripts and pages when it installs. The engine is answered cache-first (its names
// carry the Pyodide version or a content hash); everything else of the site network-first, the
// kept copy offline. CACHE names this build, so a new build installs a new worker that fetches
// the files again and deletes the old copies.

const CACHE = "handbook-" + "__VERSION__";
const KEEP = __PRECACHE__; // relative to this file, which sits at the site's root
const FIRST = __CACHE_FIRST__; // path prefixes (relative to the root) served from the cache first

const scope = () => self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(KEEP.map((path) => new URL(path, scope()).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("handbook-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  // A calculator page asks to keep what it loaded before this worker controlled it (styles, scripts).
  if (!event.data || event.data.type !== "keep") return;
  const urls = event.data.urls.filter((url) => url.startsWith(scope()));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => keep(cache, url)))));
});

async function keep(cache, url) {
  if (await cache.match(url)) return;
  try {
    const response = await fetch(url);
    if (keepable(response)) await cache.put(url, response);
  } catch {
    // not kept: fetched again next time
  }
}

function keepable(response) {
  // Only complete answers of this site (no opaque, redirected or partial responses).
  return response.status === 200 && response.type === "basic";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope())) return;
  const path = request.url.slice(scope().length);
  // Online, Pyodide's files go to the HTTP cache, which keeps the compiled wasm code with them (a copy
  // from this cache is compiled anew on every visit); offline, the kept copies serve.
  if (path.startsWith("assets/pyodide/") && self.navigator.onLine) return;
  event.respondWith(FIRST.some((prefix) => path.startsWith(prefix)) ? cacheFirst(event) : networkFirst(event));
});

async function cacheFirst(event) {
  // Returned as kept, never rebuilt: a new Response around the same bytes loses Chromium's cache
  // of the compiled WebAssembly.
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request, { ignoreVary: true });
  if (kept) return kept;
  if (event.request.cache === "only-if-cached") return Response.error();
  const response = await fetch(event.request);
  if (keepable(response)) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

async function networkFirst(event) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    if (keepable(response)) event.waitUntil(cache.put(event.request, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(event.request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}
