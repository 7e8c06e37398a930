// jianbao search page: pagefind's index (built in-process at the end of `jianbao build`)
// behind a small form of our own, so the page keeps the theme's look and accessible labels.
const here = new URL("./", import.meta.url);
const labels = { place: "地点", keyword: "关键词", category: "类别" };
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

async function main() {
  let pagefind;
  let dates = {};
  let parts = {};
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", here).href);
    const options = { baseUrl: here.pathname, excerptLength: 40 };
    await pagefind.options(options);
    // A large site's index comes in parts: merge the others into the first, and keep each
    // result's date, since pagefind orders merged results by score whatever sort is asked for.
    const manifest = await fetch(new URL("pagefind/jianbao-search.json", here)).then((r) => r.json());
    for (const shard of manifest.shards) {
      await pagefind.mergeIndex(new URL("pagefind/" + shard, here).pathname, options);
    }
    dates = manifest.dates;
    parts = manifest.parts || {};
  } catch (e) {
    status.textContent = "无法加载搜索索引（从本地文件打开时浏览器不允许）。请通过网站服务器访问。";
    return;
  }
  const filters = await pagefind.filters();
  const selects = {};
  for (const name of Object.keys(labels)) {
    const values = Object.keys(filters[name] || {}).sort((a, b) => a.localeCompare(b, "zh-CN"));
    if (!values.length) continue;
    const label = document.createElement("label");
    label.textContent = labels[name] + " ";
    const select = document.createElement("select");
    select.name = name;
    select.id = "filter-" + name;
    select.innerHTML = '<option value="">全部</option>' +
      values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}（${filters[name][v]}）</option>`).join("");
    select.addEventListener("change", run);
    label.appendChild(select);
    filterBox.appendChild(label);
    selects[name] = select;
  }

  async function run(event) {
    if (event) event.preventDefault();
    const query = input.value.trim();
    const chosen = {};
    for (const [name, select] of Object.entries(selects)) if (select.value) chosen[name] = select.value;
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    if (!query && !Object.keys(chosen).length) {
      list.innerHTML = "";
      status.textContent = "";
      return;
    }
    status.textContent = "搜索中…";
    const search = await pagefind.search(query || null, { filters: chosen, sort: { date: "desc" } });
    const found = query ? await foundInEveryPart(search.results, query) : search.results;
    // Newest first across every part; results of one date keep pagefind's order.
    const newest = found.slice().sort((a, b) => (dates[b.id] || "").localeCompare(dates[a.id] || ""));
    const results = await Promise.all(newest.slice(0, 30).map((r) => r.data()));
    status.textContent = results.length ? `找到 ${found.length} 篇文章（按日期从新到旧）` : "没有找到结果。";
    list.innerHTML = results
      .map((r) => {
        const meta = [r.meta.date, r.meta.source].filter(Boolean).map(escapeHtml).join(" · ");
        // Pagefind's excerpt is HTML it escaped itself, with the matches in <mark>.
        return `<li><h2><a href="${escapeHtml(r.url)}">${escapeHtml(r.meta.title || r.url)}</a></h2>` +
          (meta ? `<p class="meta">${meta}</p>` : "") + `<p class="excerpt">${r.excerpt}</p></li>`;
      })
      .join("");
  }

  // A part of the index that lacks a query word answers with its longest prefix instead
  // (pagefind's fallback for a miss: "2861" finds "2起"). Check the best result of each part for
  // the query's words (split as pagefind splits Chinese, with ICU's word segmenter) and keep
  // only the parts that found them.
  async function foundInEveryPart(results, query) {
    const words = typeof Intl.Segmenter === "function"
      ? [...new Intl.Segmenter("zh", { granularity: "word" }).segment(query)].filter((s) => s.isWordLike).map((s) => s.segment)
      : query.split(/\s+/);
    const terms = words.map((w) => w.toLowerCase().replace(/"/g, "")).filter(Boolean);
    const byPart = new Map();
    for (const r of results) {
      const part = parts[r.id] || 0;
      if (!byPart.has(part) || byPart.get(part).score < r.score) byPart.set(part, r);
    }
    const genuine = new Set();
    await Promise.all([...byPart].map(async ([part, best]) => {
      const text = ((await best.data()).content || "").toLowerCase();
      if (terms.every((t) => text.includes(t))) genuine.add(part);
    }));
    return results.filter((r) => genuine.has(parts[r.id] || 0));
  }

  form.addEventListener("submit", run);
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
}
main();
