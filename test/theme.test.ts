/**
 * The bundled default theme (themes/default): every template loads without a
 * diagnostic, every page renders without a problem in every format and with
 * or without the optional variables, HTML pages are well-formed with the
 * structure accessibility needs, feeds are well-formed XML carrying what
 * Atom and RSS readers expect, and every value an author or a visitor
 * controls comes out escaped. The web/ files (stylesheet palette, PNG
 * icons) are checked too.
 *
 * Set THEME_PREVIEW_DIR to also write the rendered pages there (with the
 * web/ files) for a look in a browser.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { inflateSync } from "node:zlib";
import { formatDiagnostic } from "../src/diagnostics.js";
import {
  loadTemplateDir,
  Html,
  TemplateScope,
  trustedHtml,
  type TemplateMap,
  type TemplateProblem,
  type TemplateSet,
  type TemplateValue,
} from "../src/template/index.js";
import { checkHtml } from "./support/html-check.js";
import { repoRoot } from "./support/paths.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";
import { escapeHtml } from "../src/text/escape.js";

const THEME = join(repoRoot, "themes", "default");
const FORMATS = ["html", "atom", "rss2"] as const;
type Format = (typeof FORMATS)[number];

// ---------------------------------------------------------------------------
// The fake site: two posts with tags, one with comments, a tag cloud.
// ---------------------------------------------------------------------------

const BASE = "https://blog.example.org";
const NOW_NS = 1_764_165_600_123_456_789n;
const U64_MAX = (1n << 64n) - 1n;

type Frame = Record<string, TemplateValue>;

interface PostInput {
  id: number;
  time: number;
  title: string;
  tags: string[];
  body: string;
  summary: string;
  comments?: Frame[];
}

function tagUrl(tag: string): string {
  return `${BASE}/?tag=${encodeURIComponent(tag)}`;
}

function makePost(p: PostInput): Frame {
  const numcom = p.comments?.length ?? 0;
  const post: Frame = {
    id: p.id,
    time: p.time,
    title: p.title,
    numcom,
    body: trustedHtml(p.body),
    tags: p.tags,
    url: `${BASE}/?p=${p.id}`,
    commentsurl: `${BASE}/?p=${p.id}#comments`,
    permalink: `${BASE}/?p=${p.id}`,
    commentfeedurl: `${BASE}/?p=${p.id}&feed=atom`,
    commentrssurl: `${BASE}/?p=${p.id}&feed=rss2`,
    summary: p.summary,
    commentcount: numcom === 0 ? "No comments" : numcom === 1 ? "1 comment" : `${numcom} comments`,
    taglinks: p.tags.map((t) => ({ tagname: t, tagurl: tagUrl(t) })),
  };
  if (p.comments !== undefined) post["comments"] = p.comments;
  return post;
}

function makeComment(postId: number, commid: number, time: number, author: string, body: string, link?: string): Frame {
  const c: Frame = {
    commid,
    commtime: time,
    commauthor: author,
    commemail: `${author.toLowerCase()}@example.net`,
    commip: "192.0.2.7",
    commurl: link ?? "",
    commbody: trustedHtml(body),
    commpermalink: `${BASE}/?p=${postId}#comment-${commid}`,
  };
  if (link !== undefined) c["commlink"] = link;
  return c;
}

const BODY_7 = [
  "<p>blahg reads posts written in <abbr title=\"fmt3, blahgd's markup\">fmt3</abbr>, a small LaTeX-like language. ",
  "This post walks through the parser; see <a href=\"https://en.wikipedia.org/wiki/Parsing\">",
  `<img src="${BASE}/wiki.png" alt="Wikipedia article:">&nbsp;Parsing</a> and <a href="https://bugs.example.org/42">`,
  `<img src="${BASE}/bug.png" alt="bug #">&nbsp;42</a>.</p>\n`,
  "<h3>The lexer</h3>\n",
  "<p>Commands start with a backslash, like <code>\\textbf</code> or <span class=\"tt\">\\texttt</span>. ",
  "Math such as <math><msup><mi>e</mi><mrow><mi>i</mi><mi>&#960;</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></math> ",
  "becomes MathML.</p>\n",
  "<pre>const tokens = lex(source);\nfor (const token of tokens) console.log(token.kind, token.text, token.line, token.column, token.offset);</pre>\n",
  "<blockquote><p>Parsers are easy. Good error messages are not.</p></blockquote>\n",
  "<table><tr><th>Form</th><th>Meaning</th></tr><tr><td><code>$x$</code></td><td>inline math</td></tr>",
  "<tr><td><code>\\\\</code></td><td>line break</td></tr></table>\n",
  "<ul><li>one pass</li><li>no backtracking</li></ul>\n",
].join("");

const BODY_6 = "<p>Hello! This blog now runs on blahg.</p>\n<p>Old links keep working.</p>\n";

function comments7(author1 = "Alice", author2 = "Bob"): Frame[] {
  return [
    makeComment(7, 1, 1453300000, author1, "<p>Great write-up. Does the lexer keep <em>line numbers</em>?</p>\n", "https://alice.example/"),
    makeComment(7, 2, 1453386400, author2, "<p>Thanks!</p>\n<p>See <a href=\"https://example.net/\" rel=\"nofollow ugc\">my notes</a>.</p>\n"),
  ];
}

interface SiteData {
  sitetitle: string;
  tag: string;
  title7: string;
  author: string;
}

const NORMAL: SiteData = { sitetitle: "Example Notes", tag: "parsers", title7: "Parsing TeX-like markup", author: "Alice" };

function posts(d: SiteData): { p7: Frame; p6: Frame; preview: Frame } {
  const p7 = makePost({
    id: 7,
    time: 1453284000,
    title: d.title7,
    tags: [d.tag, "TypeScript"],
    body: BODY_7,
    summary: "blahg reads posts written in fmt3, a small LaTeX-like language. This post walks through the parser.",
    comments: comments7(d.author),
  });
  const p6 = makePost({ id: 6, time: 1451642700, title: "Hello, world", tags: ["meta"], body: BODY_6, summary: "Hello! This blog now runs on blahg." });
  const preview = makePost({ id: 8, time: 1764165600, title: "PREVIEW", tags: [d.tag], body: BODY_6, summary: "Hello! A draft." });
  return { p7, p6, preview };
}

function globals(d: SiteData): Frame {
  return {
    generatorversion: "0.1.0",
    baseurl: BASE,
    now: NOW_NS,
    captcha_a: 3,
    captcha_b: 4,
    posts: [],
    twitteruser: "examplenotes",
    twitterdesc: "Notes on parsers and typesetting",
    navpages: [
      {
        pageid: 2,
        pagetitle: "About",
        pageurl: `${BASE}/about/`,
        subpages: [{ pageid: 3, pagetitle: "Team", pageurl: `${BASE}/about/team/`, subpages: [], subpagecount: 0 }],
        subpagecount: 1,
      },
    ],
    tagcloud: [
      { name: "meta", count: 2, size: 6, tagurl: tagUrl("meta") },
      { name: d.tag, count: 3, size: 12, tagurl: tagUrl(d.tag) },
      { name: "TypeScript", count: 5, size: 18, tagurl: tagUrl("TypeScript") },
    ],
    // The sidebar's bounded cloud: the most used of the above.
    tagcloudtop: [
      { name: d.tag, count: 3, size: 12, tagurl: tagUrl(d.tag) },
      { name: "TypeScript", count: 5, size: 18, tagurl: tagUrl("TypeScript") },
    ],
    tagsurl: `${BASE}/?tags`,
    sitetitle: d.sitetitle,
    sitetagline: "Parsers, typesetting and other small things",
    siteauthor: "Jane Doe",
    sitelang: "en",
    siteurl: `${BASE}/`,
    atomurl: `${BASE}/?feed=atom`,
    rssurl: `${BASE}/?feed=rss2`,
    commentposturl: `${BASE}/?comment=1`,
    year: 2026,
    pagedescription: "Parsers, typesetting and other small things",
  };
}

interface Page {
  /** A name for test titles. */
  name: string;
  /** The page template. */
  root: string;
  formats: readonly Format[];
  frame: Frame;
}

const HTML_ONLY: readonly Format[] = ["html"];

function pages(d: SiteData): Page[] {
  const { p7, p6, preview } = posts(d);
  const listing = (extra: Frame): Frame => ({ curpage: 0, prevpage: 1, nextpage: U64_MAX, moreposts: 0, ...extra });
  return [
    {
      name: "index",
      root: "index",
      formats: FORMATS,
      frame: listing({
        pagekind: "index", title: d.sitetitle, twittertitle: d.sitetitle, moreposts: 1, lastupdate: 1453284000,
        posts: [p7, p6], olderurl: `${BASE}/?paged=1`, canonicalurl: `${BASE}/`,
      }),
    },
    {
      name: "index page 2",
      root: "index",
      formats: FORMATS,
      frame: listing({
        pagekind: "index", title: d.sitetitle, twittertitle: d.sitetitle, curpage: 1, prevpage: 2, nextpage: 0,
        lastupdate: 1451642700, posts: [p6], newerurl: `${BASE}/`, olderurl: `${BASE}/?paged=2`, canonicalurl: `${BASE}/?paged=1`,
      }),
    },
    {
      name: "index past the end",
      root: "index",
      formats: FORMATS,
      frame: listing({
        pagekind: "index", title: d.sitetitle, twittertitle: d.sitetitle, curpage: 9, prevpage: 10, nextpage: 8,
        lastupdate: 0, posts: [], newerurl: `${BASE}/?paged=8`, canonicalurl: `${BASE}/?paged=9`,
      }),
    },
    {
      name: "archive",
      root: "archive",
      formats: HTML_ONLY,
      frame: listing({
        pagekind: "archive", title: "2016 \u00bb January", twittertitle: `${d.sitetitle} \u00bb 2016 \u00bb January`,
        archid: 201601, archivename: "January 2016", lastupdate: 1453284000, posts: [p7, p6], canonicalurl: `${BASE}/?m=201601`,
      }),
    },
    {
      name: "tag",
      root: "tagindex",
      formats: FORMATS,
      frame: listing({
        pagekind: "tag", title: d.tag, twittertitle: `${d.sitetitle} \u00bb ${d.tag}`, tagid: d.tag, tagname: d.tag,
        tagurl: tagUrl(d.tag), tagfeedurl: `${tagUrl(d.tag)}&feed=atom`, tagrssurl: `${tagUrl(d.tag)}&feed=rss2`, lastupdate: 1453284000, posts: [p7], canonicalurl: tagUrl(d.tag),
      }),
    },
    {
      name: "unknown tag",
      root: "tagindex",
      formats: FORMATS,
      frame: listing({
        pagekind: "tag", title: "nosuch", twittertitle: `${d.sitetitle} \u00bb nosuch`, tagid: "nosuch",
        tagurl: tagUrl("nosuch"), tagfeedurl: `${tagUrl("nosuch")}&feed=atom`, tagrssurl: `${tagUrl("nosuch")}&feed=rss2`, lastupdate: 0, posts: [], canonicalurl: tagUrl("nosuch"),
      }),
    },
    {
      name: "story",
      root: "storyview",
      formats: FORMATS,
      frame: {
        pagekind: "story", title: p7["title"]!, twittertitle: p7["title"]!, twitterimg: `${BASE}/images/card.png`,
        posts: [p7], commentfeedurl: `${BASE}/?p=7&feed=atom`, canonicalurl: `${BASE}/?p=7`, pagedescription: p7["summary"]!,
        lastupdate: 1453386400,
      },
    },
    {
      name: "story without comments",
      root: "storyview",
      formats: FORMATS,
      frame: {
        pagekind: "story", title: "Hello, world", twittertitle: "Hello, world", posts: [p6],
        commentfeedurl: `${BASE}/?p=6&feed=atom`, canonicalurl: `${BASE}/?p=6`, pagedescription: p6["summary"]!,
      },
    },
    {
      name: "story preview",
      root: "storyview",
      formats: FORMATS,
      frame: {
        pagekind: "story", title: "PREVIEW", twittertitle: "PREVIEW", twitterimg: `${BASE}/images/draft.png`, preview: 1,
        posts: [preview], commentfeedurl: `${BASE}/?p=8&feed=atom`, canonicalurl: `${BASE}/?p=8`, pagedescription: "Hello! A draft.",
      },
    },
    { name: "404", root: "404", formats: HTML_ONLY, frame: { pagekind: "404" } },
    { name: "tags", root: "taglist", formats: HTML_ONLY, frame: { pagekind: "tags", title: "Tags", canonicalurl: `${BASE}/?tags` } },
    { name: "404 of a missing post", root: "404", formats: HTML_ONLY, frame: { pagekind: "404", title: "not found" } },
    { name: "unsupported feed", root: "error_unsupported_feed_fmt", formats: HTML_ONLY, frame: { pagekind: "feed-error" } },
    { name: "301", root: "301", formats: HTML_ONLY, frame: { pagekind: "redirect", redirect: tagUrl(d.tag) } },
    { name: "comment saved", root: "comment_saved", formats: HTML_ONLY, frame: { pagekind: "comment" } },
    {
      name: "comment error",
      root: "comment_error",
      formats: HTML_ONLY,
      frame: { pagekind: "comment", comment_error_str: "You need to fill in your name. Name, email, the math and the comment are required." },
    },
    {
      name: "comment error with the form",
      root: "comment_error",
      formats: HTML_ONLY,
      frame: {
        pagekind: "comment", comment_error_str: "The sum is not right.", id: 7, posttitle: p7["title"]!, returnurl: `${BASE}/?p=7`, showform: 1,
        form_author: d.author, form_email: "ann@example.org", form_url: "https://ann.example/", form_text: "What I typed",
      },
    },
    {
      name: "story after a comment was held",
      root: "storyview",
      formats: HTML_ONLY,
      frame: {
        pagekind: "story", title: p7["title"]!, twittertitle: p7["title"]!, posts: [p7], commentheld: 1,
        commentfeedurl: `${BASE}/?p=7&feed=atom`, canonicalurl: `${BASE}/?p=7`, lastupdate: 1453386400,
      },
    },
    {
      name: "story with comments closed",
      root: "storyview",
      formats: HTML_ONLY,
      frame: {
        pagekind: "story", title: p7["title"]!, twittertitle: p7["title"]!, posts: [p7], commentsclosed: 1,
        commentfeedurl: `${BASE}/?p=7&feed=atom`, canonicalurl: `${BASE}/?p=7`, lastupdate: 1453386400,
      },
    },
    {
      name: "search results",
      root: "search",
      formats: HTML_ONLY,
      frame: listing({
        pagekind: "search", title: `Search: ${d.tag} <b>`, twittertitle: `${d.sitetitle} \u00bb Search`, searchquery: `${d.tag} <b>`,
        curpage: 1, prevpage: 2, nextpage: 0, moreposts: 1, searchcount: 23, searchfirst: 11, searchlast: 12, lastupdate: 1453284000,
        searchnotes: ["Only the first 16 words of the search were used."], searchbuilding: 1, searchindexed: 500, searchtotal: 900,
        posts: [p7, p6].map((p) => ({ ...p, snippet: trustedHtml(`A <mark>${escapeHtml(d.tag)}</mark> &amp; more`) })),
        olderurl: `${BASE}/?s=${d.tag}&paged=2`, newerurl: `${BASE}/?s=${d.tag}`,
      }),
    },
    {
      name: "search without results",
      root: "search",
      formats: HTML_ONLY,
      frame: listing({ pagekind: "search", title: "Search: nothing", twittertitle: `${d.sitetitle} \u00bb Search`, searchquery: "nothing", searchcount: 0, searchfirst: 0, searchlast: 0, searchnotes: [], lastupdate: 0, posts: [] }),
    },
    {
      name: "recent comments",
      root: "recentcomments",
      formats: ["atom", "rss2"],
      frame: {
        pagekind: "feed", lastupdate: 1453386400, commentsfeedurl: `${BASE}/?feed=atom&comments=1`,
        comments: ((p7["comments"] ?? []) as TemplateMap[]).map((c) => ({ ...c, id: 7, url: `${BASE}/?p=7`, posttitle: p7["title"]! })),
      },
    },
  ];
}

/** Site-wide settings that may be missing, and what removing them removes. */
const OPTIONAL_GLOBALS = ["siteauthor", "sitetagline", "twitteruser", "twitterdesc", "pagedescription"] as const;
/** Page variables that may be missing. */
const OPTIONAL_PAGE = ["canonicalurl", "twitterimg", "pagedescription"] as const;

interface Variant {
  name: string;
  strip: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  { name: "with every optional variable", strip: [] },
  { name: "without the optional variables", strip: [...OPTIONAL_GLOBALS, ...OPTIONAL_PAGE] },
];

function without(frame: Frame, keys: readonly string[]): Frame {
  const out: Frame = { ...frame };
  for (const k of keys) delete out[k];
  return out;
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

const sets = new Map<Format, TemplateSet>();
const loadDiagnostics = new Map<Format, string[]>();
for (const format of FORMATS) {
  const { set, diagnostics } = await loadTemplateDir(THEME, format);
  sets.set(format, set);
  loadDiagnostics.set(format, diagnostics.map(formatDiagnostic));
}

function setOf(format: Format): TemplateSet {
  const set = sets.get(format);
  assert.ok(set, `no template set for ${format}`);
  return set;
}

interface Rendered {
  out: string;
  problems: string[];
  used: Set<string>;
}

function render(format: Format, root: string, globalFrame: Frame, pageFrame: Frame): Rendered {
  const problems: TemplateProblem[] = [];
  const used = new Set<string>();
  const scope = new TemplateScope(globalFrame).child(pageFrame);
  const out = setOf(format).render(root, scope, { onProblem: (p) => problems.push(p), used });
  return { out, problems: problems.map(formatDiagnostic), used };
}

interface Case {
  label: string;
  format: Format;
  page: Page;
  rendered: Rendered;
}

/** Every page of every format, rendered with `d` and with the given variables stripped. */
function renderAll(d: SiteData, strip: readonly string[] = [], transform: (f: Frame) => Frame = (f) => f): Case[] {
  const g = transform(without(globals(d), strip));
  const cases: Case[] = [];
  for (const page of pages(d)) {
    const frame = transform(without(page.frame, strip));
    for (const format of page.formats) {
      cases.push({ label: `${format}/${page.root} (${page.name})`, format, page, rendered: render(format, page.root, g, frame) });
    }
  }
  return cases;
}

function find(cases: readonly Case[], format: Format, name: string): string {
  const c = cases.find((x) => x.format === format && x.page.name === name);
  assert.ok(c, `no case ${format} ${name}`);
  return c.rendered.out;
}

// ---------------------------------------------------------------------------
// Full-page HTML checks
// ---------------------------------------------------------------------------

function count(html: string, re: RegExp): number {
  return [...html.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))].length;
}

function attrOf(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function tagsNamed(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<${name}(?=[\\s>/])[^>]*>`, "g"))].map((m) => m[0]);
}

/** Problems of a whole HTML page: markup, document structure and the accessibility basics. */
function checkPage(html: string, opts: { landmarks: boolean }): string[] {
  const problems: string[] = [];
  if (!html.startsWith("<!DOCTYPE html>\n")) problems.push("does not start with <!DOCTYPE html>");
  problems.push(...checkHtml(html.replace(/^<!DOCTYPE html>\n/, "")));
  const htmlTag = tagsNamed(html, "html")[0] ?? "";
  if (!attrOf(htmlTag, "lang")) problems.push("<html> has no lang");
  if (!/<meta charset="utf-8">/.test(html)) problems.push("no <meta charset>");
  if (!/<meta name="viewport" content="width=device-width, initial-scale=1">/.test(html)) problems.push("no viewport meta");
  if (count(html, /<title>[^<]+<\/title>/) !== 1) problems.push("not exactly one non-empty <title>");
  if (count(html, /<h1[\s>]/) !== 1) problems.push(`${count(html, /<h1[\s>]/)} h1 elements, not 1`);

  // Headings never skip a level going down (post bodies are the markup writer's business).
  const outline = html.replace(/<div class="post-body">[\s\S]*?\n<\/div>\n/g, "");
  let level = 0;
  for (const m of outline.matchAll(/<h([1-6])[\s>]/g)) {
    const next = Number(m[1]);
    if (next > level + 1) problems.push(`heading h${next} follows h${level}`);
    level = next;
  }

  const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length > 0) problems.push(`duplicate ids: ${dup.join(", ")}`);
  for (const m of html.matchAll(/\shref="#([^"]+)"/g)) {
    if (!ids.includes(m[1]!)) problems.push(`link to #${m[1]} has no target`);
  }
  for (const img of tagsNamed(html, "img")) if (attrOf(img, "alt") === undefined) problems.push(`img without alt: ${img}`);
  for (const label of tagsNamed(html, "label")) {
    const target = attrOf(label, "for");
    if (target === undefined || !ids.includes(target)) problems.push(`label for a missing control: ${label}`);
  }
  const labelled = new Set(tagsNamed(html, "label").map((l) => attrOf(l, "for")));
  for (const control of [...tagsNamed(html, "input"), ...tagsNamed(html, "textarea")]) {
    if (attrOf(control, "type") === "hidden") continue;
    if (!labelled.has(attrOf(control, "id"))) problems.push(`control without a label: ${control}`);
  }
  if (/\sstyle="[^"]*display\s*:\s*none/.test(html)) problems.push("inline display:none (use a class)");

  if (opts.landmarks) {
    if (count(html, /<header class="site-header">/) !== 1) problems.push("no site <header>");
    if (count(html, /<nav[\s>]/) < 1) problems.push("no <nav>");
    if (count(html, /<main[\s>]/) !== 1) problems.push("not exactly one <main>");
    if (!/<main id="main"/.test(html)) problems.push("<main> is not the skip link's target");
    if (count(html, /<aside[\s>]/) < 1) problems.push("no <aside>");
    if (count(html, /<footer class="site-footer">/) !== 1) problems.push("no site <footer>");
    if (!/<a class="skip-link" href="#main">/.test(html.slice(html.indexOf("<body>"), html.indexOf("<body>") + 80))) {
      problems.push("the skip link is not the first thing in <body>");
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// A small strict XML well-formedness checker (there is no XML parser installed)
// ---------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: (XmlElement | string)[];
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?$/;
const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const BAD_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Resolves the references of `s`, reporting `&` that starts none, and characters XML forbids. */
function xmlText(s: string, where: string, problems: string[]): string {
  if (BAD_XML_CHAR.test(s)) problems.push(`character not allowed in XML ${where}`);
  return s.replace(/&([^;&\s<]*);?/g, (all, ref: string) => {
    if (!all.endsWith(";")) {
      problems.push(`raw '&' ${where}`);
      return all;
    }
    if (ref in XML_ENTITIES) return XML_ENTITIES[ref]!;
    const num = /^#([0-9]+)$/.exec(ref)?.[1];
    const hex = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1];
    const code = num !== undefined ? Number(num) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (code === undefined) {
      problems.push(`undefined entity '&${ref};' ${where}`);
      return all;
    }
    if (code > 0x10ffff || (code < 0x20 && code !== 9 && code !== 10 && code !== 13) || (code >= 0xd800 && code <= 0xdfff)) {
      problems.push(`bad character reference '&${ref};' ${where}`);
      return all;
    }
    return String.fromCodePoint(code);
  });
}

/** Parses `xml` strictly enough to catch our mistakes: returns the problems and the root element. */
function parseXml(xml: string): { problems: string[]; root: XmlElement | undefined } {
  const problems: string[] = [];
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>/.exec(xml);
  if (!decl) problems.push("no XML declaration at the very start");
  let pos = decl ? decl[0].length : 0;
  const stack: XmlElement[] = [];
  const nsStack: Map<string, string>[] = [new Map([["xml", "http://www.w3.org/XML/1998/namespace"]])];
  let root: XmlElement | undefined;
  const declared = (prefix: string): boolean => nsStack.some((m) => m.has(prefix));
  const token = /<!--([\s\S]*?)-->|<!\[CDATA\[|<[!?]|<\/([^\s>]*)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</y;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (!m) break;
    const where = `at offset ${pos}`;
    pos = token.lastIndex;
    const [all, comment, endName, startName, attrText, selfClose, text] = m;
    if (comment !== undefined) {
      if (comment.includes("--")) problems.push(`'--' inside a comment ${where}`);
    } else if (all === "<![CDATA[") {
      problems.push(`CDATA section ${where} (escape the text instead)`);
    } else if (all === "<!" || all === "<?") {
      problems.push(`unexpected '${all}' ${where}`);
    } else if (endName !== undefined) {
      const open = stack.pop();
      nsStack.pop();
      if (!open) problems.push(`</${endName}> without an open element ${where}`);
      else if (open.name !== endName) problems.push(`</${endName}> closes <${open.name}> ${where}`);
    } else if (startName !== undefined) {
      if (!XML_NAME.test(startName)) problems.push(`bad element name '${startName}' ${where}`);
      const el: XmlElement = { name: startName, attrs: new Map(), children: [] };
      const ns = new Map<string, string>();
      for (const a of (attrText ?? "").matchAll(/\s+([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const name = a[1]!;
        const raw = a[2] ?? a[3] ?? "";
        if (!XML_NAME.test(name)) problems.push(`bad attribute name '${name}' ${where}`);
        if (el.attrs.has(name)) problems.push(`duplicate attribute '${name}' ${where}`);
        if (raw.includes("<")) problems.push(`'<' in attribute '${name}' ${where}`);
        const value = xmlText(raw, `in attribute '${name}' ${where}`, problems);
        el.attrs.set(name, value);
        if (name === "xmlns") ns.set("", value);
        else if (name.startsWith("xmlns:")) ns.set(name.slice(6), value);
      }
      nsStack.push(ns);
      const prefixOf = (n: string): string | undefined => (n.includes(":") ? n.slice(0, n.indexOf(":")) : undefined);
      const ep = prefixOf(startName);
      if (ep !== undefined && !declared(ep)) problems.push(`undeclared prefix '${ep}' on <${startName}> ${where}`);
      for (const name of el.attrs.keys()) {
        const ap = prefixOf(name);
        if (ap !== undefined && ap !== "xmlns" && !declared(ap)) problems.push(`undeclared prefix '${ap}' on attribute ${name} ${where}`);
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) problems.push(`second root element <${startName}> ${where}`);
      else root = el;
      if (selfClose) nsStack.pop();
      else stack.push(el);
    } else if (text !== undefined) {
      if (text.includes("]]>")) problems.push(`']]>' in text ${where}`);
      const value = xmlText(text, `in text ${where}`, problems);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(value);
      else if (/\S/.test(value)) problems.push(`text outside the root element ${where}`);
    } else {
      problems.push(`stray '<' ${where}`);
    }
  }
  for (const open of stack) problems.push(`<${open.name}> never closed`);
  if (!root) problems.push("no root element");
  return { problems, root };
}

function kids(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

function kid(el: XmlElement, name: string): XmlElement | undefined {
  return kids(el, name)[0];
}

function textOf(el: XmlElement | undefined): string {
  if (!el) return "";
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

const ATOM_NS = "http://www.w3.org/2005/Atom";
const THR_NS = "http://purl.org/syndication/thread/1.0";
const ZULU = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** What RFC 4287 requires of a feed and its entries (the parts we produce). */
function checkAtom(feed: XmlElement): string[] {
  const problems: string[] = [];
  if (feed.name !== "feed" || feed.attrs.get("xmlns") !== ATOM_NS) problems.push("root is not an Atom <feed>");
  if (feed.attrs.get("xmlns:thr") !== THR_NS) problems.push("no thr namespace");
  for (const name of ["id", "title", "updated"]) if (kids(feed, name).length !== 1) problems.push(`feed has not exactly one <${name}>`);
  if (!ZULU.test(textOf(kid(feed, "updated")))) problems.push(`feed <updated> '${textOf(kid(feed, "updated"))}' is not RFC 3339`);
  if (!kids(feed, "link").some((l) => l.attrs.get("rel") === "self" && l.attrs.get("href"))) problems.push("no self link");
  const feedAuthor = kid(feed, "author");
  for (const entry of kids(feed, "entry")) {
    const id = textOf(kid(entry, "id"));
    for (const name of ["id", "title", "updated", "published"]) {
      if (kids(entry, name).length !== 1) problems.push(`entry ${id} has not exactly one <${name}>`);
    }
    for (const name of ["updated", "published"]) {
      if (!ZULU.test(textOf(kid(entry, name)))) problems.push(`entry ${id} <${name}> is not RFC 3339`);
    }
    if (!/^https?:\/\//.test(id)) problems.push(`entry id '${id}' is not an absolute URL`);
    const author = kid(entry, "author") ?? feedAuthor;
    if (!author || textOf(kid(author, "name")) === "") problems.push(`entry ${id} has no author name`);
    if (!kids(entry, "link").some((l) => l.attrs.get("rel") === "alternate")) problems.push(`entry ${id} has no alternate link`);
    const total = kid(entry, "thr:total");
    for (const link of kids(entry, "link").filter((l) => l.attrs.has("thr:count"))) {
      if (link.attrs.get("thr:count") !== textOf(total)) problems.push(`entry ${id}: thr:count differs from thr:total`);
    }
    const content = kid(entry, "content");
    if (content && content.attrs.get("type") !== "html") problems.push(`entry ${id} content is not type="html"`);
  }
  return problems;
}

/** What RSS 2.0 requires of a channel and its items, plus the extras we promise. */
function checkRss(rss: XmlElement): string[] {
  const problems: string[] = [];
  if (rss.name !== "rss" || rss.attrs.get("version") !== "2.0") problems.push("root is not <rss version=\"2.0\">");
  const channel = kid(rss, "channel");
  if (!channel) return [...problems, "no <channel>"];
  for (const name of ["title", "link", "description"]) if (kids(channel, name).length !== 1) problems.push(`channel has not exactly one <${name}>`);
  const self = kid(channel, "atom:link");
  if (!self || self.attrs.get("rel") !== "self" || !self.attrs.get("href")) problems.push("no atom:link rel=self");
  for (const name of ["pubDate", "lastBuildDate"]) {
    const date = kid(channel, name);
    if (date && !RFC822.test(textOf(date))) problems.push(`channel <${name}> is not RFC 822`);
  }
  for (const item of kids(channel, "item")) {
    const guid = kid(item, "guid");
    const id = textOf(guid);
    if (!guid || guid.attrs.get("isPermaLink") !== "true" || !/^https?:\/\//.test(id)) problems.push(`item ${id}: no permalink guid`);
    for (const name of ["title", "link", "description", "pubDate", "dc:creator"]) {
      if (kids(item, name).length !== 1) problems.push(`item ${id} has not exactly one <${name}>`);
    }
    if (!RFC822.test(textOf(kid(item, "pubDate")))) problems.push(`item ${id} <pubDate> is not RFC 822`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Escaping: values a visitor or an author controls
// ---------------------------------------------------------------------------

const PAYLOAD = `<script>alert(1)</script>" onmouseover="alert(2)" a&b<img onerror=x>'`;

/** Appends the payload to every text in the scope; HTML values (the bodies) stay as they are. */
function poison(value: TemplateValue): TemplateValue {
  if (typeof value === "string") return value + PAYLOAD;
  if (value instanceof Html) return value;
  if (Array.isArray(value)) return value.map((v) => poison(v));
  if (value !== null && typeof value === "object") {
    const out: Frame = {};
    for (const [k, v] of Object.entries(value as TemplateMap)) out[k] = poison(v);
    return out;
  }
  return value;
}

function poisonFrame(frame: Frame): Frame {
  return poison(frame) as Frame;
}

/** Markup that only an unescaped value could have produced. */
function injections(out: string): string[] {
  const found: string[] = [];
  if (/<script/i.test(out)) found.push("<script");
  if (/<img onerror/i.test(out)) found.push("<img onerror");
  if (/onmouseover="/i.test(out)) found.push("attribute break-out (onmouseover=\")");
  if (/<x>/.test(out)) found.push("<x>");
  return found;
}

// ---------------------------------------------------------------------------
// PNG reading, for the icons
// ---------------------------------------------------------------------------

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixels: Buffer;
}

/** Reads an 8-bit RGBA PNG without filters other than None, checking every chunk's CRC. */
function readPng(file: Buffer): Png {
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  let pos = 8;
  const types: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let colorType = -1;
  while (pos < file.length) {
    const len = file.readUInt32BE(pos);
    const type = file.toString("latin1", pos + 4, pos + 8);
    const data = file.subarray(pos + 8, pos + 8 + len);
    assert.equal(file.readUInt32BE(pos + 8 + len), crc32(file.subarray(pos + 4, pos + 8 + len)), `CRC of ${type}`);
    types.push(type);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, "bit depth");
      colorType = data[9]!;
    } else if (type === "IDAT") {
      idat.push(Buffer.from(data));
    }
    pos += 12 + len;
  }
  assert.equal(types[0], "IHDR");
  assert.equal(types[types.length - 1], "IEND");
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, (width * 4 + 1) * height, "decoded size");
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, "filter type None");
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colorType, pixels };
}

// ---------------------------------------------------------------------------
// Colour contrast, for the stylesheet's palette
// ---------------------------------------------------------------------------

function luminance(hex: string): number {
  const n = hex.replace("#", "");
  const channels = [0, 2, 4].map((i) => parseInt(n.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The custom properties set in the first block that `opener` starts. */
function palette(css: string, opener: RegExp): Map<string, string> {
  const start = css.search(opener);
  assert.ok(start >= 0, `no ${opener}`);
  const block = css.slice(start, css.indexOf("}", start));
  return new Map([...block.matchAll(/(--[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!]));
}

/** Text colour on background colour, as the stylesheet uses them; each must reach 4.5:1. */
const TEXT_PAIRS: readonly (readonly [string, string])[] = [
  ["--text", "--bg"], ["--text", "--surface"], ["--muted", "--bg"], ["--muted", "--surface"],
  ["--link", "--bg"], ["--link", "--surface"], ["--link-hover", "--bg"], ["--on-accent", "--link"],
  ["--on-accent", "--link-hover"], ["--notice-text", "--notice-bg"], ["--link", "--notice-bg"],
  ["--muted", "--notice-bg"], ["--error-text", "--error-bg"], ["--ok-text", "--ok-bg"],
  // Highlighted code and formulas shown as source sit on the code background.
  ["--error-text", "--surface"],
  ...["keyword", "string", "number", "comment", "title", "type", "meta", "builtin", "variable", "deletion"].map(
    (name) => [`--hl-${name}`, "--surface"] as const,
  ),
];

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

const normalCases = renderAll(NORMAL);
const allCases = VARIANTS.flatMap((v) => renderAll(NORMAL, v.strip).map((c) => ({ ...c, label: `${c.label} ${v.name}` })));

const PAGE_TEMPLATES: Record<Format, string[]> = {
  html: ["index", "archive", "tagindex", "storyview", "404", "error_unsupported_feed_fmt", "301", "comment_saved", "comment_error", "search", "taglist"],
  atom: ["index", "tagindex", "storyview"],
  rss2: ["index", "tagindex", "storyview"],
};

/** Every variable docs/templates.md documents: no template may share a name with one, or the variable would hide it. */
const DOCUMENTED_VARIABLES = [
  "generatorversion", "baseurl", "now", "captcha_a", "captcha_b", "posts", "twitteruser", "twitterdesc", "tagcloud",
  "sitetitle", "sitetagline", "siteauthor", "sitelang", "siteurl", "atomurl", "rssurl", "year", "pagekind",
  "canonicalurl", "pagedescription", "title", "twittertitle", "curpage", "prevpage", "nextpage", "moreposts",
  "lastupdate", "archid", "archivename", "tagid", "tagname", "tagfeedurl", "twitterimg", "preview", "commentfeedurl",
  "redirect", "comment_error_str", "olderurl", "newerurl", "id", "time", "numcom", "body", "tags", "comments", "url",
  "commentsurl", "summary", "commentcount", "taglinks", "tagurl", "name", "count", "size", "commid", "commtime",
  "commauthor", "commemail", "commip", "commurl", "commlink", "commbody", "commpermalink",
  "navpages", "pagetitle", "pageurl", "pageid", "subpages", "subpagecount", "currentpageid", "commkind", "tagcloudtop", "tagsurl",
  "permalink", "commentrssurl", "tagrssurl", "monthurl", "nextpageurl", "prevpageurl", "commentposturl",
  "commentsatomurl", "commentsrssurl", "jsonfeedurl", "tagjsonfeedurl", "commentsfeedurl",
  "searchquery", "searchcount", "searchfirst", "searchlast", "searchnotes", "searchbuilding", "searchindexed", "searchtotal", "snippet",
];

describe("the default theme's templates", () => {
  for (const format of FORMATS) {
    it(`load from themes/default/${format} without a single diagnostic`, () => {
      assert.deepEqual(loadDiagnostics.get(format), []);
    });

    it(`include every page template blahg renders in ${format}`, () => {
      for (const name of PAGE_TEMPLATES[format]) assert.ok(setOf(format).has(name), `${format}/${name}.tmpl is missing`);
    });

    it(`in ${format} are all used by some page, and none is named like a variable`, () => {
      const used = new Set<string>();
      for (const c of allCases.filter((x) => x.format === format)) for (const n of c.rendered.used) used.add(n);
      assert.deepEqual(setOf(format).names.filter((n) => !used.has(n)), []);
      assert.deepEqual(setOf(format).names.filter((n) => DOCUMENTED_VARIABLES.includes(n)), []);
    });
  }

  it("are all described in the theme's README", () => {
    const readme = readFileSync(join(THEME, "README.md"), "utf8");
    for (const format of FORMATS) {
      for (const name of setOf(format).names) assert.ok(readme.includes(`\`${name}\``), `README does not mention ${format}/${name}`);
    }
  });
});

describe("rendering every page of the default theme", () => {
  for (const c of allCases) {
    it(`${c.label} reports no problem`, () => {
      assert.deepEqual(c.rendered.problems, []);
      assert.notEqual(c.rendered.out.trim(), "");
    });
  }
});

describe("the default theme's HTML pages", () => {
  for (const c of allCases.filter((x) => x.format === "html")) {
    it(`${c.label} is well-formed HTML5 with one h1, landmarks, labels and a skip link`, () => {
      assert.deepEqual(checkPage(c.rendered.out, { landmarks: c.page.root !== "301" }), []);
    });
  }

  const index = find(normalCases, "html", "index");
  const page2 = find(normalCases, "html", "index page 2");
  const story = find(normalCases, "html", "story");
  const tag = find(normalCases, "html", "tag");

  it("title the page with the page's title, then the site's", () => {
    assert.match(story, /<title>Parsing TeX-like markup &ndash; Example Notes<\/title>/);
    assert.match(tag, /<title>Posts tagged &ldquo;parsers&rdquo; &ndash; Example Notes<\/title>/);
    assert.match(page2, /<title>Page 2 &ndash; Example Notes<\/title>/);
    assert.match(index, /<title>Example Notes &ndash; Parsers, typesetting and other small things<\/title>/);
  });

  it("carry site title, tagline and author only from variables", () => {
    const stripped = renderAll({ ...NORMAL, sitetitle: "Zzq Site" }, ["siteauthor", "sitetagline", "pagedescription"]);
    for (const c of stripped.filter((x) => x.format === "html")) {
      assert.doesNotMatch(c.rendered.out, /Example Notes|Jane Doe|Parsers, typesetting/, c.label);
    }
    assert.match(find(stripped, "html", "index"), /<h1 class="site-title"><a href="https:\/\/blog\.example\.org\/" rel="home">Zzq Site<\/a><\/h1>/);
    assert.match(find(stripped, "html", "index"), /&copy; 2026 Zzq Site/);
    assert.match(index, /&copy; 2026 Jane Doe/);
    assert.match(index, /<p class="site-tagline">Parsers, typesetting and other small things<\/p>/);
  });

  it("link the canonical URL, the feeds, and the pager's neighbours in the head", () => {
    assert.match(index, /<link rel="canonical" href="https:\/\/blog\.example\.org\/">/);
    assert.match(index, /<link rel="alternate" type="application\/atom\+xml" title="Example Notes \(Atom\)" href="https:\/\/blog\.example\.org\/\?feed=atom">/);
    assert.match(index, /<link rel="alternate" type="application\/rss\+xml" title="Example Notes \(RSS\)" href="https:\/\/blog\.example\.org\/\?feed=rss2">/);
    assert.match(index, /<link rel="next" href="https:\/\/blog\.example\.org\/\?paged=1">/);
    assert.doesNotMatch(index, /rel="prev"/);
    assert.match(page2, /<link rel="prev" href="https:\/\/blog\.example\.org\/">/);
    assert.match(page2, /<link rel="next" href="https:\/\/blog\.example\.org\/\?paged=2">/);
    assert.match(tag, /<link rel="alternate" type="application\/atom\+xml" title="Posts tagged &ldquo;parsers&rdquo; \(Atom\)" href="https:\/\/blog\.example\.org\/\?tag=parsers&amp;feed=atom">/);
    assert.match(tag, /<link rel="alternate" type="application\/rss\+xml" [^>]*href="https:\/\/blog\.example\.org\/\?tag=parsers&amp;feed=rss2">/);
    assert.match(story, /<link rel="alternate" type="application\/atom\+xml" title="Comments on &ldquo;Parsing TeX-like markup&rdquo; \(Atom\)" href="https:\/\/blog\.example\.org\/\?p=7&amp;feed=atom">/);
    assert.match(story, /<link rel="alternate" type="application\/rss\+xml" [^>]*href="https:\/\/blog\.example\.org\/\?p=7&amp;feed=rss2">/);
    const bare = renderAll(NORMAL, ["canonicalurl"]);
    assert.doesNotMatch(find(bare, "html", "story"), /rel="canonical"|og:url/);
  });

  it("describe the page to search engines and link previews (description, OpenGraph)", () => {
    assert.match(story, /<meta name="description" content="blahg reads posts written in fmt3/);
    assert.match(story, /<meta property="og:type" content="article">/);
    assert.match(story, /<meta property="og:title" content="Parsing TeX-like markup">/);
    assert.match(story, /<meta property="og:url" content="https:\/\/blog\.example\.org\/\?p=7">/);
    assert.match(story, /<meta property="og:description" content="blahg reads/);
    assert.match(story, /<meta property="og:site_name" content="Example Notes">/);
    assert.match(story, /<meta property="og:image" content="https:\/\/blog\.example\.org\/images\/card\.png">/);
    assert.match(story, /<meta property="article:published_time" content="2016-01-20T10:00:00Z">/);
    assert.match(story, /<meta property="article:tag" content="parsers">/);
    assert.match(index, /<meta property="og:type" content="website">/);
    assert.doesNotMatch(index, /og:image/);
    assert.doesNotMatch(find(normalCases, "html", "404"), /og:/);
  });

  it("emit the Twitter card only when twitteruser, twittertitle and twitterdesc are all set", () => {
    assert.match(story, /<meta name="twitter:card" content="summary_large_image">/);
    assert.match(story, /<meta name="twitter:image" content="https:\/\/blog\.example\.org\/images\/card\.png">/);
    assert.match(story, /<meta name="twitter:site" content="@examplenotes">/);
    assert.match(story, /<meta name="twitter:creator" content="@examplenotes">/);
    assert.match(story, /<meta name="twitter:title" content="Parsing TeX-like markup">/);
    assert.match(story, /<meta name="twitter:description" content="Notes on parsers and typesetting">/);
    assert.match(index, /<meta name="twitter:card" content="summary">/);
    assert.doesNotMatch(index, /twitter:image/);
    for (const missing of ["twitteruser", "twitterdesc", "twittertitle"]) {
      assert.doesNotMatch(find(renderAll(NORMAL, [missing]), "html", "story"), /twitter:/, `without ${missing}`);
    }
    assert.doesNotMatch(find(normalCases, "html", "404"), /twitter:/);
  });

  it("list each post with its title link, date, tags, full body and comment count", () => {
    assert.match(index, /<h2 class="post-title"><a href="https:\/\/blog\.example\.org\/\?p=7" rel="bookmark">Parsing TeX-like markup<\/a><\/h2>/);
    assert.match(index, /<time datetime="2016-01-20T10:00:00Z">January 20, 2016<\/time>/);
    assert.match(index, /<li><a href="https:\/\/blog\.example\.org\/\?tag=parsers" rel="tag">parsers<\/a><\/li>/);
    assert.ok(index.includes(BODY_7) && index.includes(BODY_6), "full bodies");
    assert.match(index, /<a class="comments-link" href="https:\/\/blog\.example\.org\/\?p=7#comments">2 comments<span class="visually-hidden">/);
    assert.match(index, /href="https:\/\/blog\.example\.org\/\?p=6#comments">No comments</);
    assert.match(find(normalCases, "html", "index past the end"), /<p class="no-posts">/);
    assert.doesNotMatch(index, /no-posts/);
  });

  it("page only through olderurl and newerurl", () => {
    assert.match(index, /<nav class="pager" aria-label="More posts">/);
    assert.match(index, /<a class="pager-older" href="https:\/\/blog\.example\.org\/\?paged=1" rel="next">/);
    assert.doesNotMatch(index, /pager-newer/);
    assert.match(page2, /<a class="pager-newer" href="https:\/\/blog\.example\.org\/" rel="prev">/);
    assert.doesNotMatch(find(normalCases, "html", "story"), /class="pager"/);
    assert.doesNotMatch(find(normalCases, "html", "archive"), /class="pager"/);
  });

  it("show the story with its comments, their permalinks, the comment feed and the comment count", () => {
    assert.match(story, /<h1 class="post-title">Parsing TeX-like markup<\/h1>/);
    assert.match(story, /<h2 id="comments-heading">2 comments<\/h2>/);
    assert.match(story, /<li class="comment" id="comment-1">/);
    assert.match(story, /<a href="https:\/\/alice\.example\/" rel="nofollow ugc">Alice<\/a>/);
    assert.match(story, /<span class="comment-author">Bob<\/span>/);
    assert.match(story, /<a class="comment-permalink" href="https:\/\/blog\.example\.org\/\?p=7#comment-2"><time datetime="2016-01-21T14:26:40Z">/);
    assert.ok(story.includes("<p>See <a href=\"https://example.net/\" rel=\"nofollow ugc\">my notes</a>.</p>"), "commbody printed raw");
    assert.match(story, /<a href="https:\/\/blog\.example\.org\/\?p=7&amp;feed=atom" type="application\/atom\+xml">Atom<\/a>/);
    assert.match(story, /id="comments"/);
    const quiet = find(normalCases, "html", "story without comments");
    assert.match(quiet, /<h2 id="comments-heading">No comments<\/h2>/);
    assert.doesNotMatch(quiet, /comment-list/);
  });

  it("have the comment form with exactly blahgd's fields, every one labelled", () => {
    const form = /<form class="comment-form"[^>]*>[\s\S]*?<\/form>/.exec(story)?.[0] ?? "";
    assert.match(form, /^<form class="comment-form" id="commentform" action="https:\/\/blog\.example\.org\/\?comment=1" method="post">/);
    const names = [...form.matchAll(/\sname="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(names.sort(), ["a", "c", "d", "e", "i", "s", "u", "v", "x"]);
    assert.match(form, /<input type="hidden" name="i" value="7">/);
    assert.match(form, new RegExp(`<input type="hidden" name="d" value="${NOW_NS}">`));
    assert.match(form, /<label for="comment-v">What is 3 \+ 4\?/);
    assert.match(form, /<p class="hp"><label for="comment-x">Leave this field empty<\/label> <input type="text" id="comment-x" name="x" value=""/);
    assert.match(form, /<textarea id="comment-c" name="c"/);
    assert.match(form, /<button type="submit" name="s"/);
    assert.doesNotMatch(form, /style=/);
  });

  it("mark a preview and show its share card", () => {
    const preview = find(normalCases, "html", "story preview");
    assert.match(preview, /<p class="preview-flag"><strong>Preview<\/strong>/);
    assert.match(preview, /<title>Preview: PREVIEW &ndash; Example Notes<\/title>/);
    assert.match(preview, /<meta name="robots" content="noindex">/);
    assert.match(preview, /<figure class="share-card">[\s\S]*<img class="card-image" src="https:\/\/blog\.example\.org\/images\/draft\.png" alt="[^"]+">/);
    assert.doesNotMatch(story, /preview-flag|share-card/);
  });

  it("have a sidebar with the most used tags, a link to all tags, and the feeds", () => {
    const aside = /<aside[\s\S]*<\/aside>/.exec(tag)?.[0] ?? "";
    assert.match(aside, /<li><a href="https:\/\/blog\.example\.org\/\?tag=TypeScript" style="font-size:max\(0\.8rem,18pt\)">TypeScript<span class="visually-hidden"> \(5 posts\)<\/span><\/a><\/li>/);
    assert.doesNotMatch(aside, />meta</, "a tag of the whole cloud only");
    assert.match(aside, /<a href="https:\/\/blog\.example\.org\/\?tags">All tags<\/a>/);
    assert.match(aside, /All posts \(Atom\)/);
    assert.match(aside, /<a href="https:\/\/blog\.example\.org\/\?tag=parsers&amp;feed=atom" type="application\/atom\+xml">Posts tagged parsers \(Atom\)<\/a>/);
    assert.match(find(normalCases, "html", "unknown tag"), /<h1 class="page-title">Posts tagged &ldquo;nosuch&rdquo;<\/h1>/);
  });

  it("list every tag of the cloud on the tag list page", () => {
    const main = /<main[\s\S]*<\/main>/.exec(find(normalCases, "html", "tags"))?.[0] ?? "";
    assert.match(main, /<h1 class="page-title">Tags<\/h1>/);
    for (const name of ["meta", "parsers", "TypeScript"]) assert.match(main, new RegExp(`\\?tag=${name}" style="font-size:`));
  });

  it("tell what went wrong on the error pages", () => {
    assert.match(find(normalCases, "html", "404"), /<h1 class="page-title">Page not found<\/h1>/);
    assert.match(find(normalCases, "html", "comment error"), /<p class="error-message">You need to fill in your name\./);
    assert.match(find(normalCases, "html", "301"), /<a href="https:\/\/blog\.example\.org\/\?tag=parsers">https:\/\/blog\.example\.org\/\?tag=parsers<\/a>/);
  });
});

describe("the default theme's feeds", () => {
  for (const c of allCases.filter((x) => x.format !== "html")) {
    it(`${c.label} is well-formed XML and a valid ${c.format === "atom" ? "Atom 1.0" : "RSS 2.0"} feed`, () => {
      const { problems, root } = parseXml(c.rendered.out);
      assert.deepEqual(problems, []);
      assert.ok(root);
      assert.deepEqual(c.format === "atom" ? checkAtom(root) : checkRss(root), []);
    });
  }

  const parse = (format: Format, name: string, cases: readonly Case[] = normalCases): XmlElement => {
    const { root } = parseXml(find(cases, format, name));
    assert.ok(root);
    return root;
  };

  it("give Atom entries permalink ids, both dates, categories, reply counts and the escaped body", () => {
    const feed = parse("atom", "index");
    assert.equal(textOf(kid(feed, "updated")), "2016-01-20T10:00:00Z");
    assert.equal(textOf(kid(feed, "id")), `${BASE}/?feed=atom`);
    const [e7, e6] = kids(feed, "entry");
    assert.ok(e7 && e6);
    assert.equal(textOf(kid(e7, "id")), `${BASE}/?p=7`);
    assert.equal(textOf(kid(e7, "published")), "2016-01-20T10:00:00Z");
    assert.deepEqual(kids(e7, "category").map((c) => c.attrs.get("term")), ["parsers", "TypeScript"]);
    assert.equal(textOf(kid(e7, "thr:total")), "2");
    assert.deepEqual(kids(e7, "link").filter((l) => l.attrs.get("rel") === "replies").map((l) => l.attrs.get("thr:count")), ["2", "2"]);
    assert.equal(textOf(kid(e6, "thr:total")), "0");
    assert.equal(textOf(kid(e7, "content")), BODY_7);
    assert.equal(textOf(kid(kid(e7, "author")!, "name")), "Jane Doe");
    const noAuthor = parse("atom", "index", renderAll(NORMAL, ["siteauthor"]));
    assert.equal(textOf(kid(kid(kids(noAuthor, "entry")[0]!, "author")!, "name")), "Example Notes");
  });

  it("give the Atom comment feed one entry per comment, with ? in every comment URI", () => {
    const feed = parse("atom", "story");
    assert.equal(textOf(kid(feed, "id")), `${BASE}/?p=7&feed=atom`);
    assert.equal(textOf(kid(feed, "title")), "Comments on \u201cParsing TeX-like markup\u201d");
    assert.equal(textOf(kid(feed, "updated")), "2016-01-21T14:26:40Z", "the newest comment");
    assert.equal(textOf(kid(parse("atom", "story without comments"), "updated")), "2016-01-01T10:05:00Z", "the post");
    const entries = kids(feed, "entry");
    assert.deepEqual(entries.map((e) => textOf(kid(e, "id"))), [`${BASE}/?p=7#comment-1`, `${BASE}/?p=7#comment-2`]);
    assert.equal(textOf(kid(kid(entries[0]!, "author")!, "uri")), "https://alice.example/");
    assert.equal(kid(kid(entries[1]!, "author")!, "uri"), undefined);
    assert.match(textOf(kid(entries[1]!, "content")), /^<p>Thanks!<\/p>/);
    assert.equal(kids(parse("atom", "story without comments"), "entry").length, 0);
  });

  it("title and self-link the tag feeds for their tag", () => {
    const atom = parse("atom", "tag");
    assert.equal(textOf(kid(atom, "title")), "Example Notes: posts tagged \u201cparsers\u201d");
    assert.equal(kids(atom, "link").find((l) => l.attrs.get("rel") === "self")?.attrs.get("href"), `${BASE}/?tag=parsers&feed=atom`);
    const rss = kid(parse("rss2", "tag"), "channel")!;
    assert.equal(kid(rss, "atom:link")?.attrs.get("href"), `${BASE}/?tag=parsers&feed=rss2`);
    assert.equal(kids(rss, "item").length, 1);
  });

  it("give RSS items a permalink guid, comments, categories, the escaped body, a date and a creator", () => {
    const channel = kid(parse("rss2", "index"), "channel")!;
    assert.equal(textOf(kid(channel, "pubDate")), "Wed, 20 Jan 2016 10:00:00 +0000");
    assert.equal(textOf(kid(channel, "language")), "en");
    const item = kids(channel, "item")[0]!;
    assert.equal(textOf(kid(item, "guid")), `${BASE}/?p=7`);
    assert.equal(textOf(kid(item, "comments")), `${BASE}/?p=7#comments`);
    assert.deepEqual(kids(item, "category").map(textOf), ["parsers", "TypeScript"]);
    assert.equal(textOf(kid(item, "description")), BODY_7);
    assert.equal(textOf(kid(item, "dc:creator")), "Jane Doe");
    const comments = kid(parse("rss2", "story"), "channel")!;
    assert.deepEqual(kids(comments, "item").map((i) => textOf(kid(i, "link"))), [`${BASE}/?p=7#comment-1`, `${BASE}/?p=7#comment-2`]);
    assert.equal(textOf(kid(comments, "link")), `${BASE}/?p=7`);
    assert.equal(textOf(kid(comments, "pubDate")), "Thu, 21 Jan 2016 14:26:40 +0000");
  });
});

describe("escaping in the default theme", () => {
  const hostile: SiteData = { sitetitle: "Example Notes", title7: "<script>alert(1)</script>", tag: 'a&b"<x>', author: "<img onerror=x>" };
  const named = VARIANTS.flatMap((v) =>
    renderAll(hostile, v.strip, (f) => ("tagid" in f ? { ...f, tagid: '"><script>', title: '"><script>' } : f)).map((c) => ({ ...c, label: `${c.label} ${v.name}` })),
  );
  for (const c of named) {
    it(`${c.label} escapes a hostile title, tag, comment author and tagid`, () => {
      assert.deepEqual(c.rendered.problems, []);
      assert.deepEqual(injections(c.rendered.out), []);
      assert.doesNotMatch(c.rendered.out, /a&b"/);
      if (c.format === "html") assert.deepEqual(checkPage(c.rendered.out, { landmarks: c.page.root !== "301" }), []);
      else assert.deepEqual(parseXml(c.rendered.out).problems, []);
    });
  }

  const flooded = VARIANTS.flatMap((v) => renderAll(NORMAL, v.strip, poisonFrame).map((c) => ({ ...c, label: `${c.label} ${v.name}` })));
  for (const c of flooded) {
    it(`${c.label} escapes every string variable but the bodies`, () => {
      assert.deepEqual(c.rendered.problems, []);
      assert.deepEqual(injections(c.rendered.out), []);
      if (c.format === "html") assert.deepEqual(checkPage(c.rendered.out, { landmarks: c.page.root !== "301" }), []);
      else assert.deepEqual(parseXml(c.rendered.out).problems, []);
    });
  }

  it("prints the tag's feed URLs as the site wrote them (URL-escaped there), escaped for HTML", () => {
    // The theme no longer builds URLs from tagid: the URL scheme writes tagrssurl (see src/site/urls/).
    const tag = find(named, "html", "tag");
    assert.match(tag, /href="https:\/\/blog\.example\.org\/\?tag=a%26b%22%3Cx%3E&amp;feed=rss2"/);
    assert.doesNotMatch(tag, /\?tag=%22%3E%3Cscript%3E/);
  });
});

describe("the default theme's web files", () => {
  const web = join(THEME, "web");
  const css = readFileSync(join(web, "style.css"), "utf8");

  it("style the parts fmt3 bodies and the templates use, with dark mode and focus outlines", () => {
    for (const needle of [
      "@media (prefers-color-scheme: dark)", ":focus-visible", ".tt", "math", "pre", "overflow-x: auto", "table",
      "blockquote", "abbr", "img", "max-width: 100%", ".hp", "display: none", ".skip-link", ".visually-hidden",
      ".tag-cloud", ".comment-form", "65ch", ".hljs-keyword", ".hljs-comment", "code.math-error", "math[display=\"block\"]",
    ]) {
      assert.ok(css.includes(needle), `style.css lacks ${needle}`);
    }
    assert.doesNotMatch(css, /@import|url\(["']?https?:/, "no remote resources");
  });

  for (const [mode, opener] of [["light", /:root \{/], ["dark", /@media \(prefers-color-scheme: dark\) \{\s*:root \{/]] as const) {
    it(`has text colours with at least 4.5:1 contrast in ${mode} mode`, () => {
      const colours = new Map([...palette(css, /:root \{/), ...palette(css, opener)]);
      for (const [fg, bg] of TEXT_PAIRS) {
        const a = colours.get(fg);
        const b = colours.get(bg);
        assert.ok(a && b, `${fg} or ${bg} is not set`);
        assert.ok(contrast(a, b) >= 4.5, `${fg} ${a} on ${bg} ${b}: ${contrast(a, b).toFixed(2)}:1`);
      }
      const focus = colours.get("--focus");
      assert.ok(focus && contrast(focus, colours.get("--bg")!) >= 3, "focus outline below 3:1");
    });
  }

  for (const [file, size] of [["favicon.ico", 32], ["wiki.png", 14], ["bug.png", 14]] as const) {
    it(`has ${file}, a valid ${size}x${size} RGBA PNG with transparency`, () => {
      const png = readPng(readFileSync(join(web, file)));
      assert.equal(png.width, size);
      assert.equal(png.height, size);
      assert.equal(png.colorType, 6);
      const alphas = new Set<number>();
      for (let i = 3; i < png.pixels.length; i += 4) alphas.add(png.pixels[i]!);
      assert.ok(alphas.has(0), "no transparent pixel");
      assert.ok(alphas.has(255), "no opaque pixel");
    });
  }

  it("has icons that tools/make-icons.mjs regenerates pixel for pixel", () => {
    const out = tempDirWith({});
    try {
      execFileSync(process.execPath, [join(THEME, "tools", "make-icons.mjs"), out], { stdio: "pipe" });
      for (const file of ["favicon.ico", "wiki.png", "bug.png"]) {
        assert.deepEqual(readPng(readFileSync(join(out, file))).pixels, readPng(readFileSync(join(web, file))).pixels, file);
      }
    } finally {
      removeDir(out);
    }
  });
});

const previewDir = process.env["THEME_PREVIEW_DIR"];
if (previewDir !== undefined && previewDir !== "") {
  // Pages that load their stylesheet and icons from the preview directory itself.
  const local: SiteData = NORMAL;
  const base = `file://${previewDir}`;
  const relocate = (v: TemplateValue): TemplateValue =>
    typeof v === "string" ? v.replaceAll(BASE, base) : v instanceof Html ? trustedHtml(v.html.replaceAll(BASE, base)) : Array.isArray(v) ? v.map(relocate) : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, relocate(x)])) : v;
  mkdirSync(previewDir, { recursive: true });
  for (const f of readdirSync(join(THEME, "web"))) copyFileSync(join(THEME, "web", f), join(previewDir, f));
  for (const c of renderAll(local, [], (f) => relocate(f) as Frame)) {
    const ext = c.format === "html" ? "html" : "xml";
    const name = `${c.format}-${c.page.name.replace(/\W+/g, "-")}.${ext}`;
    writeFileSync(join(previewDir, name), c.rendered.out);
  }
  assert.ok(existsSync(join(previewDir, "html-index.html")));
}
