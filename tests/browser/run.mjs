// Browser tests for the generated site: builds the sample site with both themes, serves each
// build from 127.0.0.1 (the second under a base_url sub-path), and drives headless Chromium.
// Usage: node run.mjs   (JIANBAO_BIN = path of the jianbao binary; default target/debug/jianbao)
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const target = path.join(repo, "target");
const shots = path.join(target, "screenshots");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const bin = process.env.JIANBAO_BIN || path.join(target, "debug", "jianbao");

const failures = [];
const searchCounts = {};
let checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) {
    failures.push(what);
    console.log("  FAIL " + what);
  }
}
function log(s) { console.log(s); }

if (!fs.existsSync(chromium)) {
  console.error(`chromium not found at ${chromium}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM)`);
  process.exit(2);
}
if (!fs.existsSync(bin)) {
  console.error(`jianbao binary not found at ${bin}: run cargo build first (or set JIANBAO_BIN)`);
  process.exit(2);
}
const { chromium: pw } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** A site folder in a temp dir: links to the repo's content and themes, its own site.yaml. */
function siteWith(name, overrides) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jianbao-${name}-`));
  for (const sub of ["content", "themes"]) fs.symlinkSync(path.join(repo, sub), path.join(dir, sub));
  let yaml = fs.readFileSync(path.join(repo, "site.yaml"), "utf8");
  for (const [key, value] of Object.entries(overrides)) {
    const line = `${key}: ${value}`;
    yaml = new RegExp(`^${key}:.*$`, "m").test(yaml) ? yaml.replace(new RegExp(`^${key}:.*$`, "m"), line) : yaml + `\n${line}\n`;
  }
  fs.writeFileSync(path.join(dir, "site.yaml"), yaml);
  const out = path.join(target, "browser-site", name);
  const started = Date.now();
  execFileSync(bin, ["build", "--config", path.join(dir, "site.yaml"), "--output", out], { stdio: "inherit" });
  log(`built ${name} in ${Date.now() - started} ms`);
  return out;
}

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".wasm": "application/wasm" };

/** Serves `root` under the URL prefix `mount` (`/` or `/digest/`); 404.html for anything missing. */
function serve(root, mount) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!p.startsWith(mount)) p = "\0";
    let file = path.join(root, p.slice(mount.length));
    if (!file.startsWith(root)) file = "\0";
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      res.writeHead(404, { "content-type": types[".html"] });
      return res.end(fs.readFileSync(path.join(root, "404.html")));
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function noOverflow(page, label) {
  const o = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  check(o.sw <= o.cw + 1, `${label}: no horizontal overflow (scrollWidth ${o.sw} > ${o.cw})`);
}

async function axe(page, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) log(`  axe ${label}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0].target}`);
  check(bad.length === 0, `${label}: axe-core reports ${bad.length} serious/critical violations`);
}

async function runTheme(browser, theme, out, mount) {
  const server = await serve(out, mount);
  const base = `http://127.0.0.1:${server.address().port}${mount}`;
  log(`\n== theme ${theme}, served at ${base}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("favicon.ico") && !r.url().includes("/no/such/page/")) errors.push(`${r.status()} ${r.url()}`); });

  // Digest → card → article.
  await page.goto(base);
  check((await page.getAttribute("html", "lang")) === "zh-CN", `${theme}: <html lang="zh-CN">`);
  check(await page.locator('meta[name="description"]').count() === 1, `${theme}: meta description`);
  check(await page.locator('meta[property="og:title"]').count() === 1, `${theme}: Open Graph title`);
  check(await page.locator('link[rel="icon"]').count() === 1, `${theme}: favicon link`);
  const cards = page.locator(".card");
  const published = await page.evaluate(() => fetch("data/articles.json").then((r) => r.json()));
  check(await cards.count() === published.length, `${theme}: digest shows one card per article (${published.length}, got ${await cards.count()})`);
  const dates = await page.locator(".card time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
  check(dates.join() === [...dates].sort().reverse().join(), `${theme}: cards newest first (${dates})`);
  check(await page.locator(".headline-figures a").count() >= 3, `${theme}: headline key figures`);
  // The first card (newest first) whose article has figures, so the sidebar step below has one.
  const withFigures = published.findIndex((a) => a.figures.length > 0);
  check(withFigures >= 0, `${theme}: some article has figures`);
  const card = page.locator(".card-title a").nth(Math.max(withFigures, 0));
  const firstTitle = (await card.textContent()).trim();
  await card.click();
  await page.waitForLoadState();
  check((await page.locator("h1").first().textContent()).trim() === firstTitle, `${theme}: card opens its article`);
  const articleUrl = page.url();

  // A figure in the sidebar → its highlighted words.
  const fig = page.locator('.figure-sidebar a[href^="#fig-"]').first();
  check(await fig.count() === 1, `${theme}: the figure sidebar links to marked words`);
  const figText = (await fig.locator(".figure-value").textContent()).trim();
  await fig.click();
  await page.waitForTimeout(300);
  const target = await page.evaluate(() => {
    const t = document.querySelector(":target");
    if (!t) return null;
    const r = t.getBoundingClientRect();
    return { tag: t.tagName, text: t.textContent, bg: getComputedStyle(t).backgroundColor, inView: r.top >= 0 && r.bottom <= innerHeight };
  });
  check(target && target.tag === "MARK" && target.text === figText, `${theme}: figure link targets <mark>${figText}</mark> (got ${JSON.stringify(target)})`);
  check(target && target.bg !== "rgba(0, 0, 0, 0)" && target.inView, `${theme}: the targeted figure is highlighted and scrolled into view`);
  await page.screenshot({ path: path.join(shots, `${theme}-figure-target.png`) });

  // A headline figure on the digest → the sentence on its article page.
  await page.goto(base);
  const headline = page.locator(".headline-figures a").first();
  const href = await headline.getAttribute("href");
  await headline.click();
  await page.waitForLoadState();
  const landed = await page.evaluate(() => document.querySelector(":target")?.tagName || null);
  check(landed === "MARK" || landed === "P", `${theme}: headline figure ${href} lands on its sentence (${landed})`);

  // Search: Chinese words and numbers, then open a result.
  for (const [query, expect] of [["核酸", "核酸"], ["核酸检测", "核酸"], ["志愿者", "志愿者"], ["2861", "2861"], ["531.94", "531.94"]]) {
    await page.goto(base + "search/");
    await page.fill("#search-input", query);
    await page.press("#search-input", "Enter");
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0 || /没有|无法/.test(document.getElementById("search-status").textContent), null, { timeout: 10000 }).catch(() => {});
    const n = await page.locator("#search-results li").count();
    const marks = await page.locator("#search-results mark").allTextContents();
    check(n > 0, `${theme}: search "${query}" finds articles`);
    // The broadsheet build splits its index into parts (search_shard_articles: 4): merged in
    // the browser, they must find what the one-part index of the default build finds, and
    // still list the newest first.
    const found = (await page.locator("#search-status").textContent()).match(/找到 (\d+) 篇/)?.[1];
    searchCounts[theme + query] = found;
    if (theme === "broadsheet") check(found && found === searchCounts["default" + query], `${theme}: search "${query}" over merged index parts finds ${found} articles, as the single index finds ${searchCounts["default" + query]}`);
    const shownDates = await page.locator("#search-results .meta").evaluateAll((ps) => ps.map((p) => (p.textContent.match(/\d{4}-\d{2}-\d{2}/) || [""])[0]));
    check(shownDates.every((d, i) => i === 0 || !d || shownDates[i - 1] >= d), `${theme}: search "${query}" lists the newest first (${shownDates.slice(0, 6)})`);
    check(marks.some((m) => m.includes(expect) || expect.includes(m)), `${theme}: search "${query}" highlights it in excerpts (${marks.slice(0, 5)})`);
    if (query === "2861") {
      await page.screenshot({ path: path.join(shots, `${theme}-search.png`), fullPage: false });
      const link = page.locator("#search-results a").first();
      const title = (await link.textContent()).trim();
      await link.click();
      await page.waitForLoadState();
      check((await page.locator("h1").first().textContent()).trim() === title, `${theme}: a search result opens its article`);
    }
  }
  await page.goto(base + "search/");
  await page.waitForSelector("#filter-place", { timeout: 10000 }).catch(() => {});
  const placeOptions = await page.locator("#filter-place option").count();
  check(placeOptions > 1, `${theme}: search offers place filters`);
  check(await page.locator("#filter-keyword option").count() > 1 && await page.locator("#filter-category option").count() > 1, `${theme}: search offers keyword and category filters`);
  if (placeOptions > 1) {
    await page.selectOption("#filter-place", { index: 1 });
    await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null, { timeout: 10000 }).catch(() => {});
    check(await page.locator("#search-results li").count() > 0, `${theme}: a place filter alone lists its articles`);
  }

  // A category page shows its key figures and links to the figures table filtered to it.
  await page.goto(base + "categories/");
  await page.locator("main a[href*='categories/']").first().click();
  await page.waitForLoadState();
  const more = page.locator("p.more a");
  check(await more.count() === 1, `${theme}: a category page links to all its figures`);
  if (await more.count() === 1) {
    const chips = await page.locator("#term-figures ~ ul li").count();
    await more.click();
    await page.waitForLoadState();
    const code = new URL(page.url()).searchParams.get("category");
    const shown = await page.locator("#figure-table tbody tr:visible").count();
    const ofCategory = await page.locator(`#figure-table tbody tr[data-category="${code}"]`).count();
    check(code && shown === ofCategory && shown >= chips && (await page.locator("#filter-category").inputValue()) === code,
      `${theme}: the link opens the figures table filtered to ${code} (${shown} rows of ${ofCategory}; the page showed ${chips} key figures)`);
  }

  // Figures table: complete without JS, filtered and sorted with it.
  await page.goto(base + "figures/");
  const all = await page.locator("#figure-table tbody tr").count();
  check(all > 100, `${theme}: the figures table lists every figure (${all})`);
  await page.selectOption("#filter-category", "people");
  const visible = await page.locator("#figure-table tbody tr:visible").count();
  const people = await page.locator('#figure-table tbody tr[data-category="people"]').count();
  check(visible === people && visible > 0 && visible < all, `${theme}: category filter shows ${visible} rows = ${people} people rows`);
  await page.selectOption("#filter-place", { index: 1 });
  const both = await page.locator("#figure-table tbody tr:visible").count();
  check(both <= visible, `${theme}: place filter narrows further (${both})`);
  await page.selectOption("#filter-category", "");
  await page.selectOption("#filter-place", "");
  await page.locator("#figure-table thead th button").first().click();
  await page.locator("#figure-table thead th button").first().click();
  const values = await page.locator("#figure-table tbody tr td.num").evaluateAll((tds) => tds.slice(0, 20).map((td) => parseFloat(td.dataset.value)));
  check(values.every((v, i) => i === 0 || values[i - 1] >= v), `${theme}: sorting by value descending works (${values.slice(0, 5)})`);
  await page.screenshot({ path: path.join(shots, `${theme}-figures-sorted.png`) });

  // Every kind of page at phone and desktop widths, with axe.
  const tagHref = await (await page.goto(base + "tags/"), page.locator(".term-cloud a").first().getAttribute("href"));
  const pages = {
    digest: base,
    article: articleUrl,
    tags: base + "tags/",
    term: new URL(tagHref, base + "tags/").href,
    places: base + "places/",
    categories: base + "categories/",
    timeline: base + "timeline/",
    figures: base + "figures/",
    search: base + "search/?q=" + encodeURIComponent("核酸"),
    notfound: base + "no/such/page/",
  };
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(url);
      await page.waitForLoadState("networkidle");
      await noOverflow(page, `${theme} ${name} @${width}px`);
      await page.screenshot({ path: path.join(shots, `${theme}-${name}-${width}.png`), fullPage: name !== "figures" });
      await axe(page, `${theme} ${name} @${width}px`);
    }
  }
  // Dark mode and print keep working.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(articleUrl);
  await page.screenshot({ path: path.join(shots, `${theme}-article-dark.png`) });
  await axe(page, `${theme} article (dark)`);
  await page.emulateMedia({ colorScheme: "light", media: "print" });
  const navShown = await page.evaluate(() => document.querySelector("nav[aria-label]").checkVisibility());
  check(!navShown, `${theme}: print hides the navigation`);
  const tables = await page.evaluate(() => [...document.querySelectorAll(".chart-data table")].every((t) => t.getBoundingClientRect().height > 0));
  check(tables, `${theme}: print shows every chart's data table`);
  await page.emulateMedia({ media: "screen" });
  check(errors.length === 0, `${theme}: no page errors or failed requests (${errors.slice(0, 5)})`);
  await context.close();
  server.close();
}

function vnu(dir, label) {
  const jar = require("vnu-jar");
  const r = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", dir], { encoding: "utf8", maxBuffer: 1 << 26 });
  let messages = [];
  try { messages = JSON.parse(r.stderr || r.stdout || "{}").messages || []; } catch { messages = [{ message: r.stderr }]; }
  const errs = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  for (const m of errs.slice(0, 10)) log(`  vnu ${label}: ${m.url?.split("/browser-site/")[1]}:${m.lastLine}: ${m.message}`);
  const pages = fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".html")).length;
  log(`vnu checked ${pages} pages of ${label}: ${errs.length} errors`);
  check(errs.length === 0, `${label}: vnu reports ${errs.length} HTML errors`);
}

fs.mkdirSync(shots, { recursive: true });
const defaultOut = siteWith("default", {});
const broadsheetOut = siteWith("broadsheet", { theme: "broadsheet", base_url: "https://example.org/digest/", search_shard_articles: 4 });
const shardFolders = JSON.parse(fs.readFileSync(path.join(broadsheetOut, "pagefind", "jianbao-search.json"), "utf8")).shards;
check(shardFolders.length >= 3, `broadsheet: the search index is built in parts (${shardFolders.length + 1})`);
vnu(defaultOut, "default");
vnu(broadsheetOut, "broadsheet");
const browser = await pw.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  await runTheme(browser, "default", defaultOut, "/");
  await runTheme(browser, "broadsheet", broadsheetOut, "/digest/");
  // From the file system: pages and links work (search needs a server).
  const page = await browser.newPage();
  await page.goto("file://" + path.join(defaultOut, "index.html"));
  await page.locator(".card-title a").first().click();
  await page.waitForLoadState();
  check(page.url().endsWith("/index.html") && (await page.locator(".article h1").count()) === 1, `file://: a card opens its article (${page.url()})`);
  await page.close();
} finally {
  await browser.close();
}
log(`\n${checks - failures.length}/${checks} checks passed; screenshots in ${shots}`);
if (failures.length) {
  log("FAILED:\n- " + failures.join("\n- "));
  process.exit(1);
}
