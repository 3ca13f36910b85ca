// The header's search box over the site's own search files (written by `competency build`, see
// generator/site/search_index.py): first the pages whose name is the query (one small file of the
// exact-name table under pagefind/names/), then Pagefind's ranked results (pagefind/pagefind.js,
// which downloads only the index chunks a query needs). Everything comes from this site; nothing
// typed leaves the browser but as requests for those files.
//
// Results use Material's markup and classes, so they look as Material's did; text from the index
// reaches the page as text (textContent), never as HTML. Keys: / s f open the box, ↑ ↓ walk the
// results, Enter opens one, Esc closes. Loaded once: Material's instant navigation keeps the header.

const ROOT = new URL("../../", import.meta.url); // the site root (this file is assets/javascripts/search.js)
const BUNDLE = new URL("pagefind/", ROOT);
const FIRST = 10; // results shown before 显示更多
const MORE = 10;

const TEXT = {
  placeholder: "键入职级、岗位、代码或标准名称开始搜索",
  loading: "正在载入搜索索引……",
  none: "没有找到符合条件的结果",
  count: (n) => `找到 ${n} 个符合条件的结果`,
  more: "显示更多结果",
  failed: "搜索暂时无法使用：搜索索引没有载入。请刷新页面后重试；仍不行时请联系网站管理员。",
  exact: { 职级: "职级", 别名: "职级", 岗位: "岗位", 类别: "类别", 序列: "序列", 标准: "标准" },
};

const box = typeof document === "undefined" ? null : document.querySelector("[data-handbook-search]");
if (box) start(box);

function start(box) {
  const toggle = document.getElementById("__search");
  const form = box.querySelector("form");
  const input = box.querySelector(".md-search__input");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  let pagefind = null; // the promise of the loaded Pagefind module
  let names = null; // the promise of names/meta.json
  const buckets = new Map(); // file name -> promise of its table
  let generation = 0; // the query being answered; older answers are dropped
  let openFirst = null; // the query whose first result Enter asked for before it was listed

  meta.textContent = TEXT.placeholder;

  let shortcut = 0; // counts the box's openings by a key; our own closing counts too, so a late keep gives up
  const setOpen = (open) => {
    if (!open) shortcut++;
    if (toggle && toggle.checked !== open) toggle.click(); // a click, as Material does: its change handlers run
  };

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", BUNDLE).href).then(async (module) => {
        // No Web Worker: a query takes milliseconds on the page's thread, it saves the worker's 41 KB,
        // and a busy phone can miss the worker's five-second start (Pagefind then answers nothing).
        await module.options({ baseUrl: ROOT.pathname, excerptLength: 36, noWorker: true });
        await module.init();
        return module;
      });
      pagefind.catch(() => (pagefind = null)); // a later query tries again
    }
    return pagefind;
  }

  async function exactPages(query) {
    const key = normal(query);
    if (!key) return [];
    if (!names) {
      names = fetch(new URL("names/meta.json", BUNDLE), { cache: "no-cache" }).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      });
      names.catch(() => (names = null));
    }
    const table = await names;
    const file = `${table.prefix}${bucket(key, table.files)}.json`;
    if (!buckets.has(file)) {
      const loading = fetch(new URL(`names/${file}`, BUNDLE)).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      });
      buckets.set(file, loading);
      loading.catch(() => buckets.delete(file));
    }
    return (await buckets.get(file))[key] || [];
  }

  async function run(query) {
    const mine = ++generation;
    if (!query.trim()) {
      list.replaceChildren();
      delete list.dataset.query;
      meta.textContent = TEXT.placeholder;
      return;
    }
    meta.textContent = TEXT.loading;
    // A pause while the reader types: only the query typed last is searched. (Pagefind's own
    // debouncedSearch keeps the call made last, which need not be the query typed last here.)
    await new Promise((resolve) => setTimeout(resolve, 120));
    if (mine !== generation) return;
    let exact, found;
    try {
      const [pages, module] = await Promise.all([exactPages(query), loadPagefind()]);
      exact = pages;
      found = await module.search(query);
    } catch (error) {
      if (mine === generation) {
        list.replaceChildren();
        list.dataset.query = query;
        meta.textContent = TEXT.failed;
      }
      return;
    }
    if (mine !== generation) return; // a newer query is on its way
    const exactUrls = new Set(exact.map((page) => new URL(page.url, ROOT).pathname));
    const ranked = found.results;
    // Pagefind's first results are loaded at once: an exact page among them lends its excerpt.
    const head = await Promise.all(ranked.slice(0, FIRST).map((r) => r.data()));
    if (mine !== generation) return;
    const byPath = new Map(head.map((data) => [pathOf(data.url), data]));
    const total = exact.length + ranked.length - head.filter((data) => exactUrls.has(pathOf(data.url))).length;
    let nextExact = 0;
    let nextRanked = 0;

    // The next `count` results: the exact pages first, then Pagefind's (less those already listed).
    async function next(count) {
      const items = [];
      while (items.length < count && nextExact < exact.length) {
        const page = exact[nextExact++];
        items.push(exactItem(page, byPath.get(new URL(page.url, ROOT).pathname)));
      }
      while (items.length < count && nextRanked < ranked.length) {
        const until = Math.min(ranked.length, nextRanked + count - items.length);
        const from = nextRanked;
        const data = await Promise.all(ranked.slice(from, until).map((r, i) => (from + i < head.length ? head[from + i] : r.data())));
        nextRanked = until;
        items.push(...data.filter((d) => !exactUrls.has(pathOf(d.url))).map(resultItem));
      }
      return items;
    }
    const remaining = () => nextExact < exact.length || nextRanked < ranked.length;

    function moreButton() {
      const item = document.createElement("li");
      item.className = "md-search-result__item handbook-search__more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = TEXT.more;
      button.addEventListener("click", async () => {
        const fresh = await next(MORE);
        if (mine !== generation) return;
        item.replaceWith(...fresh, ...(remaining() ? [moreButton()] : []));
        fresh[0]?.querySelector("a")?.focus();
      });
      item.append(button);
      return item;
    }

    const items = await next(FIRST);
    if (mine !== generation) return;
    list.replaceChildren(...items, ...(remaining() ? [moreButton()] : []));
    list.dataset.query = query; // which query the list answers (tests wait for it)
    meta.textContent = total ? TEXT.count(total) : TEXT.none;
    if (openFirst === query) {
      openFirst = null;
      list.querySelector("a.md-search-result__link")?.click();
    }
  }

  input.addEventListener("input", () => run(input.value));
  input.addEventListener("focus", () => {
    setOpen(true);
    loadPagefind()?.catch(() => {});
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (list.dataset.query === input.value) links()[0]?.click();
    else openFirst = input.value; // Enter before the results: open the first one when they are in
  });
  form.addEventListener("reset", () => {
    setTimeout(() => run(""), 0);
    input.focus();
  });
  toggle?.addEventListener("change", () => {
    if (toggle.checked) {
      if (document.activeElement !== input) input.focus();
    } else {
      input.blur();
    }
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) setOpen(false); // Material's instant navigation opens the page
  });

  function links() {
    return [...list.querySelectorAll("a.md-search-result__link, .handbook-search__more button")];
  }

  box.addEventListener("keydown", (event) => {
    const all = [input, ...links()];
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (at < 0 || all.length < 2) return;
      event.preventDefault();
      const next = (at + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length;
      all[next].focus();
      all[next].scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return; // Material may have handled the key too: we still focus
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && ["/", "s", "f"].includes(event.key)) {
      event.preventDefault();
      setOpen(true);
      input.focus();
      input.select();
      // Material's handlers, or its instant navigation settling, can move the focus just after: take it back
      // for a moment, unless the reader has moved it to something else on purpose.
      const mine = ++shortcut;
      const keep = () => {
        if (mine !== shortcut) return; // closed since (Escape, a result opened) or opened again
        if (toggle && !toggle.checked) setOpen(true); // Material closes the box when its navigation settles
        const here = document.activeElement;
        if (here !== input && (here === null || here === document.body || here === target)) input.focus();
      };
      requestAnimationFrame(keep);
      setTimeout(keep, 150);
      setTimeout(keep, 400);
      setTimeout(keep, 1000);
    }
  });
}

// ---------------------------------------------------------------- results

function pathOf(url) {
  return new URL(url, location.origin).pathname;
}

function exactItem(page, data) {
  const item = document.createElement("li");
  item.className = "md-search-result__item handbook-search__exact";
  const link = pageLink(new URL(page.url, ROOT).href, page.title, page.trail, data ? data.excerpt : "");
  const kind = document.createElement("span");
  kind.className = "handbook-search__kind";
  kind.textContent = TEXT.exact[page.kind] || page.kind;
  link.querySelector(".handbook-search__trail").prepend(kind);
  item.append(link);
  return item;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "md-search-result__item";
  item.append(pageLink(data.url, clean(data.meta.title || data.url), clean(data.meta.trail || ""), data.excerpt));
  const sections = (data.sub_results || []).filter((sub) => sub.url.includes("#") && clean(sub.title) !== clean(data.meta.title || ""));
  if (sections.length) {
    const nested = document.createElement("div");
    nested.className = "handbook-search__sections";
    for (const sub of sections.slice(0, 2)) {
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = sub.url;
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const heading = document.createElement("h2");
      heading.textContent = clean(sub.title);
      const text = document.createElement("p");
      text.append(excerpt(sub.excerpt));
      article.append(heading, text);
      link.append(article);
      nested.append(link);
    }
    item.append(nested);
  }
  return item;
}

function pageLink(href, title, trail, snippet) {
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = href;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-search-result__article--document md-typeset";
  const icon = document.createElement("div");
  icon.className = "md-search-result__icon md-icon";
  const heading = document.createElement("h1");
  heading.append(document.createTextNode(title));
  article.append(icon, heading);
  if (trail) {
    const where = document.createElement("p");
    where.className = "handbook-search__trail";
    where.textContent = trail;
    article.append(where);
  }
  if (snippet) {
    const text = document.createElement("p");
    text.append(excerpt(snippet));
    article.append(text);
  }
  link.append(article);
  return link;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", apos: "'" };

// Pagefind's excerpt is the page's text with &, <, > (and quotes) written as entities and the matches
// wrapped in <mark>: it is rebuilt here from text nodes and <mark> elements only.
function excerpt(html) {
  const out = document.createDocumentFragment();
  let mark = null;
  for (const part of String(html).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") {
      mark = document.createElement("mark");
    } else if (part === "</mark>") {
      if (mark) out.append(mark);
      mark = null;
    } else if (part) {
      const text = clean(part.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_m, name) => ENTITIES[name]));
      (mark || out).append(document.createTextNode(text));
    }
  }
  if (mark) out.append(mark);
  return out;
}

// Pagefind keeps the word breaks of Chinese as zero-width spaces; Material's permalink sign is no content.
function clean(text) {
  return String(text).replace(/[\u200b¶]/g, "").trim();
}

// ---------------------------------------------------------------- names (twins of search_index.py)

// NFKC, lower case, without spaces, punctuation, symbols or controls.
export function normal(text) {
  return String(text).normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\p{Z}\p{C}]/gu, "");
}

// FNV-1a (32 bit) of the UTF-8 bytes, modulo the number of files.
export function bucket(key, count) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  }
  return value % count;
}
