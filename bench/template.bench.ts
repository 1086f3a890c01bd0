/**
 * Template engine benchmark: renders a realistic index page (header with a
 * Twitter card, 10 posts with tags, pager, a sidebar with a 50-entry tag
 * cloud, footer) the way the server will, and prints renders per second.
 * Run: npx tsc -p tsconfig.json && node dist/bench/template.bench.js
 */

import { compileTemplateSet, TemplateScope, trustedHtml, type TemplateMap, type TemplateSource } from "../src/template/index.js";

const TEMPLATES: Record<string, string> = {
  index: "{header}\n{posts%story}\n{indexpager}\n{sidebar}\n{footer}\n",
  header: `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Blahg &raquo; {title|escape}</title>
<meta name="generator" content="blahgd {generatorversion}" />
{ifset(twitteruser)}{ifset(twittertitle)}{ifset(twitterdesc)}<meta name="twitter:site" content="@{twitteruser}" />
<meta name="twitter:title" content="{twittertitle|escape}" />
<meta name="twitter:description" content="{twitterdesc|escape}" />
{ifset(twitterimg)}<meta name="twitter:card" content="summary_large_image" />{else()}<meta name="twitter:card" content="summary" />{endif()}
{endif()}{endif()}{endif()}<style media="screen">@import url({baseurl}/style.css);</style>
<link rel="alternate" type="application/atom+xml" href="{baseurl}/?feed=atom" />
<link rel="alternate" type="application/rss+xml" href="{baseurl}/?feed=rss2" />
</head>
<body>
<h1 id="header"><a href="{baseurl}/">Blahg</a></h1>
<div id="content">
`,
  story: `<div class="story">
<h2 class="storytitle">{ifset(preview)}Preview: {endif()}<a href="?p={id}" rel="bookmark">{title|escape}</a></h2>
<div class="storymeta">Filed under: <ul>{tags%tag}</ul> &mdash; JeffPC @ <span title="{time|zulu}">{time|date} {time|time}</span></div>
<div class="storycontent">{body}</div>
<div class="storyfeedback"><a href="?p={id}#respond" title="Comment on {title|escape}">Comments ({numcom})</a></div>
</div>
`,
  tag: `<li><a href="?tag={tags|urlescape}" title="View all posts in {tags}" rel="category">{tags}</a></li>`,
  indexpager: `<div class="navigation">
{ifeq(moreposts,1)}<div class="alignleft"><a href="?paged={prevpage}">&laquo; Older Entries</a></div>{endif()}
{ifgt(curpage,0)}<div class="alignright"><a href="?paged={nextpage}">Newer Entries &raquo;</a></div>{endif()}
</div>
`,
  sidebar: `</div>
<div id="sidebar">
<div class="sbsection"><h3>Tags:</h3><div class="tagcloud">{tagcloud%tagcloud}</div></div>
<div class="sbsection"><h3>Meta:</h3><ul><li><a href="{baseurl}/?feed=atom">Atom feed</a></li></ul></div>
</div>
`,
  tagcloud: `<a href="?tag={name|urlescape}" title="Tag: {name} ({count})" style="font-size: {size}pt">{name}</a>
`,
  footer: `<p class="credit">Powered by <a href="https://example.org/blahgd">blahgd</a></p>
</body>
</html>
`,
};

const WORDS = ["kernel", "zfs", "illumos", "c", "rust", "networking", "photography", "travel", "hvf", "math",
  "unix", "debugging", "storage", "compilers", "music", "books", "go", "lisp", "emacs", "git"];

function makePost(i: number): TemplateMap {
  const paragraph = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    + "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation.</p>\n";
  return {
    id: 1000 - i,
    time: 1453284000 - i * 86_400 * 3 + i * 97,
    title: i % 3 === 0 ? `Notes on "ZFS" & <friends> #${i}` : `Post number ${i} about things`,
    numcom: i % 4,
    // Bodies are HTML values, as the site gives them; everything else is text, escaped when printed.
    body: trustedHtml(paragraph.repeat(8)),
    tags: [WORDS[i % WORDS.length]!, WORDS[(i * 7 + 3) % WORDS.length]!, `tag with space ${i % 5}`],
  };
}

const tagcloud: TemplateMap[] = Array.from({ length: 50 }, (_, i) => ({
  name: i % 10 === 0 ? `C++ & friends ${i}` : `${WORDS[i % WORDS.length]!}${i}`,
  count: 2 + (i % 17),
  size: 6 + (i % 13),
}));
const posts = Array.from({ length: 10 }, (_, i) => makePost(i));

const files: TemplateSource[] = Object.entries(TEMPLATES).map(([name, source]) => ({ name, source }));
const { set, diagnostics } = compileTemplateSet(files, { format: "html" });
if (diagnostics.length > 0) {
  console.error(diagnostics);
  process.exit(1);
}

// The same templates compiled for XML output (feeds): text is XML-escaped, HTML checked for forbidden characters.
const xmlSet = compileTemplateSet(files, { output: "xml" }).set;

/** One page render as the server will do it: scope 0 per request, then the page scope. */
function renderIndex(templates = set): string {
  const request = new TemplateScope({
    generatorversion: "v0.1.0",
    baseurl: "https://blog.example.org",
    now: 1_453_284_000_123_456_789n,
    captcha_a: 3,
    captcha_b: 4,
    posts: [],
    twitteruser: "blahg",
    twitterdesc: "A blog about \"things\" & stuff",
    tagcloud,
  });
  const page = request.child({
    title: "Blahg",
    twittertitle: "Blahg",
    curpage: 1,
    prevpage: 2,
    nextpage: 0,
    posts,
    lastupdate: 1453284000,
    moreposts: 1,
  });
  return templates.render("index", page, { onProblem: (p) => console.error(p) });
}

function bench(name: string, fn: () => unknown, seconds = 2): void {
  // Warm up so V8 optimises the closures before timing.
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    now = performance.now();
  }
  const perSec = ops / ((now - start) / 1000);
  console.log(`${name.padEnd(34)} ${Math.round(perSec).toLocaleString("en-US").padStart(12)} ops/s  ${(1e6 / perSec).toFixed(2).padStart(8)} µs/op`);
}

const page = renderIndex();
console.log(`index page: ${page.length} characters, ${posts.length} posts, ${tagcloud.length} cloud entries`);
bench("render index page", () => renderIndex().length);
bench("render index page + UTF-8 encode", () => Buffer.byteLength(renderIndex()));
bench("render index page as XML output", () => renderIndex(xmlSet).length);
const used = new Set<string>();
bench("render index page + deps", () => {
  used.clear();
  return set.render("index", new TemplateScope({ tagcloud, baseurl: "b" }).child({ posts, moreposts: 1, curpage: 1 }), { used }).length;
});
bench("compile the template set", () => compileTemplateSet(files).set);
