/**
 * Old themes are safe: a blog whose every post, comment and config field is
 * hostile, served by the real server with a template set that prints every
 * variable raw (test/fixtures/raw-print-templates, no `|escape` anywhere, as
 * blahgd's own templates print authors and tags) and with the default theme.
 * HTML pages must carry no markup a visitor wrote, feeds must be well-formed
 * XML, and `|escape` must escape once. The same set is also rendered directly
 * with values no file can hold (lone surrogates).
 */

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { RunningBlog } from "../src/server/start-blog.js";
import { loadTemplateDir, TemplateScope, trustedHtml, type TemplateValue } from "../src/template/index.js";
import { checkHtml, visibleText } from "./support/html-check.js";
import { fixturesDir } from "./support/paths.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

const RAW_PRINT = join(fixturesDir, "raw-print-templates");

const TRUDY = "Trudy <img src=x onerror=alert(3)>";
const MALLORY = "Mallory <b>";
const EVE = "Eve ]]> &";
const CONTROL = "Ctl \x01 and \x1f";
const NONCHAR = "Non \uFFFE and \uFFFF";
/** Every payload in one string, for the fields that get only one. */
const ALL = [TRUDY, MALLORY, EVE, CONTROL, NONCHAR, `quote " and ' end`].join(" | ");
const PREVIEW_SECRET = "let-me-preview-0123456789";

function lispString(s: string): string {
  return `"${s.replace(/[\\"]/g, "\\$&")}"`;
}

function commentFiles(post: number, id: number, author: string): Record<string, string> {
  const dir = `posts/${post}/comments/${id}`;
  return {
    [`${dir}/meta.lisp`]: `((author . ${lispString(author)}) (email . ${lispString(ALL)}) (time . "2024-01-1${id} 08:00") ` +
      `(ip . ${lispString(ALL)}) (url . ${lispString(`https://x.example/?q="><b>${author}`)}) (moderated . #t))`,
    [`${dir}/text.txt`]: `${author}\n\n${ALL}`,
  };
}

/** Two posts and five comments; every text field holds a payload. */
function hostileSite(): string {
  const authors = [TRUDY, MALLORY, EVE, CONTROL, NONCHAR];
  const files: Record<string, string> = {
    "posts/1/post.lisp": `((time . "2024-01-10 10:00") (title . ${lispString(ALL)}) (fmt . 3) (tags ${lispString(ALL)} ${lispString(MALLORY)}) (comments 1 2 3 4 5))`,
    "posts/1/post.tex": `Body with ${TRUDY}, ${EVE.replaceAll("]", "\\]")}, ${CONTROL} and ${NONCHAR}.\n\\twitterimg{https://x.example/"><b>${MALLORY}}\n`,
    "posts/2/post.lisp": `((time . "2023-12-20 10:00") (title . ${lispString(MALLORY)}) (fmt . 3) (tags ${lispString(MALLORY)}))`,
    "posts/2/post.tex": "Quiet.\n",
    "pending-comments/.keep": "",
  };
  authors.forEach((author, i) => Object.assign(files, commentFiles(1, i + 1, author)));
  return tempDirWith(files);
}

const tagQuery = (tag: string): string => encodeURIComponent(tag);

const HTML_PAGES = [
  "/", "/?m=202401", `/?tag=${tagQuery(MALLORY)}`, `/?tag=${tagQuery(ALL)}`, "/?tag=%01%EF%BF%BE%3Cscript%3E", "/?p=1", "/?p=2",
  `/?p=1&preview=${PREVIEW_SECRET}`, "/?p=99", "/?feed=xml", "/?cat=wp+cat",
];
const FEEDS = [
  "/?feed=atom", "/?feed=rss2", "/?p=1&feed=atom", "/?p=1&feed=rss2", `/?tag=${tagQuery(ALL)}&feed=atom`,
  "/?tag=%01%EF%BF%BE%3Cb%3E&feed=rss2", "/?feed=atom&comments=1", "/?feed=rss2&comments=1",
];

/**
 * Start tags that the payloads would make if printed raw, or an event-handler
 * attribute anywhere. `<b>` is looked for outside the comment bodies only:
 * the sanitizer keeps (and closes) simple formatting there on purpose.
 */
function liveMarkup(html: string): string[] {
  const found: string[] = [];
  // The raw-print set's comment bodies, and the default theme's.
  const outsideComments = html.replace(/<div class="comm(?:ent-)?body">[\s\S]*?<\/div>\n(?:<\/li>|<\/article>)/g, "");
  if (/<b>/i.test(outsideComments)) found.push("<b> outside a comment body");
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (tag === "img" || tag === "script") found.push(m[0]);
    // Attribute names only: quoted values may hold anything, escaped.
    const names = m[2]!.replace(/"[^"]*"/g, "").match(/[a-zA-Z-]+(?==)/g) ?? [];
    if (names.some((n) => /^on/i.test(n))) found.push(m[0]);
  }
  return found;
}

async function commentErrorPage(blog: RunningBlog): Promise<string> {
  const fields = { x: "", a: ALL, e: ALL, u: ALL, v: "0", c: ALL, s: "Submit Comment", i: "1", d: "0" };
  const response = await rawRequest(`${blog.url}/?comment=1`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "test browser/1.0" },
    body: new URLSearchParams(fields).toString(),
  });
  assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
  return response.body.toString("utf8");
}

function hostileConfig(config: { siteTitle: string; siteTagline: string; siteAuthor: string; twitterUsername?: string; twitterDescription?: string }): void {
  config.siteTitle = ALL;
  config.siteTagline = ALL;
  config.siteAuthor = ALL;
  config.twitterUsername = ALL;
  config.twitterDescription = ALL;
}

/** Spec 6.6 and docs/templates.md: every variable a page, post or comment has (lists are looped over). */
const EVERY_VARIABLE = [
  "generatorversion", "baseurl", "now", "captcha_a", "captcha_b", "twitteruser", "twitterdesc", "sitetitle", "sitetagline",
  "siteauthor", "sitelang", "siteurl", "atomurl", "rssurl", "year", "pagekind", "canonicalurl", "pagedescription",
  "title", "twittertitle", "curpage", "prevpage", "nextpage", "moreposts", "lastupdate", "archid", "archivename", "tagid",
  "tagname", "tagfeedurl", "twitterimg", "preview", "commentfeedurl", "commentheld", "commentsclosed", "redirect",
  "comment_error_str", "showform", "id", "posttitle", "returnurl", "form_author", "form_email", "form_url", "form_text",
  "commentsfeedurl", "olderurl", "newerurl",
  "time", "numcom", "body", "url", "commentsurl", "summary", "commentcount",
  "commid", "commtime", "commauthor", "commemail", "commip", "commurl", "commlink", "commbody", "commpermalink",
  "name", "count", "size", "tagurl", "tags",
];
const EVERY_LIST = ["posts", "tags", "comments", "taglinks", "tagcloud"];

describe("the raw-print template set", () => {
  for (const format of ["html", "atom", "rss2"]) {
    it(`prints every variable without |escape and loops over every list in ${format}`, () => {
      const source = readdirSync(join(RAW_PRINT, format)).map((f) => readFileSync(join(RAW_PRINT, format, f), "utf8")).join("\n");
      assert.ok(!source.includes("|"), "no filter at all");
      assert.deepEqual(EVERY_VARIABLE.filter((name) => !source.includes(`{${name}}`)), []);
      assert.deepEqual(EVERY_LIST.filter((name) => !source.includes(`{${name}%`)), []);
    });
  }
});

describe("a blahgd-style template set that prints every variable raw, served with hostile posts and comments", () => {
  let blog: RunningBlog;
  let data: string;
  before(async () => {
    data = hostileSite();
    blog = await startTestBlog({ dataDir: data, templateDir: RAW_PRINT, configure: hostileConfig });
  });
  after(async () => {
    await blog.close();
    removeDir(data);
  });

  const pages = [...HTML_PAGES.map((path) => ({ path, get: () => rawRequest(blog.url + path).then((r) => r.body.toString("utf8")) })),
    { path: "POST /?comment=1 (comment_error)", get: () => commentErrorPage(blog) }];
  for (const page of pages) {
    it(`serves ${page.path} as well-formed HTML without live markup from the payloads`, async () => {
      const html = await page.get();
      assert.ok(html.includes('<div class="page">'), "rendered with the raw-print set");
      assert.deepEqual(liveMarkup(html), []);
      assert.deepEqual(checkHtml(html.replace(/^<!DOCTYPE html>\n?/i, "")), []);
    });
  }

  it("shows each comment author as written, as text", async () => {
    const text = visibleText((await rawRequest(`${blog.url}/?p=1`)).body.toString("utf8"));
    for (const author of [TRUDY, MALLORY, EVE]) assert.ok(text.includes(author.replace(/\s+/g, "")), author);
  });

  for (const path of FEEDS) {
    it(`serves ${path} as well-formed XML`, async () => {
      const response = await rawRequest(blog.url + path);
      assert.equal(response.status, 200);
      assert.match(String(response.headers["content-type"]), /xml/);
      const xml = response.body.toString("utf8");
      assert.ok(xml.includes("<request>"), "rendered with the raw-print set");
      assert.deepEqual(xmlProblems(xml), []);
    });
  }

  it("keeps a comment author readable in a feed: escaped, with only the forbidden characters gone", async () => {
    const xml = (await rawRequest(`${blog.url}/?p=1&feed=atom`)).body.toString("utf8");
    assert.ok(xml.includes(`<v name="commauthor" value="Eve ]]&gt; &amp;">Eve ]]&gt; &amp;</v>`));
    assert.ok(xml.includes(`<v name="commauthor" value="Mallory &lt;b&gt;">Mallory &lt;b&gt;</v>`));
    assert.ok(xml.includes(`<v name="commauthor" value="Ctl  and ">Ctl  and </v>`));
    assert.ok(xml.includes(`<v name="commauthor" value="Non  and ">Non  and </v>`));
  });
});

describe("the default theme served with hostile posts and comments", () => {
  let blog: RunningBlog;
  let data: string;
  before(async () => {
    data = hostileSite();
    blog = await startTestBlog({ dataDir: data, configure: hostileConfig });
  });
  after(async () => {
    await blog.close();
    removeDir(data);
  });

  it("shows Mallory <b> escaped once (&lt;b&gt;), never twice (&amp;lt;)", async () => {
    const html = (await rawRequest(`${blog.url}/?p=1`)).body.toString("utf8");
    assert.ok(html.includes("Mallory &lt;b&gt;"));
    assert.ok(!html.includes("&amp;lt;") && !html.includes("&amp;amp;"));
    assert.deepEqual(liveMarkup(html), []);
  });

  for (const path of FEEDS) {
    it(`serves ${path} as well-formed XML`, async () => {
      const xml = (await rawRequest(blog.url + path)).body.toString("utf8");
      assert.deepEqual(xmlProblems(xml), []);
      assert.ok(!xml.includes("&amp;amp;lt;"), "a body escaped by |escape is escaped once more, not twice");
    });
  }
});

describe("the raw-print set rendered with values no file can hold", () => {
  const LONE = "lone \uD800 high, \uDFFF low, \uDBFF\uDBFF twice, pair \uD83D\uDE00 kept";
  const text = `${ALL} ${LONE}`;
  /** Bodies are HTML values; a feed must not get their forbidden characters or a `]]>` that ends its CDATA. */
  const body = (end: string) => trustedHtml(`<p>${LONE} \x01\uFFFE ${end} end</p>`);
  const names = new Set<string>();
  for (const fmt of ["html", "atom", "rss2"]) {
    for (const f of readdirSync(join(RAW_PRINT, fmt))) {
      for (const m of readFileSync(join(RAW_PRINT, fmt, f), "utf8").matchAll(/\{ifset\(([a-z_0-9]+)\)\}/g)) names.add(m[1]!);
    }
  }
  /** Every variable the set prints set to hostile text; `end` closes the bodies (`]]>` is fine in feeds, not in strict HTML). */
  const scope = (end: string): TemplateScope => {
    const comment = {
      commid: 1, commtime: 1704067200, commauthor: text, commemail: text, commip: text, commurl: text, commlink: text,
      commpermalink: text, commbody: body(end), id: 1, url: text, posttitle: text,
    };
    const post = {
      id: 1, time: 1704067200, title: text, numcom: 1, url: text, commentsurl: text, summary: text, commentcount: text,
      body: body(end), tags: [text], taglinks: [{ tagname: text, tagurl: text }], comments: [comment],
    };
    const vars: Record<string, TemplateValue> = {};
    for (const name of names) vars[name] = text;
    return new TemplateScope({ ...vars, now: 1n, year: 2024, posts: [post], comments: [comment], tagcloud: [{ name: text, count: 2, size: 9, tagurl: text }] });
  };

  for (const format of ["atom", "rss2"] as const) {
    it(`writes well-formed ${format} with lone surrogates, controls and ]]> in every value, keeping surrogate pairs`, async () => {
      const { set, diagnostics } = await loadTemplateDir(RAW_PRINT, format);
      assert.deepEqual(diagnostics, []);
      const problems: unknown[] = [];
      const xml = set.render("index", scope("]]>"), { onProblem: (p) => problems.push(p) });
      assert.deepEqual(problems, []);
      assert.deepEqual(xmlProblems(xml), []);
      assert.ok(xml.includes("pair \uD83D\uDE00 kept"));
    });
  }

  it("writes HTML without live markup from any value", async () => {
    const { set } = await loadTemplateDir(RAW_PRINT, "html");
    const html = set.render("index", scope("]]&gt;"));
    assert.deepEqual(liveMarkup(html), []);
    assert.deepEqual(checkHtml(html.replace(/^<!DOCTYPE html>\n?/i, "")), []);
  });
});
