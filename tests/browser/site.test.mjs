// End-to-end browser test of the sample site: what a reader gets in a real Chromium.
//
//   cargo build && node --test tests/browser/
//
// Starts `grantsite serve -p 0 -r <repo>` (binary from GRANTSITE_BIN, default
// target/debug/grantsite; browser from CHROMIUM_BIN, default /usr/bin/chromium), then drives the
// pages with playwright-core. On a failure it saves screenshots under tests/browser/artifacts/.

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, repo, startServer, stopServer } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, "artifacts");

const REPORT = "reports/2024-09/";
const MOBILE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
// Pages a reader reaches from the main navigation, checked for overflow on a phone.
const NAV_PAGES = ["", REPORT, "reports/2024-q2/", "reports/", "okrs/2024/", "engagements/", "grantees/", "updates/"];
// Pages one level up from others (hackable URLs) and a key result's page, checked the same way.
const MORE_PAGES = ["okrs/", "okrs/2024/kr1-3/", "reports/2024/", "engagements/2024/", "updates/2024/", "updates/2024/python/", "grantees/freebsd/"];

let server; // { child, url, log }
let browser;
let base; // http://127.0.0.1:PORT/

// Started by the first test that needs them, so that a setup failure fails every test (and shows
// in the "# fail" count) instead of only cancelling them.
let ready;
function setup() {
  ready ??= (async () => {
    server = await startServer(repo);
    base = server.url;
    browser = await launchBrowser();
  })();
  return ready;
}

after(async () => {
  await browser?.close();
  await stopServer(server);
});

// --- helpers ----------------------------------------------------------------------------------

const url = (p = "") => new URL(p, base).href;
const squash = (s) => s.replace(/\s+/g, " ").trim();

/** Collects what a reader would see in the devtools console: errors, uncaught exceptions, CSP
 *  violations, failed or 4xx/5xx subresource loads. */
async function watch(context, page) {
  const problems = [];
  await context.exposeBinding("__gsCspViolation", (_source, v) =>
    problems.push(`CSP violation: ${v.directive} blocked ${v.blocked || "(inline)"} in ${v.source}:${v.line}`),
  );
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__gsCspViolation({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile || e.documentURI,
        line: e.lineNumber,
      }),
    );
  });
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location()?.url;
    problems.push(`console error on ${page.url()}: ${msg.text()}${where && where !== page.url() ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText || "";
    if (!why.includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()} (${why})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return problems;
}

/** Runs `fn` with a fresh page; checks the console stayed clean; screenshots on failure. */
async function withPage(t, options, fn) {
  await setup();
  const context = await browser.newContext({ colorScheme: "light", ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = await watch(context, page);
  try {
    await fn(page, problems);
    assert.deepEqual(problems, [], "the browser console should stay clean");
  } catch (error) {
    await screenshots(t.name, context, page);
    throw error;
  } finally {
    await context.close();
  }
}

async function screenshots(name, context, page) {
  const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
  try {
    await mkdir(artifacts, { recursive: true });
    if (page.url().startsWith(base)) {
      await page.screenshot({ path: path.join(artifacts, `${slug}.png`), fullPage: true });
    }
    const report = await context.newPage();
    await report.goto(url(REPORT));
    await report.screenshot({ path: path.join(artifacts, `${slug}-report.png`), fullPage: true });
    console.error(`screenshots saved in ${path.relative(repo, artifacts)}/${slug}*.png`);
  } catch (e) {
    console.error(`could not save screenshots: ${e.message}`);
  }
}

async function open(page, p) {
  const response = await page.goto(url(p), { waitUntil: "load" });
  assert.ok(response, `no response for ${url(p)}`);
  assert.equal(response.status(), 200, `GET ${url(p)}`);
  return response;
}

/** WCAG contrast of every status badge, composited over what is behind it. */
function badgeContrasts(page) {
  return page.$$eval(".kr-table .status", (badges) => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [r, g, b, a];
    };
    const over = (top, bottom, alpha) => top.map((v, i) => v * alpha + bottom[i] * (1 - alpha)).slice(0, 3);
    const backdrop = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const lum = (rgb) => {
      const [r, g, b] = rgb.map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return badges.map((el) => {
      const style = getComputedStyle(el);
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const behind = backdrop(el.parentElement);
      const bg = parse(style.backgroundColor);
      const fg = parse(style.color);
      const ownBg = over(bg, behind, bg[3]);
      const text = over(over(fg, ownBg, fg[3]), behind, opacity);
      const fill = over(ownBg, behind, opacity);
      const [hi, lo] = [lum(text), lum(fill)].sort((a, b) => b - a);
      return {
        label: el.textContent.trim(),
        row: el.closest("tr")?.id,
        ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
      };
    });
  });
}

/** Elements that stick out past the right edge of the viewport and are not inside a scroller. */
function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const inScroller = (el) => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX)) return true;
      }
      return false;
    };
    const culprits = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1 && !inScroller(el)) {
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
          (el.classList.length ? `.${[...el.classList].join(".")}` : "");
        culprits.push(`${name} (right edge ${Math.round(r.right)}px): ${el.textContent.trim().slice(0, 60)}`);
      }
    }
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      culprits: culprits.slice(0, 8),
    };
  });
}

// --- the tests --------------------------------------------------------------------------------

describe("sample site in Chromium", { timeout: 120_000 }, () => {
  test("home page loads with its CSP, stylesheet and script, and a clean console", async (t) => {
    await withPage(t, {}, async (page) => {
      const response = await open(page, "");
      assert.match(response.headers()["content-type"] || "", /^text\/html/);
      assert.ok(await page.locator("h1").first().isVisible(), "the home page shows a heading");

      const csp = await page.evaluate(() => {
        const meta = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
        const first = document.head.querySelector("link, script, style");
        return meta && {
          content: meta.getAttribute("content"),
          // A CSP meta tag only governs what comes after it.
          beforeResources: !first || !!(meta.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
      });
      assert.ok(csp, "the page has a Content-Security-Policy meta tag");
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"]) {
        assert.ok(csp.content.includes(directive), `CSP has ${directive}: ${csp.content}`);
      }
      assert.ok(csp.beforeResources, "the CSP meta tag comes before every stylesheet and script");

      const styled = await page.evaluate(() => {
        const sheet = [...document.styleSheets].find((s) => /grantsite\.css/.test(s.href || ""));
        const body = getComputedStyle(document.body);
        return {
          rules: sheet ? sheet.cssRules.length : 0,
          bodyMargin: body.margin,
          bodyDisplay: body.display,
          headerBackground: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
        };
      });
      assert.ok(styled.rules > 10, "grantsite.css loaded and parsed");
      assert.equal(styled.bodyMargin, "0px", "the stylesheet applies to body (default margin is 8px)");
      assert.equal(styled.bodyDisplay, "flex");
      assert.equal(styled.headerBackground, "rgb(18, 38, 63)", "the header has the theme's background");

      // The script ran: it builds the search box, labelled, and unhides it.
      assert.ok(await page.locator("#search").isVisible(), "grantsite.js unhides the search box");
      assert.equal(await page.locator("label[for=search]").textContent(), "Search");
      assert.equal(await page.locator("#search").getAttribute("placeholder"), "Reports, grantees, updates…");
      assert.equal(await page.locator("#search").getAttribute("aria-describedby"), "search-status");
    });
  });

  test("search finds FreeBSD pages, says when nothing matches, and Escape clears", async (t) => {
    await withPage(t, {}, async (page) => {
      await open(page, "");
      const box = page.locator("#search");
      const results = page.locator("#search-results");
      const links = results.locator("a");
      await box.waitFor({ state: "visible", timeout: 5_000 });

      await box.click();
      await box.pressSequentially("freebsd");
      await links.first().waitFor({ state: "visible", timeout: 5_000 });
      const found = await links.evaluateAll((as) => as.map((a) => ({ href: a.href, text: a.textContent })));
      assert.ok(found.length >= 1, "typing freebsd shows results");
      assert.ok(found.some((f) => /FreeBSD/.test(f.text)), `a result names FreeBSD: ${JSON.stringify(found)}`);
      assert.match(await page.locator("#search-status").textContent(), /^\d+ results?\.$/);
      for (const { href } of found.slice(0, 3)) {
        assert.equal(new URL(href).origin, new URL(base).origin, `result ${href} stays on the site`);
        const r = await page.request.get(href);
        assert.equal(r.status(), 200, `search result ${href}`);
      }

      // Keyboard: ArrowDown enters the results, Escape there clears and returns to the box.
      await box.press("ArrowDown");
      assert.equal(await page.evaluate(() => document.activeElement.href), found[0].href);
      await page.keyboard.press("Escape");
      assert.equal(await page.evaluate(() => document.activeElement.id), "search");
      assert.equal(await box.inputValue(), "");

      // A reader follows the first result.
      await box.pressSequentially("freebsd");
      await links.first().waitFor({ state: "visible", timeout: 5_000 });
      const navigation = page.waitForResponse((r) => r.request().isNavigationRequest());
      await links.first().click();
      const landed = await navigation;
      assert.equal(landed.status(), 200, `following ${landed.url()}`);
      assert.equal(page.url(), found[0].href);
      assert.ok(await page.locator("main h1").isVisible(), "the result page has a heading");

      // Nothing matches.
      await open(page, "");
      await box.click();
      await box.pressSequentially("zzzznotaword");
      const none = results.locator(".no-results");
      await none.waitFor({ state: "visible", timeout: 5_000 });
      assert.equal(squash(await none.textContent()), "No results.");
      assert.equal(await links.count(), 0);

      // Escape clears the box and closes the list.
      await box.press("Escape");
      assert.equal(await box.inputValue(), "");
      assert.equal(await results.locator("li").count(), 0);
      assert.equal(await results.isVisible(), false, "the empty result list is hidden");
    });
  });

  test("search downloads a few small index files per query and finds pages by a word or its start", async (t) => {
    await withPage(t, {}, async (page) => {
      const fetched = [];
      page.on("response", async (r) => {
        if (!new URL(r.url()).pathname.includes("/data/search")) return;
        fetched.push({ path: new URL(r.url()).pathname, bytes: (await r.body()).length });
      });
      await open(page, "");
      const box = page.locator("#search");
      const links = page.locator("#search-results a");
      await box.waitFor({ state: "visible", timeout: 5_000 });

      // A whole word (the trailing space ends it): its page is found.
      await box.fill("packagist ");
      await links.first().waitFor({ state: "visible", timeout: 5_000 });
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
      assert.ok(hrefs.includes(url("engagements/2024/php/")), `packagist finds the PHP engagement: ${hrefs}`);
      const files = fetched.map((f) => f.path);
      assert.ok(files.every((f) => /\/data\/search\/(index|terms-\d+|docs-\d+)\.json$/.test(f)), files.join(", "));
      assert.ok(fetched.length <= 4, `one query fetches the manifest, a shard and a chunk or two: ${files}`);
      for (const f of fetched) assert.ok(f.bytes < 64 * 1024, `${f.path} is ${f.bytes} bytes`);

      // The word being typed matches longer terms: "opens" finds OpenSSL.
      await box.fill("opens");
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#search-results a")].some((a) => /OpenSSL/.test(a.textContent)),
      );
      // Case and diacritics do not matter.
      await box.fill("FRÉEBSD ");
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#search-results a")].some((a) => /FreeBSD/.test(a.textContent)),
      );
      assert.ok(fetched.length <= 8, `a few more files for the next queries: ${fetched.map((f) => f.path)}`);
    });
  });

  test("September 2024 report shows OKR statuses as readable text, and its links work", async (t) => {
    await withPage(t, {}, async (page) => {
      await open(page, REPORT);
      assert.match(await page.locator("main h1").textContent(), /September 2024/);
      const tables = page.locator(".kr-table");
      assert.ok((await tables.count()) >= 1, "the report has key-result tables");
      assert.ok(await tables.first().isVisible());

      const kr13 = page.locator('tr[id="KR1.3"]');
      const now = kr13.locator(".kr-status > .status");
      assert.equal(squash(await now.textContent()), "Not measured");
      assert.ok(await now.isVisible(), "KR 1.3's badge is visible");
      const was = kr13.locator(".changed-from");
      assert.equal(squash(await was.textContent()), "was On target");
      assert.ok(await was.isVisible());

      const badges = page.locator(".kr-table .status");
      assert.ok((await badges.count()) >= 5);
      for (const badge of await badges.all()) {
        assert.ok(await badge.isVisible(), "every badge is visible");
        const box = await badge.boundingBox();
        assert.ok(box.width > 10 && box.height > 8, "every badge has room for its text");
        assert.notEqual(squash(await badge.textContent()), "");
      }

      // Every same-origin link and resource on the page answers 200; fragments exist.
      const hrefs = await page.evaluate(() =>
        [...document.querySelectorAll("a[href], link[href], script[src]")].map((e) => e.href || e.src),
      );
      const origin = new URL(base).origin;
      const internal = [...new Set(hrefs.filter((h) => new URL(h).origin === origin))];
      assert.ok(internal.length >= 10, `the report links to the site (${internal.length} links)`);
      const bodies = new Map();
      const broken = [];
      for (const href of internal) {
        const target = new URL(href);
        target.hash = "";
        if (!bodies.has(target.href)) {
          const r = await page.request.get(target.href);
          bodies.set(target.href, r.status() === 200 ? await r.text() : null);
          if (r.status() !== 200) broken.push(`${target.href}: HTTP ${r.status()}`);
        }
        const fragment = decodeURIComponent(new URL(href).hash.slice(1));
        const html = bodies.get(target.href);
        if (fragment && html && /^text\/html|<!doctype html/i.test(html.slice(0, 100))) {
          const exists = await page.evaluate(
            ([h, id]) => !!new DOMParser().parseFromString(h, "text/html").getElementById(id),
            [html, fragment],
          );
          if (!exists) broken.push(`${href}: no element with id "${fragment}"`);
        }
      }
      assert.deepEqual(broken, [], "internal links on the report page");
    });
  });

  test("a key result's page draws its statuses as a labelled image, with the same data in a table", async (t) => {
    await withPage(t, {}, async (page) => {
      await open(page, "okrs/2024/");
      await page.locator('a.kr-id[href$="/okrs/2024/kr1-3/"]').click();
      await page.waitForURL(/\/okrs\/2024\/kr1-3\/$/);
      const strip = page.getByRole("img", { name: /KR 1\.3 by report/ });
      assert.ok(await strip.isVisible(), "the strip is visible and named");
      const box = await strip.boundingBox();
      assert.ok(box.width > 50 && box.height > 20, `the strip has room (${box.width}×${box.height})`);
      const rows = page.locator(".kr-history tbody tr");
      assert.equal(await rows.count(), 2);
      assert.equal(squash(await rows.nth(0).locator(".status").textContent()), "On target");
      assert.equal(squash(await rows.nth(1).locator(".status").textContent()), "Not measured");
    });
  });

  test("updates: the index leads to a year by month, and its ecosystem links filter without script", async (t) => {
    await withPage(t, { javaScriptEnabled: false }, async (page) => {
      await open(page, "updates/");
      await page.locator('a.update-year[href$="/updates/2024/"]').click();
      await page.waitForURL(/\/updates\/2024\/$/);
      assert.equal(squash(await page.locator("h1").textContent()), "Updates 2024");
      const september = page.locator('section.month-group[id="2024-09"]');
      assert.equal(squash(await september.locator("h2").textContent()), "September 2024");
      assert.ok((await september.locator(".card-title a").allTextContents()).some((t) => /FreeBSD/.test(t)));
      await page.locator(".update-filters").getByRole("link", { name: "Python", exact: true }).click();
      await page.waitForURL(/\/updates\/2024\/python\/$/);
      assert.equal(squash(await page.locator("h1").textContent()), "Python updates 2024");
      const titles = await page.locator(".card-title a").allTextContents();
      assert.ok(titles.length > 0 && !titles.some((t) => /FreeBSD/.test(t)), `Python only: ${titles}`);
      assert.equal(await page.locator('.update-filters [aria-current="page"]').textContent(), "Python");
    });
  });

  test("the grantees index draws the reporting cadence as a labelled image, with the same data in a table", async (t) => {
    await withPage(t, {}, async (page) => {
      await open(page, "grantees/");
      const chart = page.getByRole("img", { name: /^Monthly updates by grantee, October 2023 to September 2024/ });
      assert.ok(await chart.isVisible(), "the chart is visible and named");
      const box = await chart.boundingBox();
      assert.ok(box.width > 300 && box.height > 100, `the chart has room (${box.width}×${box.height})`);
      const table = page.getByRole("table", { name: /Monthly updates by grantee/ });
      const headers = await table.locator("thead th").allTextContents();
      const row = table.locator("tbody tr", { has: page.locator("th", { hasText: /^FreeBSD$/ }) });
      const cells = await row.locator("td").allTextContents();
      assert.equal(cells[headers.indexOf("September 2024") - 1], "Update");
      assert.equal(cells[headers.indexOf("August 2024") - 1], "Missing");
      await page.getByRole("link", { name: "FreeBSD", exact: true }).first().click();
      await page.waitForURL(/\/grantees\/freebsd\/$/);
      assert.ok(await page.getByRole("img", { name: /^Monthly updates of FreeBSD/ }).isVisible());
    });
  });

  for (const scheme of ["light", "dark"]) {
    test(`status badges have enough contrast (${scheme} mode)`, async (t) => {
      await withPage(t, { colorScheme: scheme }, async (page) => {
        await open(page, REPORT);
        const contrasts = await badgeContrasts(page);
        assert.ok(contrasts.length >= 5);
        const low = contrasts.filter((c) => c.ratio < 4.5);
        assert.deepEqual(low, [], "badge text reaches WCAG AA contrast (4.5:1)");
      });
    });
  }

  test("phone (390×844): no page scrolls sideways; tables scroll inside their wrapper", async (t) => {
    await withPage(t, MOBILE, async (page) => {
      for (const p of [...NAV_PAGES, ...MORE_PAGES]) {
        await open(page, p);
        const o = await overflow(page);
        assert.equal(o.width, 390, "the viewport meta tag gives a device-width layout");
        assert.ok(
          o.scrollWidth <= o.width + 1,
          `/${p} is ${o.scrollWidth}px wide on a ${o.width}px screen:\n  ${o.culprits.join("\n  ")}`,
        );
        const wraps = await page.$$eval(".table-wrap", (els) =>
          els.map((el) => ({
            right: el.getBoundingClientRect().right,
            overflowX: getComputedStyle(el).overflowX,
            scrolls: el.scrollWidth > el.clientWidth,
          })),
        );
        for (const w of wraps) {
          assert.ok(w.right <= o.width + 1, `/${p}: a table wrapper sticks out (${w.right}px)`);
          if (w.scrolls) assert.match(w.overflowX, /auto|scroll/, `/${p}: a wide table scrolls in its wrapper`);
        }
      }

      // The open search list fits on the screen too.
      await open(page, "");
      await page.locator("#search").fill("freebsd");
      await page.locator("#search-results a").first().waitFor({ state: "visible" });
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.width + 1, `search results overflow:\n  ${o.culprits.join("\n  ")}`);
    });
  });

  test(
    "favicon: browsers find an icon instead of a 404 for /favicon.ico",
    async () => {
      await setup();
      const context = await browser.newContext();
      const icons = [];
      try {
        const page = await context.newPage();
        await open(page, "");
        const hrefs = await page.$$eval('link[rel~="icon" i]', (ls) => ls.map((l) => l.href));
        for (const href of hrefs.length ? hrefs : [url("favicon.ico")]) {
          icons.push(href.startsWith("data:") ? 200 : (await page.request.get(href)).status());
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(icons.filter((s) => s !== 200), [], "the icon the browser asks for exists");
    },
  );

  test("keyboard: the first Tab reaches the skip link, which moves focus to main", async (t) => {
    await withPage(t, {}, async (page) => {
      for (const p of ["", REPORT]) {
        await open(page, p);
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          return { cls: el.className, text: el.textContent.trim(), href: el.getAttribute("href"), top: r.top, bottom: r.bottom };
        });
        assert.equal(focused.cls, "skip-link", `/${p}: first Tab stop is the skip link`);
        assert.equal(focused.text, "Skip to content");
        assert.equal(focused.href, "#main");
        assert.ok(focused.top >= 0 && focused.bottom <= 800, `/${p}: the focused skip link is on screen`);

        await page.keyboard.press("Enter");
        await page.waitForFunction(() => document.activeElement?.id === "main");
        assert.equal(new URL(page.url()).hash, "#main");
        // The next Tab starts from main, not from the header again.
        await page.keyboard.press("Tab");
        const inMain = await page.evaluate(() => document.querySelector("main").contains(document.activeElement));
        assert.ok(inMain, `/${p}: Tab after the skip link lands inside main`);
      }
    });
  });
});
