// The browser test of one `sitc report` page: node check_report.mjs REPORT.html SHOT.png [--expect-charts N]
// Opens the file in headless Chromium (the Debian package: /usr/bin/chromium, or $CHROMIUM), refuses every request
// that is not the file itself (a report must open with no network), waits for the page's script to finish, and
// fails unless every chart rendered as SVG with marks, there are at least N charts, and nothing was logged as an
// error. Saves a full-page screenshot either way.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const args = process.argv.slice(2);
let expect = 1;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === "--expect-charts") expect = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 2 || !Number.isInteger(expect)) {
  console.error("usage: node check_report.mjs REPORT.html SHOT.png [--expect-charts N]");
  process.exit(2);
}
const [report, shot] = files;
const url = pathToFileURL(path.resolve(report)).href;
const problems = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // No sandbox (CI runs as root); no background connections (the test machines have no network to give them).
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push("console error: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith("data:")) return route.continue();
    problems.push("the report requested " + u);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='1']", { timeout: 120000 });
  const charts = await page.$$eval(".chart[data-chart]", (divs) => divs.map((d) => ({
    rendered: d.dataset.rendered || "",
    marks: d.querySelectorAll("svg .mark-rect path, svg .mark-area path, svg .mark-line path, svg .mark-rule line, svg .mark-symbol path").length,
    title: (d.querySelector("svg .role-title-text") || {}).textContent || "(untitled)",
  })));
  for (const c of charts) {
    if (c.rendered !== "1") problems.push(`chart "${c.title}" did not render (${c.rendered || "pending"})`);
    else if (c.marks === 0) problems.push(`chart "${c.title}" has no marks`);
  }
  if (charts.length < expect) problems.push(`${charts.length} charts, expected at least ${expect}`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`${report}: ${charts.length} charts, ${charts.filter((c) => c.rendered === "1" && c.marks > 0).length} rendered; screenshot ${shot}`);
} finally {
  await browser.close();
}
for (const p of problems) console.error(`${report}: ${p}`);
process.exit(problems.length ? 1 : 0);
