// Manual look: node shot.mjs FILE_OR_URL OUT.png [width] [scrollY] [dark|print]
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [url, out, width = "1280", y = "0", mode = ""] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const page = await browser.newPage({ viewport: { width: +width, height: 1000 } });
if (mode === "dark") await page.emulateMedia({ colorScheme: "dark" });
if (mode === "print") await page.emulateMedia({ media: "print" });
await page.goto(url.includes("://") ? url : "file://" + url);
await page.evaluate((y) => window.scrollTo(0, y), +y);
await page.waitForTimeout(200);
await page.screenshot({ path: out });
await browser.close();
