/**
 * Our blahgd-style template set (test/fixtures/blahgd-templates/, written
 * from spec §7) loaded and rendered by blahg's template engine, with the
 * variables blahgd provides (spec §6.6): the proof that blahg renders what
 * blahgd's templates expect, quirks included, except that text those
 * templates print raw (tags, authors, titles in CDATA) comes out escaped:
 * bodies are HTML values, everything else is text.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadTemplateDir, TemplateScope, trustedHtml, type TemplateMap, type TemplateProblem, type TemplateSet } from "../src/template/index.js";
import { checkHtml } from "./support/html-check.js";
import { fixturesDir } from "./support/paths.js";

const templatesDir = join(fixturesDir, "blahgd-templates");

const BASE = "https://blog.example.org";
/** 2016-01-01 09:05:00 UTC, a Friday. */
const NEW_YEAR = 1451639100;
/** 2015-12-20 10:00:00 UTC. */
const DECEMBER = 1450605600;
/** 2016-01-02 10:30:00 UTC and 2016-01-10 18:00:00 UTC. */
const COMMENT_1_TIME = 1451730600;
const COMMENT_3_TIME = 1452448800;
/** What blahgd's `nextpage` is on page 0: page − 1 in a uint64_t. */
const U64_MAX = (1n << 64n) - 1n;

const HTML_NAMES = [
  "301", "404", "archive", "archivepager", "catindex", "catpager", "comment", "comment_error", "comment_saved",
  "commentform", "error_comment_feed", "error_unsupported_feed_fmt", "footer", "fullstory", "header", "index",
  "indexpager", "sidebar", "story", "storyview", "tag", "tagcloud", "tagindex", "tagpager",
];
const FEED_NAMES = ["comment", "commentlist", "index", "story", "storyview", "tag"];

/** Scope 0: what blahgd sets for every request (§6.6). */
function requestScope(extra: TemplateMap = {}): TemplateScope {
  return new TemplateScope({
    ...requestWithoutCloud,
    tagcloud: [
      { name: "Linux kernel", count: 3, size: 18 },
      { name: "zfs", count: 2, size: 12 },
    ],
    ...extra,
  });
}

/** The 301 page is rendered without the sidebar data. */
const requestWithoutCloud: TemplateMap = {
  generatorversion: "v4.7",
  baseurl: BASE,
  now: 1451639160123456789n,
  captcha_a: 3,
  captcha_b: 4,
  posts: [],
};

/** With the twitter keys configured. */
const TWITTER = { twitteruser: "jeffpc", twitterdesc: "Notes <and> code" };

const comments: TemplateMap[] = [
  {
    commid: 1,
    commtime: COMMENT_1_TIME,
    commauthor: "Ann",
    commemail: "ann@example.org",
    commip: "192.0.2.1",
    commurl: "https://ann.example.org/",
    commbody: trustedHtml("First!"),
  },
  {
    // Comment 2 was never moderated, so it is not in the list.
    commid: 3,
    commtime: COMMENT_3_TIME,
    commauthor: "Bob",
    commemail: "bob@example.org",
    commip: "192.0.2.3",
    commurl: null, // submitted without a website; the stock templates never print it
    commbody: trustedHtml("<p>Nice post.</p>"),
  },
];

const POST_1_TITLE = `Hello <World> & "Friends"`;
const POST_1_TITLE_ESCAPED = "Hello &lt;World&gt; &amp; &quot;Friends&quot;";

const post1: TemplateMap = {
  id: 1,
  time: NEW_YEAR,
  title: POST_1_TITLE,
  numcom: 2,
  body: trustedHtml("<p>The first post of the year.</p>"),
  tags: ["C", "Linux kernel", "zfs"],
  comments,
};

/** A post without comments: no `comments` key at all, as blahgd does. */
const post2: TemplateMap = {
  id: 2,
  time: DECEMBER,
  title: "Quiet December",
  numcom: 0,
  body: trustedHtml("<p>Nothing much.</p>"),
  tags: ["zfs"],
};

function listingVars(page: number, moreposts: 0 | 1, posts: TemplateMap[]): TemplateMap {
  return {
    curpage: page,
    prevpage: page + 1,
    nextpage: page === 0 ? U64_MAX : page - 1,
    posts,
    lastupdate: posts.reduce((t, p) => Math.max(t, p["time"] as number), 0),
    moreposts,
  };
}

const indexPage = (page: number, moreposts: 0 | 1): TemplateMap => ({
  title: "Blahg",
  twittertitle: "Blahg",
  ...listingVars(page, moreposts, [post1, post2]),
});

const storyPage = (post: TemplateMap, extra: TemplateMap = {}): TemplateMap => ({
  title: post["title"]!,
  twittertitle: post["title"]!,
  posts: [post],
  ...extra,
});

const sets = {
  html: await loadTemplateDir(templatesDir, "html"),
  atom: await loadTemplateDir(templatesDir, "atom"),
  rss2: await loadTemplateDir(templatesDir, "rss2"),
};

interface Rendered {
  out: string;
  problems: TemplateProblem[];
  used: string[];
}

function render(set: TemplateSet, page: string, scope: TemplateScope): Rendered {
  const problems: TemplateProblem[] = [];
  const used = new Set<string>();
  const out = set.render(page, scope, { onProblem: (p) => problems.push(p), used });
  return { out, problems, used: [...used].sort() };
}

/** Renders an HTML page and checks it renders cleanly and is well-formed. */
function renderHtml(page: string, scope: TemplateScope): Rendered {
  const r = render(sets.html.set, page, scope);
  assert.deepEqual(r.problems, []);
  assert.ok(r.out.length > 0, `${page} rendered as empty`);
  assert.deepEqual(checkHtml(r.out.replace(/^<!DOCTYPE html>/, "")), []);
  return r;
}

function renderFeed(format: "atom" | "rss2", page: string, scope: TemplateScope): Rendered {
  const r = render(sets[format].set, page, scope);
  assert.deepEqual(r.problems, []);
  assert.ok(r.out.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n`));
  return r;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The templates every sidebar-and-header page includes. */
const FRAME = ["footer", "header", "sidebar", "tagcloud"];

describe("the blahgd-style template fixture", () => {
  it("loads all three formats without a single diagnostic", () => {
    for (const [format, loaded] of Object.entries(sets)) {
      assert.deepEqual(loaded.diagnostics, [], `${format} diagnostics`);
    }
  });

  it("has blahgd's template names in each format", () => {
    assert.deepEqual(sets.html.set.names, [...HTML_NAMES].sort());
    assert.deepEqual(sets.atom.set.names, FEED_NAMES);
    assert.deepEqual(sets.rss2.set.names, FEED_NAMES);
  });
});

describe("the HTML index page", () => {
  it("includes header, a story per post with its tags, the index pager, the sidebar with its tag cloud and the footer", () => {
    const { used } = renderHtml("index", requestScope().child(indexPage(0, 1)));
    assert.deepEqual(used, [...FRAME, "index", "indexpager", "story", "tag"].sort());
  });

  it("shows the site name, the escaped page title, the generator and the feed links in the head", () => {
    const { out } = renderHtml("index", requestScope().child(indexPage(0, 1)));
    assert.ok(out.includes("<title>Blahg &raquo; Blahg</title>"));
    assert.ok(out.includes(`<meta name="generator" content="blahgd v4.7" />`));
    assert.ok(out.includes(`<style media="screen">@import url("${BASE}/style.css");</style>`));
    assert.ok(out.includes(`href="${BASE}/favicon.ico"`));
    assert.ok(out.includes(`href="${BASE}/?feed=atom"`));
    assert.ok(out.includes(`href="${BASE}/?feed=rss2"`));
    assert.ok(out.includes(`<h1 id="header"><a href="${BASE}/">Blahg</a></h1>`));
    assert.ok(!out.includes("twitter:"), "no Twitter card without the twitter config keys");
  });

  it("lists each post with escaped title, tags, dates as blahgd formats them, and a Comments (N) link", () => {
    const { out } = renderHtml("index", requestScope().child(indexPage(0, 1)));
    assert.ok(out.includes(`<a href="?p=1" rel="bookmark">${POST_1_TITLE_ESCAPED}</a>`));
    assert.ok(out.includes(`<a href="?p=2" rel="bookmark">Quiet December</a>`));
    assert.ok(out.includes(`<span title="2016-01-01T09:05:00Z">January  1, 2016 09:05</span>`));
    assert.ok(out.includes(`<span title="2015-12-20T10:00:00Z">December 20, 2015 10:00</span>`));
    assert.ok(out.includes("&mdash; JeffPC @ "));
    assert.ok(out.includes(`<a href="?tag=Linux+kernel" title="View all posts in Linux kernel" rel="category">Linux kernel</a>`));
    assert.ok(out.includes(`<a href="?p=1#respond" title="Comment on ${POST_1_TITLE_ESCAPED}">Comments (2)</a>`));
    assert.ok(out.includes(`<a href="?p=2#respond" title="Comment on Quiet December">Comments (0)</a>`));
    assert.ok(!out.includes("commentlist") && !out.includes(`name="x"`), "listings show no comments and no form");
    assert.ok(!out.includes("Preview: "));
  });

  it("escapes tag names in tag links and the tag cloud, which blahgd printed raw", () => {
    const rnd = { ...post2, tags: ["R&D <2>"] };
    const scope = requestScope({ tagcloud: [{ name: "R&D <2>", count: 2, size: 6 }] }).child({ ...indexPage(0, 0), posts: [rnd] });
    const { out, problems } = render(sets.html.set, "index", scope);
    assert.deepEqual(problems, []);
    assert.ok(out.includes(`<a href="?tag=R%26D+%3C2%3E" title="View all posts in R&amp;D &lt;2&gt;" rel="category">R&amp;D &lt;2&gt;</a>`));
    assert.ok(out.includes(`<a href="?tag=R%26D+%3C2%3E" title="Tag: R&amp;D &lt;2&gt; (2)" style="font-size: 6pt">R&amp;D &lt;2&gt;</a>`));
  });

  it("shows the tag cloud in the sidebar and the credit in the footer", () => {
    const { out } = renderHtml("index", requestScope().child(indexPage(0, 1)));
    assert.ok(out.includes(`<a href="?tag=Linux+kernel" title="Tag: Linux kernel (3)" style="font-size: 18pt">Linux kernel</a>\n`));
    assert.ok(out.includes(`<a href="?tag=zfs" title="Tag: zfs (2)" style="font-size: 12pt">zfs</a>\n`));
    assert.ok(out.includes("Powered by"));
    assert.ok(out.trimEnd().endsWith("</html>"));
  });

  it("links to older entries only when the page was full, and to newer ones only past page 0", () => {
    const first = renderHtml("index", requestScope().child(indexPage(0, 1))).out;
    assert.ok(first.includes(`<a href="?paged=1">&laquo; Older Entries</a>`));
    assert.ok(!first.includes("Newer Entries"));
    assert.ok(!first.includes(String(U64_MAX)), "page 0's wrapped nextpage is never printed");

    const last = renderHtml("index", requestScope().child(indexPage(1, 0))).out;
    assert.ok(!last.includes("Older Entries"));
    assert.ok(last.includes(`<a href="?paged=0">Newer Entries &raquo;</a>`));

    const middle = renderHtml("index", requestScope().child(indexPage(3, 1))).out;
    assert.ok(middle.includes(`<a href="?paged=4">&laquo; Older Entries</a>`));
    assert.ok(middle.includes(`<a href="?paged=2">Newer Entries &raquo;</a>`));
  });
});

describe("the HTML archive and tag pages", () => {
  const archive = (page: number, moreposts: 0 | 1): TemplateScope =>
    requestScope().child({
      title: "2016 » January",
      twittertitle: "Blahg » 2016 » January",
      archid: 201601,
      ...listingVars(page, moreposts, [post1]),
    });

  it("renders the archive with its month pager", () => {
    const { out, used } = renderHtml("archive", archive(1, 1));
    assert.deepEqual(used, [...FRAME, "archive", "archivepager", "story", "tag"].sort());
    assert.ok(out.includes("<title>Blahg &raquo; 2016 » January</title>"));
    assert.ok(out.includes(`<a href="?m=201601&amp;paged=2">&laquo; Older Entries</a>`));
    assert.ok(out.includes(`<a href="?m=201601&amp;paged=0">Newer Entries &raquo;</a>`));
    assert.ok(out.includes("Comments (2)"));
  });

  it("shows neither archive link on a lone, not-full first page", () => {
    const { out } = renderHtml("archive", archive(0, 0));
    assert.ok(!out.includes("Older Entries") && !out.includes("Newer Entries"));
  });

  const tagPage = (tagid: string, page: number, moreposts: 0 | 1): TemplateScope =>
    requestScope().child({ title: tagid, twittertitle: `Blahg » ${tagid}`, tagid, ...listingVars(page, moreposts, [post1, post2]) });

  it("renders the tag page with its tag pager", () => {
    const { out, used } = renderHtml("tagindex", tagPage("zfs", 1, 1));
    assert.deepEqual(used, [...FRAME, "story", "tag", "tagindex", "tagpager"].sort());
    assert.ok(out.includes("<title>Blahg &raquo; zfs</title>"));
    assert.ok(out.includes(`<a href="?tag=zfs&amp;paged=2">&laquo; Older Entries</a>`));
    assert.ok(out.includes(`<a href="?tag=zfs&amp;paged=0">Newer Entries &raquo;</a>`));
  });

  it("escapes tagid in the tag pager links, where blahgd inserted it raw (its reflected XSS), and in the title", () => {
    const tagid = `"><script>x</script>`;
    const { out, problems } = render(sets.html.set, "tagindex", tagPage(tagid, 0, 1));
    assert.deepEqual(problems, []);
    assert.ok(out.includes(`<a href="?tag=&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;paged=1">`));
    assert.ok(!out.includes("<script>"));
    assert.ok(out.includes("<title>Blahg &raquo; &quot;&gt;&lt;script&gt;x&lt;/script&gt;</title>"));
  });
});

describe("the HTML story page", () => {
  it("includes story, comments and the comment form through fullstory", () => {
    const { used } = renderHtml("storyview", requestScope().child(storyPage(post1)));
    assert.deepEqual(used, [...FRAME, "comment", "commentform", "fullstory", "story", "storyview", "tag"].sort());
  });

  it("shows the post, its numbered comments heading, and each comment with its anchor and blahgd's dates", () => {
    const { out } = renderHtml("storyview", requestScope().child(storyPage(post1)));
    assert.ok(out.includes(`<title>Blahg &raquo; ${POST_1_TITLE_ESCAPED}</title>`));
    assert.ok(out.includes("<p>The first post of the year.</p>"));
    assert.ok(out.includes("Comments (2)"));
    assert.ok(out.includes(`2 Comments <a href="#respond"`));
    assert.ok(out.includes(`<ol id="commentlist">`));
    assert.ok(out.includes(`<li id="comment-1">\nFirst!\n`));
    assert.ok(out.includes(`<li id="comment-3">\n<p>Nice post.</p>\n`));
    assert.ok(out.includes(`Comment by Ann &mdash; January  2, 2016 @ <a href="#comment-1">10:30</a>`));
    assert.ok(out.includes(`Comment by Bob &mdash; January 10, 2016 @ <a href="#comment-3">18:00</a>`));
    assert.ok(!out.includes("comment-2"));
    assert.ok(!out.includes("ann@example.org") && !out.includes("192.0.2.1") && !out.includes("ann.example.org"),
      "e-mail, IP and URL of commenters are never shown");
    assert.ok(out.includes(`href="${BASE}/?p=1&amp;feed=atom"`));
  });

  it("has the comment form with blahgd's field names, the captcha sum and the hidden post id and render time", () => {
    const { out } = renderHtml("storyview", requestScope().child(storyPage(post1)));
    assert.ok(out.includes(`<form action="?comment=1" method="post" id="commentform">`));
    for (const name of ["x", "a", "e", "u", "v", "c", "s", "i", "d"]) {
      assert.ok(out.includes(`name="${name}"`), `field ${name}`);
    }
    assert.ok(out.includes(`<p style="display:none"><input type="text" name="x"`));
    assert.ok(out.includes("3 + 4 (required)"));
    assert.ok(out.includes(`<input type="hidden" name="i" value="1" />`));
    assert.ok(out.includes(`<input type="hidden" name="d" value="1451639160123456789" />`));
  });

  it("says 0 Comments (never singular) and has no comment list for a post without comments", () => {
    const { out } = renderHtml("storyview", requestScope().child(storyPage(post2)));
    assert.ok(out.includes(`0 Comments <a href="#respond"`));
    assert.ok(!out.includes("commentlist"));
    assert.ok(out.includes(`name="i" value="2"`));

    const one = renderHtml("storyview", requestScope().child(storyPage({ ...post1, numcom: 1, comments: [comments[0]!] }))).out;
    assert.ok(one.includes(`1 Comments <a href="#respond"`));
  });

  it("has the Twitter card in the head when the twitter keys are configured, large with an image", () => {
    const withImage = renderHtml("storyview", requestScope(TWITTER).child(storyPage(post1, { twitterimg: "https://img.example.org/a.jpg" }))).out;
    assert.ok(withImage.includes(`<meta name="twitter:site" content="@jeffpc" />`));
    assert.ok(withImage.includes(`<meta name="twitter:creator" content="@jeffpc" />`));
    assert.ok(withImage.includes(`<meta name="twitter:title" content="${POST_1_TITLE_ESCAPED}" />`));
    assert.ok(withImage.includes(`<meta name="twitter:description" content="Notes &lt;and&gt; code" />`));
    assert.ok(withImage.includes(`<meta name="twitter:image" content="https://img.example.org/a.jpg" />`));
    assert.ok(withImage.includes(`<meta name="twitter:card" content="summary_large_image" />`));
    assert.ok(!withImage.includes(`content="summary" />`));

    const plain = renderHtml("storyview", requestScope(TWITTER).child(storyPage(post1))).out;
    assert.ok(plain.includes(`<meta name="twitter:card" content="summary" />`));
    assert.ok(!plain.includes("twitter:image"));
    assert.ok(!plain.includes("<b>"), "the mock card is only for previews");
  });

  it("prefixes the title with Preview: and shows the mock Twitter card when previewing", () => {
    const draft = { ...post2, id: 7, title: "PREVIEW" };
    const { out } = renderHtml("storyview", requestScope(TWITTER).child(storyPage(draft, { preview: 1, twitterimg: "https://img.example.org/b.jpg" })));
    assert.ok(out.includes(`Preview: <a href="?p=7" rel="bookmark">PREVIEW</a>`));
    assert.ok(out.includes(`<img src="https://img.example.org/b.jpg"`));
    assert.ok(out.includes("<b>PREVIEW</b>"));
    assert.ok(out.includes("<small>Notes &lt;and&gt; code</small>"));

    const noTwitter = renderHtml("storyview", requestScope().child(storyPage(draft, { preview: 1 }))).out;
    assert.ok(noTwitter.includes("Preview: "));
    assert.ok(!noTwitter.includes("<b>"), "no mock card without the twitter config keys");
  });
});

describe("the HTML error, comment and redirect pages", () => {
  it("renders 404 with the page frame and the title blahgd set before giving up", () => {
    const { out, used } = renderHtml("404", requestScope().child({ title: "not found" }));
    assert.deepEqual(used, [...FRAME, "404"].sort());
    assert.ok(out.includes("<title>Blahg &raquo; not found</title>"));
    assert.ok(out.includes("<h2>Page Not Found</h2>"));
    assert.ok(out.includes(`<div class="post" id="error">`));
    assert.ok(out.includes("font-size: 18pt"));
  });

  it("renders 404 with no title at all (most 404s)", () => {
    const { out } = renderHtml("404", requestScope().child({}));
    assert.ok(out.includes("<title>Blahg &raquo; </title>"));
  });

  it("renders the unsupported-feed page", () => {
    const { out, used } = renderHtml("error_unsupported_feed_fmt", requestScope().child({}));
    assert.deepEqual(used, [...FRAME, "error_unsupported_feed_fmt"].sort());
    assert.ok(out.includes("Sorry, Atom &amp; RSS2 only"));
  });

  it("renders comment_saved and comment_error with the error message", () => {
    const saved = renderHtml("comment_saved", requestScope().child({}));
    assert.deepEqual(saved.used, [...FRAME, "comment_saved"].sort());
    assert.ok(saved.out.includes("moderation"));

    const message = "You need to provide your name.";
    const error = renderHtml("comment_error", requestScope().child({ comment_error_str: message }));
    assert.deepEqual(error.used, [...FRAME, "comment_error"].sort());
    assert.ok(error.out.includes("<h4>Error Saving Comment</h4>"));
    assert.ok(error.out.includes(`<p>${message}</p>`));
  });

  it("renders 301 as a standalone page linking to the raw redirect target", () => {
    const target = `${BASE}/?tag=Linux kernel`;
    const { out, used } = render(sets.html.set, "301", new TemplateScope(requestWithoutCloud).child({ redirect: target }));
    assert.deepEqual(used, ["301"]);
    assert.ok(out.includes("<title>301 Moved Permanently</title>"));
    assert.ok(out.includes(`<a href="${target}">${target}</a>`));
    assert.ok(!out.includes(`id="header"`) && !out.includes("sidebar"));
  });
});

describe("the Atom feeds", () => {
  it("has one entry per post in the site feed, updated at the newest post", () => {
    const { out, used } = renderFeed("atom", "index", requestScope().child(indexPage(0, 1)));
    assert.deepEqual(used, ["index", "story", "tag"]);
    assert.equal(count(out, "<entry>"), 2);
    assert.ok(out.includes(`xmlns:thr="http://purl.org/syndication/thread/1.0"`));
    assert.ok(out.includes(`xml:base="${BASE}/?feed=atom"`));
    assert.ok(out.includes("<updated>2016-01-01T09:05:00Z</updated>\n<title type=\"text\">Blahg</title>"));
    assert.ok(out.includes(`version="v4.7">blahgd</generator>`));
    assert.ok(out.includes(`<link rel="self" type="application/atom+xml" href="${BASE}/?feed=atom" />`));
  });

  it("writes entries as blahgd does: CDATA title (escaped, as type html wants) and body, one time for both dates, thr:count always 1", () => {
    const { out } = renderFeed("atom", "index", requestScope().child(indexPage(0, 1)));
    assert.ok(out.includes("<name>JeffPC</name>"));
    assert.ok(out.includes(`<title type="html"><![CDATA[${POST_1_TITLE_ESCAPED}]]></title>`));
    assert.ok(out.includes(`<id>${BASE}/?p=1</id>`));
    assert.ok(out.includes("<updated>2016-01-01T09:05:00Z</updated>\n<published>2016-01-01T09:05:00Z</published>"));
    assert.ok(out.includes("<published>2015-12-20T10:00:00Z</published>"));
    assert.ok(out.includes(`href="${BASE}/?p=1#comments" thr:count="1" />\n<thr:total>2</thr:total>`));
    assert.ok(out.includes(`href="${BASE}/?p=2#comments" thr:count="1" />\n<thr:total>0</thr:total>`));
    assert.ok(out.includes(`<category scheme="${BASE}" term="Linux kernel" />`));
    assert.ok(out.includes(`<content type="html" xml:base="${BASE}/?p=1"><![CDATA[<p>The first post of the year.</p>]]></content>`));
    assert.equal(count(out, "<![CDATA[<p>The first post of the year.</p>]]>"), 2, "summary and content");
  });

  it("makes the story view a comment feed with one entry per comment and blahgd's author URI without the '?'", () => {
    const { out, used } = renderFeed("atom", "storyview", requestScope().child(storyPage(post1)));
    assert.deepEqual(used, ["comment", "commentlist", "storyview"]);
    assert.equal(count(out, "<entry>"), 2);
    assert.ok(out.includes(`<title type="text">Comments on: ${POST_1_TITLE_ESCAPED}</title>`));
    assert.ok(out.includes(`<id>${BASE}/?p=1&amp;feed=atom</id>`));
    assert.ok(out.includes("<updated>2016-01-01T09:05:00Z</updated>"), "the post's time, not the newest comment's");
    assert.ok(out.includes(`<uri>${BASE}/p=1#comment-1</uri>`));
    assert.ok(out.includes(`<id>${BASE}/?p=1#comment-3</id>`));
    assert.ok(out.includes(`<title type="html"><![CDATA[By: Ann]]></title>`));
    assert.ok(out.includes("<published>2016-01-02T10:30:00Z</published>"));
    assert.ok(out.includes("<![CDATA[<p>Nice post.</p>]]>"));
  });

  it("has no entries in the comment feed of a post without comments", () => {
    const { out } = renderFeed("atom", "storyview", requestScope().child(storyPage(post2)));
    assert.equal(count(out, "<entry>"), 0);
    assert.ok(out.trimEnd().endsWith("</feed>"));
  });
});

describe("the RSS 2.0 feeds", () => {
  it("has one item per post in the site feed, with RFC 822 dates", () => {
    const { out, used } = renderFeed("rss2", "index", requestScope().child(indexPage(0, 1)));
    assert.deepEqual(used, ["index", "story", "tag"]);
    assert.equal(count(out, "<item>"), 2);
    assert.ok(out.includes(`<atom:link rel="self" type="application/rss+xml" href="${BASE}/?feed=rss2" />`));
    assert.ok(out.includes("<description>Blahg</description>\n<pubDate>Fri, 01 Jan 2016 09:05:00 +0000</pubDate>"));
    assert.ok(out.includes(`<title>${POST_1_TITLE_ESCAPED}</title>`));
    assert.ok(out.includes(`<guid>${BASE}/?p=1</guid>`));
    assert.ok(out.includes(`<comments>${BASE}/?p=2#respond</comments>`));
    assert.ok(out.includes("<category>Linux kernel</category>"));
    assert.ok(out.includes("<description><![CDATA[<p>Nothing much.</p>]]></description>"));
    assert.ok(out.includes("<pubDate>Sun, 20 Dec 2015 10:00:00 +0000</pubDate>"));
  });

  it("makes the story view a comment feed with one item per comment and blahgd's channel link without the '?'", () => {
    const { out, used } = renderFeed("rss2", "storyview", requestScope().child(storyPage(post1)));
    assert.deepEqual(used, ["comment", "commentlist", "storyview"]);
    assert.equal(count(out, "<item>"), 2);
    assert.ok(out.includes(`<title>Comments on: ${POST_1_TITLE_ESCAPED}</title>`));
    assert.ok(out.includes(`<link>${BASE}/p=1</link>`));
    assert.ok(out.includes(`href="${BASE}/?p=1&amp;feed=rss2"`));
    assert.ok(out.includes("<title>By: Bob</title>"));
    assert.ok(out.includes(`<guid>${BASE}/?p=1#comment-3</guid>`));
    assert.ok(out.includes("<pubDate>Sat, 02 Jan 2016 10:30:00 +0000</pubDate>"));
    assert.ok(out.includes("<description><![CDATA[First!]]></description>"));
  });

  it("has no items in the comment feed of a post without comments", () => {
    const { out } = renderFeed("rss2", "storyview", requestScope().child(storyPage(post2)));
    assert.equal(count(out, "<item>"), 0);
    assert.ok(out.includes("<pubDate>Sun, 20 Dec 2015 10:00:00 +0000</pubDate>"));
  });
});
