/**
 * The bundled example blog in the default theme, in a real browser: Debian's
 * Chromium driven by playwright-core. Walks index → story → tag → archive →
 * older posts → 404 and checks on every page what only a browser can tell:
 * nothing fails to load, the stylesheet applies, keyboard users reach the skip
 * link, MathML renders and dark mode swaps the palette. On a phone (390 px,
 * light and dark) pages never scroll sideways, wide tables and long code lines
 * scroll in their own box and take keyboard focus, and headings never skip a
 * level. axe-core (the accessibility checker browsers' tools use) finds no
 * WCAG 2 A or AA violation on any page, light or dark. Leaves full-page
 * screenshots in test/artifacts/ for a person to look at.
 *
 * Skipped (with a message) where /usr/bin/chromium is missing; CI installs it
 * with apt. Playwright's own browser download does not work on these machines.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { accessSync, constants, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { loadConfigFile } from "../src/config/load-config.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir, exampleDir } from "../src/paths.js";
import { startBlog, type RunningBlog } from "../src/server/start-blog.js";
import { repoRoot } from "./support/paths.js";

const CHROMIUM = "/usr/bin/chromium";

// The functions given to page.evaluate run in Chromium. The project compiles
// without the DOM library (it is a server), so they see the browser through
// these few declarations, which are local to this module.
interface BrowserElement {
  readonly className: string;
  readonly outerHTML: string;
  readonly namespaceURI: string | null;
  readonly localName: string;
  readonly tabIndex: number;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollLeft: number;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  getBoundingClientRect(): { width: number; height: number; left: number; right: number };
  querySelector(selector: string): BrowserElement | null;
}
interface BrowserImage extends BrowserElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly src: string;
}
declare const document: {
  readonly documentElement: { readonly lang: string; readonly scrollWidth: number; readonly clientWidth: number };
  readonly body: BrowserElement;
  readonly activeElement: BrowserElement | null;
  readonly images: ArrayLike<BrowserImage>;
  readonly styleSheets: ArrayLike<{ readonly href: string | null; readonly cssRules: { readonly length: number } }>;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
};
declare function getComputedStyle(element: BrowserElement): {
  readonly overflowX: string;
  readonly fontFamily: string;
  readonly margin: string;
  readonly position: string;
  readonly backgroundColor: string;
  readonly color: string;
};

/**
 * What this machine's Chromium needs: no sandbox (we run as root), and no
 * background traffic, which the closed network refuses. Playwright adds a
 * fresh temporary --user-data-dir itself (and refuses one in `args`).
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const ARTIFACTS = join(repoRoot, "test", "artifacts");

function chromiumMissing(): string | false {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return false;
  } catch {
    return `${CHROMIUM} is not an executable here: install Debian's chromium (apt-get install chromium) to run the browser tests`;
  }
}

/**
 * A stand-in for the photo host: `\photo` URLs point at `photo-base-url`,
 * another server than the blog, which does not run during the test.
 */
const STAND_IN_PHOTO = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 12 8">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f6c28b"/><stop offset="1" stop-color="#4f7cac"/></linearGradient></defs>
<rect width="12" height="8" fill="url(#sky)"/><rect y="5.5" width="12" height="2.5" fill="#234"/></svg>`;

/** Everything on one page load that would mean a broken page. */
interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
  errorResponses: Array<{ url: string; status: number }>;
}

interface Watched {
  page: Page;
  problems: PageProblems;
}

describe("the example blog in the default theme, in Chromium", { skip: chromiumMissing(), timeout: 240_000 }, () => {
  let blog: RunningBlog | undefined;
  let browser: Browser | undefined;
  let base = "";
  let photoBase = "";

  before(
    async () => {
      const { config } = await loadConfigFile(join(exampleDir, "config.lisp"));
      if (!config) throw new Error("example/config.lisp does not load");
      config.dataDir = exampleDir;
      config.httpHost = "127.0.0.1";
      config.httpPort = 0;
      blog = await startBlog({
        config,
        templateDir: defaultThemeDir,
        webDir: join(defaultThemeDir, "web"),
        baseUrl: "listening-address",
        log: silentLogger,
        watch: false,
      });
      await blog.checked;
      base = blog.url;
      photoBase = config.photoBaseUrl;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
    },
    { timeout: 90_000 },
  );

  after(async () => {
    await browser?.close();
    await blog?.close();
  });

  /** A new page (light mode unless asked) whose load problems are recorded from the start. */
  async function openPage(options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {}): Promise<Watched> {
    const context = await browser!.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      colorScheme: options.colorScheme ?? "light",
      reducedMotion: "reduce",
    });
    if (photoBase) {
      await context.route(`${photoBase}/**`, (route) =>
        route.fulfill({ status: 200, contentType: "image/svg+xml", body: STAND_IN_PHOTO }),
      );
    }
    const page = await context.newPage();
    const problems: PageProblems = { consoleErrors: [], failedRequests: [], errorResponses: [] };
    page.on("console", (message) => {
      if (message.type() === "error") problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) =>
      problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`),
    );
    page.on("response", (response) => {
      if (response.status() >= 400) problems.errorResponses.push({ url: response.url(), status: response.status() });
    });
    return { page, problems };
  }

  async function closePage({ page }: Watched): Promise<void> {
    await page.context().close();
  }

  /** Follows a link the way a reader does and waits until the new page has loaded. */
  async function follow({ page }: Watched, selector: string): Promise<string> {
    const link = page.locator(selector).first();
    const href = await link.getAttribute("href");
    assert.ok(href, `${selector} has an href on ${page.url()}`);
    const target = new URL(href, page.url()).href;
    await Promise.all([page.waitForURL(target, { waitUntil: "load" }), link.click()]);
    return target;
  }

  /**
   * The checks every page must pass. `notFoundUrl` is the one page allowed to
   * answer 404: its own document, and the console line Chromium logs for it.
   */
  async function assertSoundPage({ page, problems }: Watched, notFoundUrl?: string): Promise<void> {
    const where = page.url();
    const isNotFound = (url: string) => notFoundUrl !== undefined && url === notFoundUrl;
    const consoleErrors = problems.consoleErrors.filter(
      (line) => !(notFoundUrl !== undefined && line.includes("status of 404") && line.includes(`(${notFoundUrl})`)),
    );
    assert.deepEqual(consoleErrors, [], `console errors on ${where}`);
    assert.deepEqual(problems.failedRequests, [], `failed requests on ${where}`);
    assert.deepEqual(
      problems.errorResponses.filter((r) => !(isNotFound(r.url) && r.status === 404)),
      [],
      `responses >= 400 on ${where}`,
    );
    // The next check on this page reports only what happened after this one.
    problems.consoleErrors.length = 0;
    problems.failedRequests.length = 0;
    problems.errorResponses.length = 0;

    const facts = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const sheets = Array.from(document.styleSheets).filter((s) => s.href?.endsWith("/style.css"));
      return {
        h1s: document.querySelectorAll("h1").length,
        lang: document.documentElement.lang,
        imagesWithoutAlt: Array.from(document.images)
          .filter((img) => !img.hasAttribute("alt"))
          .map((img) => img.outerHTML),
        brokenImages: Array.from(document.images)
          .filter((img) => img.complete && img.naturalWidth === 0)
          .map((img) => img.src),
        styleSheetRules: sheets.map((s) => s.cssRules.length),
        bodyFont: body.fontFamily,
        bodyMargin: body.margin,
        skipLinkPosition: getComputedStyle(document.querySelector(".skip-link") ?? document.body).position,
      };
    });
    assert.equal(facts.h1s, 1, `exactly one h1 on ${where}`);
    assert.match(facts.lang, /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, `<html lang> on ${where}`);
    assert.deepEqual(facts.imagesWithoutAlt, [], `images without alt on ${where}`);
    assert.deepEqual(facts.brokenImages, [], `images that did not decode on ${where}`);
    // style.css was fetched and parsed, and its rules apply (the browser
    // default is a serif font and an 8px body margin).
    assert.equal(facts.styleSheetRules.length, 1, `one style.css on ${where}`);
    assert.ok(facts.styleSheetRules[0]! > 10, `style.css has rules on ${where}`);
    assert.match(facts.bodyFont, /^system-ui\b/, `the theme's body font on ${where}`);
    assert.equal(facts.bodyMargin, "0px", `the theme's body margin on ${where}`);
    assert.equal(facts.skipLinkPosition, "absolute", `the skip link is styled on ${where}`);
  }

  async function goto(watched: Watched, path: string, status = 200): Promise<void> {
    const response = await watched.page.goto(base + path, { waitUntil: "load" });
    assert.equal(response?.status(), status, `status of ${path}`);
  }

  async function screenshot({ page }: Watched, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  it("opens the index, then follows a post title to its story page", async () => {
    const w = await openPage();
    try {
      await goto(w, "/");
      await assertSoundPage(w);
      const story = await follow(w, "main .post-title a");
      assert.match(new URL(story).search, /^\?p=\d+$/);
      assert.equal(await w.page.locator("article.post").count(), 1, "one post on a story page");
      await assertSoundPage(w);
    } finally {
      await closePage(w);
    }
  });

  it("follows a tag link from a story page to the tag page", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=2");
      await assertSoundPage(w);
      const tagPage = await follow(w, "main .post-tags a");
      assert.match(new URL(tagPage).search, /^\?tag=/);
      assert.ok((await w.page.locator("main article.post").count()) > 0, "the tag page lists posts");
      await assertSoundPage(w);
    } finally {
      await closePage(w);
    }
  });

  it("opens the archive of a month with posts", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?m=202401");
      assert.equal(await w.page.locator("main article.post").count(), 2, "January 2024 has two posts");
      await assertSoundPage(w);
    } finally {
      await closePage(w);
    }
  });

  it("follows the pager's older-posts link from the index, twice", async () => {
    const w = await openPage();
    try {
      await goto(w, "/");
      const first = await w.page.locator("main .post-title a").allTextContents();
      const older = await follow(w, "a.pager-older");
      assert.match(new URL(older).search, /paged=/);
      await assertSoundPage(w);
      const second = await w.page.locator("main .post-title a").allTextContents();
      assert.ok(second.length > 0, "the older page lists posts");
      assert.deepEqual(second.filter((title) => first.includes(title)), [], "older posts are other posts");
      await follow(w, "a.pager-older");
      await assertSoundPage(w);
      assert.equal(await w.page.locator("a.pager-older").count(), 0, "the last page has no older link");
      assert.equal(await w.page.locator("a.pager-newer").count(), 1, "the last page has a newer link");
    } finally {
      await closePage(w);
    }
  });

  it("shows the 404 page for a post that does not exist", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=99", 404);
      assert.match((await w.page.locator("h1").textContent()) ?? "", /not found/i);
      await assertSoundPage(w, base + "/?p=99");
    } finally {
      await closePage(w);
    }
  });

  it("focuses the visible skip link on the first Tab", async () => {
    const w = await openPage();
    try {
      await goto(w, "/");
      const viewport = w.page.viewportSize()!;
      const skip = w.page.locator(".skip-link");
      const hiddenBox = await skip.boundingBox();
      assert.ok(hiddenBox && hiddenBox.y + hiddenBox.height <= 0, "the skip link is off-screen before focus");
      await w.page.keyboard.press("Tab");
      assert.equal(await w.page.evaluate(() => document.activeElement?.className), "skip-link");
      assert.equal(await skip.getAttribute("href"), "#main");
      const box = await skip.boundingBox();
      assert.ok(box, "the focused skip link is rendered");
      assert.ok(box.width > 0 && box.height > 0, "the focused skip link has a size");
      assert.ok(box.x >= 0 && box.y >= 0, `the skip link starts inside the viewport (${JSON.stringify(box)})`);
      assert.ok(
        box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
        `the skip link ends inside the viewport (${JSON.stringify(box)})`,
      );
      await w.page.keyboard.press("Enter");
      await w.page.waitForURL(/#main$/);
    } finally {
      await closePage(w);
    }
  });

  it("renders the MathML of the formulas post with a real size", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=3");
      await assertSoundPage(w);
      const sizes = await w.page.evaluate(() =>
        Array.from(document.querySelectorAll("math")).map((m) => {
          const r = m.getBoundingClientRect();
          return { width: r.width, height: r.height, display: m.getAttribute("display") ?? "inline", ns: m.namespaceURI };
        }),
      );
      assert.ok(sizes.length > 0, "the formulas post has math elements");
      for (const size of sizes) {
        assert.equal(size.ns, "http://www.w3.org/1998/Math/MathML");
        assert.ok(size.width > 0 && size.height > 0, `a ${size.display} formula has a size (${JSON.stringify(size)})`);
      }
      await screenshot(w, "math-light");
    } finally {
      await closePage(w);
    }
  });

  it("shows a Markdown post's math, highlighted code, table, footnotes and task list in light and dark", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=16");
      await assertSoundPage(w);
      for (const colorScheme of ["light", "dark"] as const) {
        await w.page.emulateMedia({ colorScheme });
        const seen = await w.page.evaluate(() => {
          const size = (selector: string) => {
            const e = document.querySelector(selector);
            const r = e?.getBoundingClientRect();
            return r ? { width: r.width, height: r.height } : undefined;
          };
          const colour = (selector: string) => {
            const e = document.querySelector(selector);
            return e ? getComputedStyle(e).color : undefined;
          };
          return {
            inlineMath: size("article math:not([display])"),
            displayMath: size("article math[display=block]"),
            keyword: colour("article pre code .hljs-keyword"),
            code: colour("article pre code"),
            table: size("article table"),
            footnotes: document.querySelectorAll("article .footnote-item").length,
            footnoteTarget: document.querySelector("article .footnote-ref a")?.getAttribute("href") ?? "",
            tasks: document.querySelectorAll("article .task-list-item input[type=checkbox][disabled]").length,
          };
        });
        for (const [what, box] of [["inline math", seen.inlineMath], ["display math", seen.displayMath], ["the table", seen.table]] as const) {
          assert.ok(box && box.width > 0 && box.height > 0, `${what} has a size in ${colorScheme} (${JSON.stringify(box)})`);
        }
        assert.ok(seen.keyword !== undefined && seen.keyword !== seen.code, `keywords have a colour of their own in ${colorScheme} (${seen.keyword} vs ${seen.code})`);
        assert.equal(seen.footnotes, 2);
        assert.ok(await w.page.evaluate((id) => document.querySelector(id) !== null, seen.footnoteTarget), `the footnote reference ${seen.footnoteTarget} has its target`);
        assert.equal(seen.tasks, 3);
        await screenshot(w, `markdown-${colorScheme}`);
      }
    } finally {
      await closePage(w);
    }
  });

  it("swaps the palette for prefers-color-scheme: dark", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=2");
      const colours = async () =>
        w.page.evaluate(() => {
          const body = getComputedStyle(document.body);
          return { background: body.backgroundColor, text: body.color };
        });
      const light = await colours();
      await w.page.emulateMedia({ colorScheme: "dark" });
      const dark = await colours();
      assert.notEqual(dark.background, light.background, "the body background changes");
      assert.notEqual(dark.text, light.text, "the text colour changes");
      assert.ok(luminance(dark.background) < luminance(light.background), `dark is darker (${dark.background} vs ${light.background})`);
      assert.ok(luminance(dark.text) > luminance(dark.background), "light text on the dark background");
    } finally {
      await closePage(w);
    }
  });

  it("saves full-page screenshots of a story page and the index, light and dark", async () => {
    const w = await openPage();
    try {
      for (const [path, name] of [
        ["/?p=2", "story"],
        ["/", "index"],
      ] as const) {
        await goto(w, path);
        await w.page.emulateMedia({ colorScheme: "light" });
        await screenshot(w, `${name}-light`);
        await w.page.emulateMedia({ colorScheme: "dark" });
        await screenshot(w, `${name}-dark`);
      }
      await assertSoundPage(w);
    } finally {
      await closePage(w);
    }
  });

  /**
   * What a phone shows of the page at hand: how wide the document is, which
   * boxes scroll sideways without a way for a keyboard to reach them (axe's
   * scrollable-region-focusable: the box takes focus or holds something that
   * does), which scrolling code blocks lack a tabindex, and the levels of the
   * headings in document order.
   */
  async function phoneFacts({ page }: Watched) {
    return page.evaluate(() => {
      const focusable = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';
      const all = Array.from(document.querySelectorAll("body *"));
      const scrolling = all.filter((el) => {
        const overflow = getComputedStyle(el).overflowX;
        return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth;
      });
      const describe = (el: BrowserElement) => el.outerHTML.slice(0, 80);
      return {
        pageWidth: document.documentElement.scrollWidth,
        viewportWidth: document.documentElement.clientWidth,
        scrolling: scrolling.map((el) => el.localName),
        unreachable: scrolling.filter((el) => el.tabIndex < 0 && el.querySelector(focusable) === null).map(describe),
        preWithoutTabindex: scrolling.filter((el) => el.localName === "pre" && el.getAttribute("tabindex") !== "0").map(describe),
        headings: Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).map((h) => Number(h.localName.slice(1))),
      };
    });
  }

  /** Where an outline of heading levels skips one going down, or does not start at h1. */
  function headingSkips(levels: readonly number[]): string[] {
    const skips: string[] = [];
    let previous = 0;
    for (const level of levels) {
      if (level > previous + 1) skips.push(`h${level} after ${previous === 0 ? "the start" : `h${previous}`}`);
      previous = level;
    }
    return skips;
  }

  /** axe-core's script, injected into each page it checks. */
  const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  /** Every post of the example, and every other kind of page (the 404 too). */
  const CHECKED_PAGES = [
    ...readdirSync(join(exampleDir, "posts")).map((id) => `/?p=${id}`),
    "/",
    "/?paged=1",
    "/?tag=backups",
    "/?m=202503",
    "/?tags",
    "/?s=backup",
    "/?s=nothing-matches-this",
  ];

  for (const colorScheme of ["light", "dark"] as const) {
    it(`has no WCAG 2 A or AA violation axe-core can find on any kind of page in ${colorScheme} mode`, async () => {
      const w = await openPage({ colorScheme });
      try {
        for (const [path, status] of [...CHECKED_PAGES.map((p) => [p, 200] as const), ["/?p=99999", 404] as const]) {
          await goto(w, path, status);
          await w.page.addScriptTag({ content: AXE });
          const violations = await w.page.evaluate(async () => {
            const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe;
            const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
            return result.violations.map((v) => `${v.id}: ${v.nodes.length} element(s), first ${v.nodes[0]?.target.join(" ")}: ${v.nodes[0]?.failureSummary ?? ""}`);
          });
          assert.deepEqual(violations, [], `${path} in ${colorScheme} mode`);
        }
      } finally {
        await closePage(w);
      }
    });
  }

  const PHONE = { width: 390, height: 844 };
  /** The index, every story page with code, tables or math, the tag and the archive of the widest post. */
  const PHONE_PAGES = ["/", "/?p=2", "/?p=3", "/?p=5", "/?p=6", "/?p=14", "/?p=15", "/?tag=backups", "/?m=202502"];

  for (const colorScheme of ["light", "dark"] as const) {
    it(`fits a 390px phone screen in ${colorScheme} mode: the page never scrolls sideways, what does takes keyboard focus, headings never skip`, async () => {
      const w = await openPage({ ...PHONE, colorScheme });
      try {
        for (const path of PHONE_PAGES) {
          await goto(w, path);
          await assertSoundPage(w);
          const facts = await phoneFacts(w);
          assert.ok(
            facts.pageWidth <= Math.min(facts.viewportWidth, PHONE.width),
            `${path} is ${facts.pageWidth}px wide in a ${facts.viewportWidth}px viewport on a ${PHONE.width}px screen`,
          );
          assert.deepEqual(facts.unreachable, [], `boxes on ${path} that scroll but take no keyboard focus`);
          assert.deepEqual(facts.preWithoutTabindex, [], `scrolling code blocks on ${path} without tabindex="0"`);
          assert.equal(facts.headings[0], 1, `${path} starts its outline with an h1`);
          assert.deepEqual(headingSkips(facts.headings), [], `heading levels on ${path}: ${facts.headings.join(" ")}`);
        }
      } finally {
        await closePage(w);
      }
    });

    it(`scrolls the six-column table and the long code line in their own boxes on a phone in ${colorScheme} mode`, async () => {
      const w = await openPage({ ...PHONE, colorScheme });
      try {
        await goto(w, "/?p=15");
        const facts = await phoneFacts(w);
        // The post is wide enough to test something: both boxes do scroll.
        assert.ok(facts.scrolling.includes("table"), `the table scrolls (scrolling: ${facts.scrolling.join(", ")})`);
        assert.ok(facts.scrolling.includes("pre"), `the code block scrolls (scrolling: ${facts.scrolling.join(", ")})`);
        assert.deepEqual(facts.headings.slice(0, 6), [1, 2, 2, 3, 4, 2], "the title, then the post's sections one level below it");
        // A table shown as a block keeps its rows and cells for screen readers.
        const table = await w.page.locator(".post-body table").ariaSnapshot();
        assert.match(table, /^- table/, table);
        assert.match(table, /- row "Night Snapshot Posts Comments Restore time Check"/, table);
        await screenshot(w, `phone-story-${colorScheme}`);

        // A keyboard reaches the code block and the table, and the arrow keys scroll them.
        for (const box of ["pre", "table"]) {
          let reached = false;
          for (let presses = 0; presses < 60 && !reached; presses++) {
            await w.page.keyboard.press("Tab");
            reached = await w.page.evaluate((name) => document.activeElement?.localName === name, box);
          }
          assert.ok(reached, `Tab reaches the ${box}`);
          await w.page.keyboard.press("ArrowRight");
          await w.page.keyboard.press("ArrowRight");
          await w.page.waitForFunction(() => (document.activeElement?.scrollLeft ?? 0) > 0, undefined, { timeout: 5000 });
        }

        for (const [path, name] of [["/", "index"], ["/?tag=backups", "tag"]] as const) {
          await goto(w, path);
          await screenshot(w, `phone-${name}-${colorScheme}`);
        }
      } finally {
        await closePage(w);
      }
    });
  }

  it("lines the header, the columns and the footer up on a wide screen", async () => {
    const w = await openPage();
    try {
      await goto(w, "/?p=2");
      const edges = await w.page.evaluate(() =>
        [".site-header", ".layout", ".site-footer"].map((selector) => {
          const box = document.querySelector(selector)!.getBoundingClientRect();
          return { selector, left: Math.round(box.left), right: Math.round(box.right) };
        }),
      );
      const [header, ...rest] = edges;
      for (const other of rest) {
        assert.deepEqual([other.left, other.right], [header!.left, header!.right], `${other.selector} lines up with the header`);
      }
    } finally {
      await closePage(w);
    }
  });
});

/** Relative luminance of a computed `rgb(r, g, b)` colour, from 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const channels = rgb.match(/[\d.]+/g)?.slice(0, 3).map(Number);
  assert.ok(channels && channels.length === 3, `a computed colour: ${rgb}`);
  const [r, g, b] = channels.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
