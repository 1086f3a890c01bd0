/** `blahg import jekyll|hugo`: the fixture sites become blogs that load and lint clean, with every field kept. */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigFile } from "../src/config/load-config.js";
import { loadPosts } from "../src/content/index.js";
import type { Post } from "../src/content/index.js";
import { lintDataDir } from "../src/content/lint-data-dir.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { startBlog, type RunningBlog } from "../src/server/start-blog.js";
import { FIXED_NOW, rawRequest } from "./support/test-blog.js";
import { fixturesDir } from "./support/paths.js";
import { runCli } from "./support/run-cli.js";
import { fileTree } from "./support/file-tree.js";
import { removeDir } from "./support/temp-dir.js";

const work = mkdtempSync(join(tmpdir(), "blahg-import-"));
after(() => removeDir(work));

const jekyllSite = join(fixturesDir, "import", "jekyll");
const hugoSite = join(fixturesDir, "import", "hugo");

async function importInto(kind: string, site: string, name: string) {
  const dir = join(work, name);
  const result = await runCli("import", kind, site, dir);
  const { posts, diagnostics } = loadPosts({ dataDir: join(dir, "data"), photoBaseUrl: "https://photos.example" });
  const bySlug = new Map<string, Post>(posts.map((p) => [p.slug ?? "", p]));
  return { dir, result, posts, loadDiagnostics: diagnostics, bySlug };
}

function iso(post: Post | undefined): string {
  assert.ok(post);
  return new Date(post.time * 1000).toISOString();
}

function postMd(dir: string, id: number): string {
  return readFileSync(join(dir, "data", "posts", String(id), "post.md"), "utf8");
}

describe("importing a Jekyll site", async () => {
  const { dir, result, posts, loadDiagnostics, bySlug } = await importInto("jekyll", jekyllSite, "jekyll");

  it("reports the posts it could not read with file and line, and exits with status 1 because of them", () => {
    assert.equal(result.status, 1);
    const lines = result.stderr.trimEnd().split("\n");
    const where = (suffix: string) => lines.filter((l) => l.startsWith(join(jekyllSite, suffix)));
    assert.match(where("_posts/2018-05-01-broken.md").join("\n"), /2018-05-01-broken\.md:\d+:\d+: front matter: .*\n.*:1:1: the front matter cannot be read; post not imported/);
    assert.match(where("_posts/2017-02-30-not-a-date.md")[0]!, /:1:1: the file name's date is not a date/);
    assert.match(where("_posts/notes.txt")[0]!, /warning: not a post name/);
    assert.match(where("_posts/2015-03-02-code.markdown").join("\n"), /:23:1: warning: Liquid tag `\{% include signup\.html %\}` is not converted[^\n]*\n[^\n]*:25:7: warning: Liquid output `\{\{ site\.title \}\}`/);
    assert.match(where("blog/_posts/2019-09-09-category-dir.md")[0]!, /:5:37: warning: `\{% link _posts\/2099-01-01-missing\.md %\}` names no imported post/);
  });

  it("prints a summary of posts, tags, aliases and problems", () => {
    assert.equal(
      result.stdout,
      `imported 5 posts (1 drafts) from ${jekyllSite} into ${dir}\n` +
        "tags: 7, aliases: 4, site aliases: 1, web files: 2, problems: 7 (3 errors, 4 warnings)\n" +
        "permalink: /%year%/%monthnum%/%day%/%postname%/\n",
    );
  });

  it("writes a blog that loads and lints without a single diagnostic", () => {
    assert.deepEqual(loadDiagnostics, []);
    assert.deepEqual(lintDataDir(join(dir, "data")), []);
    assert.equal(posts.length, 5);
    assert.deepEqual(posts.map((p) => p.id).sort(), [1, 2, 3, 4, 5]);
  });

  it("writes the site's settings and its permalink structure into config.lisp", async () => {
    const { config, diagnostics } = await loadConfigFile(join(dir, "config.lisp"));
    assert.deepEqual(diagnostics, []);
    assert.ok(config);
    assert.equal(config.siteTitle, "Notes from the shed");
    assert.equal(config.siteTagline, "Small things, written down");
    assert.equal(config.siteAuthor, "Ada Lindqvist");
    assert.equal(config.baseUrl, "https://shed.example.org");
    assert.equal(config.dataDir, join(dir, "data"), "relative to the config file, wherever blahg runs");
    assert.match(readFileSync(join(dir, "config.lisp"), "utf8"), /\(permalink \. "\/%year%\/%monthnum%\/%day%\/%postname%\/"\)\n.*\n \(site-aliases\n {2}\("\/feed\.xml" \. "\/\?feed=atom"\)\)\)\n$/);
  });

  it("numbers posts in date order and keeps title, date with its zone, tags and categories, slug and summary", () => {
    const hello = bySlug.get("hello-world");
    assert.equal(hello?.id, 1);
    assert.equal(hello.title, "Hello, world");
    assert.equal(iso(hello), "2014-01-05T09:00:00.000Z");
    assert.deepEqual([...hello.tags].sort(), ["intro", "meta", "news"]);
    assert.equal(hello.listed, true);
    const code = bySlug.get("code");
    assert.equal(code?.id, 2);
    assert.equal(iso(code), "2015-03-02T00:00:00.000Z");
    assert.deepEqual(code.tags, ["programming"]);
    assert.equal(code.summary, "A highlighted snippet and a raw block.");
    // Directories above _posts are categories.
    assert.deepEqual(bySlug.get("Category Dir")?.tags, ["blog"]);
    assert.equal(bySlug.get("Category Dir")?.title, "In a category directory");
  });

  it("imports _drafts as drafts: not listed", () => {
    const draft = bySlug.get("unfinished-idea");
    assert.equal(draft?.listed, false);
    assert.match(postMd(dir, draft.id), /^draft: true$/m);
  });

  it("keeps redirect_from and every old URL the permalink structure does not give as aliases", () => {
    assert.doesNotMatch(postMd(dir, 1), /aliases/, "the structure gives /2014/01/05/hello-world/ already");
    assert.match(postMd(dir, 2), /^aliases:\n {2}- \/code\.html\n {2}- \/old\/code\/\n---/m);
    assert.match(postMd(dir, 3), /^aliases:\n {2}- \/pages\/old-page\.html\n---/m);
    assert.match(postMd(dir, 4), /^aliases:\n {2}- \/2019\/09\/09\/Category-Dir\/\n---/m);
  });

  it("converts raw, highlight, link and post_url, and keeps other Liquid as text", () => {
    const hello = postMd(dir, 1);
    assert.match(hello, /\[the code post\]\(\/\?p=2\) and the\n\[same, by path\]\(\/\?p=2\)/);
    const code = postMd(dir, 2);
    assert.match(code, /```ruby\ndef hello\n {2}puts "hi"\nend\n```/);
    assert.match(code, /<p>\{\{ page\.title \}\}<\/p> \{% if x %\}y\{% endif %\}/);
    assert.doesNotMatch(code, /\{% (end)?raw %\}/);
    assert.match(code, /\{% include signup\.html %\}\n\nSite: \{\{ site\.title \}\}/);
  });

  it("keeps an HTML post as one raw HTML block, blank lines in <pre> included", () => {
    const html = postMd(dir, 3);
    assert.match(html, /<div class="imported-html">\n<p>Written in <em>HTML<\/em>\.<\/p>\n<pre>\nline one&#10;\nline three\n<\/pre>\n<p>Back to <a href="\/\?p=1">the start<\/a>\.<\/p>\n<\/div>\n$/);
  });

  it("copies assets/ into a web directory that also has the default theme's files", () => {
    assert.equal(readFileSync(join(dir, "web", "assets", "img", "logo.png"), "utf8"), "PNGDATA-jekyll\n");
    assert.ok(existsSync(join(dir, "web", "assets", "site.css")));
    assert.ok(existsSync(join(dir, "web", "style.css")));
    assert.ok(!existsSync(join(dir, ".import-tmp")));
  });

  it("writes byte-identical blogs when importing twice into empty directories", async () => {
    const again = join(work, "jekyll-again");
    await runCli("import", "jekyll", jekyllSite, again);
    assert.deepEqual(fileTree(again), fileTree(dir));
  });
});

describe("importing a Hugo site", async () => {
  const { dir, result, posts, loadDiagnostics, bySlug } = await importInto("hugo", hugoSite, "hugo");

  it("reports a broken TOML front matter and unknown shortcodes with file and line", () => {
    assert.equal(result.status, 1);
    const content = join(hugoSite, "content", "posts");
    assert.equal(
      result.stderr,
      [
        `${content}/broken-toml.md:2:16: front matter: TOML: unterminated string`,
        `${content}/broken-toml.md:1:1: the front matter cannot be read; post not imported`,
        `${content}/first-post.md:20:1: warning: shortcode \`{{< youtube dQw4w9WgXcQ >}}\` is not converted; it is kept as text`,
        `${content}/toml-front-matter.md:15:19: warning: shortcode \`{{% notice info %}}\` is not converted; it is kept as text`,
        "",
      ].join("\n"),
    );
    assert.match(result.stdout, /^imported 6 posts \(1 drafts\) .*\ntags: 6, aliases: 3, site aliases: 17, web files: 4, problems: 4 \(2 errors, 2 warnings\)\npermalink: \/%year%\/%monthnum%\/%postname%\/\n$/);
  });

  it("writes a blog that loads and lints without a single diagnostic", async () => {
    assert.deepEqual(loadDiagnostics, []);
    assert.deepEqual(lintDataDir(join(dir, "data")), []);
    assert.equal(posts.length, 6);
    const { config, diagnostics } = await loadConfigFile(join(dir, "config.lisp"));
    assert.deepEqual(diagnostics, []);
    assert.equal(config?.siteTitle, "A Hugo blog");
    assert.equal(config?.siteTagline, "Made with Hugo");
    assert.equal(config?.siteAuthor, "Sam Okafor");
    assert.equal(config?.siteLanguage, "en-gb");
    assert.equal(config?.baseUrl, "https://hugo.example.net");
  });

  it("keeps title, date, tags and categories, slug, summary and drafts, from YAML and TOML front matter", () => {
    const first = bySlug.get("first-post");
    assert.equal(first?.id, 1);
    assert.equal(first.title, "First post");
    assert.equal(iso(first), "2021-03-04T07:15:00.000Z");
    assert.deepEqual([...first.tags].sort(), ["Hugo", "intro", "news"]);
    assert.equal(first.summary, "The very first one.");
    const toml = bySlug.get("toml-fm");
    assert.equal(toml?.title, "TOML front matter");
    assert.equal(iso(toml), "2021-05-06T10:00:00.000Z");
    assert.deepEqual([...toml.tags].sort(), ["config", "toml"]);
    assert.equal(toml.summary, "A literal summary.");
    assert.equal(bySlug.get("not-ready")?.listed, false);
    assert.equal(bySlug.get("nested-a-post-in-a-subdirectory")?.title, "Nested: a post in a subdirectory");
  });

  it("keeps aliases, made absolute, and old URLs the structure does not give", () => {
    assert.match(postMd(dir, 1), /^aliases:\n {2}- \/old\/first\/\n {2}- \/2021\/03\/first\.html\n---/m);
    assert.match(postMd(dir, 5), /^slug: custom-url\naliases:\n {2}- \/special\/custom\/\n---/m);
    assert.doesNotMatch(postMd(dir, 2), /aliases/);
    assert.doesNotMatch(postMd(dir, 4), /aliases/, "a draft had no URL");
  });

  it("converts highlight, figure, ref and relref, writes escaped shortcodes as text, and keeps others", () => {
    const first = postMd(dir, 1);
    assert.match(first, /\[the trip\]\(\/\?p=3\) and\n\[TOML\]\(\/\?p=2#details\)/);
    assert.match(first, /```go\npackage main\n\nfunc main\(\) \{\}\n```/);
    assert.match(first, /\{\{< youtube dQw4w9WgXcQ >\}\}/);
    assert.match(first, /Written as text: \{\{< figure src="x\.png" >\}\}/);
    assert.match(postMd(dir, 2), /\{\{% notice info %\}\}A notice\{\{% \/notice %\}\}/);
  });

  it("serves a page bundle's files from its old URL's directory and points the post's links there", () => {
    const trip = postMd(dir, 3);
    assert.match(trip, /!\[A beach\]\(\/2021\/06\/trip-photos\/beach\.jpg\)\n\*The beach at noon\*/);
    assert.match(trip, /!\[the hill\]\(\/2021\/06\/trip-photos\/hill\.png "Hill"\)/);
    assert.match(trip, /\[The data\]\(\/2021\/06\/trip-photos\/files\/data\.csv\), \[the first post\]\(\/\?p=1\)/);
    assert.equal(readFileSync(join(dir, "web", "2021", "06", "trip-photos", "beach.jpg"), "utf8"), "JPEGDATA-beach\n");
    assert.equal(readFileSync(join(dir, "web", "2021", "06", "trip-photos", "files", "data.csv"), "utf8"), "a,b\n1,2\n");
    assert.equal(readFileSync(join(dir, "web", "images", "banner.png"), "utf8"), "PNGDATA-static\n");
  });

  it("writes byte-identical blogs when importing twice into empty directories", async () => {
    const again = join(work, "hugo-again");
    await runCli("import", "hugo", hugoSite, again);
    assert.deepEqual(fileTree(again), fileTree(dir));
  });
});

describe("where blahg import writes", () => {
  it("refuses a directory that is not empty and leaves it as it was", async () => {
    const dir = join(work, "busy");
    await runCli("import", "hugo", hugoSite, dir);
    writeFileSync(join(dir, "mine.txt"), "keep me");
    const before = fileTree(dir);
    const result = await runCli("import", "jekyll", jekyllSite, dir);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `blahg import: ${dir} is not empty; import into a new or empty directory\n`);
    assert.deepEqual(fileTree(dir), before);
  });

  it("accepts an existing empty directory", async () => {
    const dir = mkdtempSync(join(work, "empty-"));
    const result = await runCli("import", "hugo", hugoSite, dir);
    assert.ok(existsSync(join(dir, "config.lisp")));
    assert.match(result.stdout, /^imported 6 posts/);
  });

  it("refuses a source that is not a directory, and a wrong kind of site with a usage message", async () => {
    const missing = await runCli("import", "hugo", join(work, "nope"), join(work, "x"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /is not a directory/);
    assert.ok(!existsSync(join(work, "x")));
    const wrong = await runCli("import", "blogger", hugoSite, join(work, "y"));
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /usage: blahg import jekyll\|hugo SOURCE DIR/);
  });
});

describe("dates blahg import cannot read", () => {
  it("reports a front matter date that is no date at its line, and uses the file name's date", async () => {
    const site = join(work, "bad-date-site");
    mkdirSync(join(site, "_posts"), { recursive: true });
    writeFileSync(join(site, "_posts", "2020-02-03-x.md"), "---\ntitle: X\ndate: someday\n---\nx\n");
    const dir = join(work, "bad-date");
    const result = await runCli("import", "jekyll", site, dir);
    assert.equal(result.status, 0);
    assert.equal(result.stderr, `${join(site, "_posts", "2020-02-03-x.md")}:3:1: warning: front matter: \`date\` "someday" is not a date; the file name's date is used\n`);
    assert.match(postMd(dir, 1), /^date: 2020-02-03T00:00:00Z$/m);
  });
});

describe("sites that try to write or read outside their place", () => {
  it("does not copy a bundle's files outside the web directory, whatever the post's url says, and reports it", async () => {
    const site = join(work, "escape-site");
    mkdirSync(join(site, "content", "posts", "b"), { recursive: true });
    writeFileSync(join(site, "content", "posts", "b", "index.md"), "---\ntitle: B\ndate: 2020-01-01\nurl: /../../escaped/\n---\n![x](x.png)\n");
    writeFileSync(join(site, "content", "posts", "b", "x.png"), "x");
    const dir = join(work, "escape");
    const result = await runCli("import", "hugo", site, dir);
    assert.match(result.stderr, /b\/x\.png:1:1: warning: the post's URL would put this file outside the web directory; not copied/);
    assert.ok(!existsSync(join(work, "escaped")));
    assert.ok(!existsSync(join(dir, "escaped")));
  });

  it("does not follow symbolic links in the site, and says so", async () => {
    const site = join(work, "link-site");
    mkdirSync(join(site, "_posts"), { recursive: true });
    writeFileSync(join(work, "secret.md"), "---\ntitle: Secret\n---\nsecret\n");
    symlinkSync(join(work, "secret.md"), join(site, "_posts", "2020-01-01-secret.md"));
    const dir = join(work, "link");
    const result = await runCli("import", "jekyll", site, dir);
    assert.match(result.stderr, /2020-01-01-secret\.md:1:1: warning: symbolic link not followed/);
    assert.match(result.stdout, /^imported 0 posts/);
  });
});

describe("Hugo sites whose posts are not in content/posts", () => {
  const site = (name: string, files: Record<string, string>): string => {
    const root = join(work, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const md = (title: string, date: string): string => `---\ntitle: ${title}\ndate: ${date}\n---\nText of ${title}.\n`;

  it("imports the section with the most pages (content/post here), at its old URLs, and a page outside it as a page, and says what it left out", async () => {
    const source = site("post-section", {
      "config.toml": 'title = "Singular"\n',
      "content/post/one.md": md("One", "2020-01-01"),
      "content/post/two/index.md": md("Two", "2020-02-01"),
      "content/post/_index.md": "---\ntitle: Posts\n---\n",
      "content/about.md": md("About", "2019-01-01"),
      "content/notes/n.md": md("Note", "2019-05-01"),
    });
    const dir = join(work, "post-section-blog");
    const result = await runCli("import", "hugo", source, dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^imported 3 posts/);
    assert.match(readFileSync(join(dir, "config.lisp"), "utf8"), /\(permalink \. "\/post\/%postname%\/"\)/);
    // In date order: About (2019), One, Two.
    assert.match(postMd(dir, 1), /^title: About\ndate: 2019-01-01T00:00:00Z\ntype: page\nslug: about\n---/m, "a page at /about/, as Hugo had it: no alias needed");
    assert.match(postMd(dir, 2), /title: One/);
    assert.match(postMd(dir, 3), /title: Two/);
    assert.match(result.stderr, /content\/notes:1:1: warning: 1 page\(s\) of a section that is not a main section \(post\); not imported/);
    assert.doesNotMatch(result.stderr, /about/);
  });

  it("imports the sections params.mainSections names, each with its own permalink pattern", async () => {
    const source = site("main-sections", {
      "hugo.toml": '[params]\nmainSections = ["blog", "notes"]\n[permalinks]\nblog = "/:year/:slug/"\n',
      "content/blog/a.md": md("Alpha", "2021-03-04"),
      "content/blog/b.md": md("Beta", "2021-03-05"),
      "content/notes/c.md": md("Gamma", "2021-03-06"),
      "content/docs/d1.md": md("Doc 1", "2021-01-01"),
      "content/docs/d2.md": md("Doc 2", "2021-01-01"),
      "content/docs/d3.md": md("Doc 3", "2021-01-01"),
    });
    const dir = join(work, "main-sections-blog");
    const result = await runCli("import", "hugo", source, dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^imported 3 posts/);
    assert.match(readFileSync(join(dir, "config.lisp"), "utf8"), /\(permalink \. "\/%year%\/%postname%\/"\)/);
    const { posts } = loadPosts({ dataDir: join(dir, "data"), photoBaseUrl: "https://photos.example" });
    const gamma = posts.find((p) => p.title === "Gamma");
    assert.ok(gamma, posts.map((p) => p.title).join(", "));
    assert.match(readFileSync(join(gamma.dir, "post.md"), "utf8"), /^aliases:\n  - \/notes\/c\/$/m, "its old URL answers with a redirect");
    assert.match(result.stderr, /content\/docs:1:1: warning: 3 page\(s\) of a section that is not a main section \(blog, notes\)/);
  });

  it("says so when no section holds any page", async () => {
    const source = site("no-sections", { "config.toml": 'title = "Empty"\n', "content/_index.md": "---\ntitle: Home\n---\n" });
    const result = await runCli("import", "hugo", source, join(work, "no-sections-blog"));
    assert.match(result.stderr, /no section of content holds posts \(such as content\/posts\): is this a Hugo site\?/);
  });
});

describe("an imported Hugo blog, served", () => {
  let blog: RunningBlog;
  before(async () => {
    const dir = join(work, "hugo-served");
    await runCli("import", "hugo", hugoSite, dir);
    const { config } = await loadConfigFile(join(dir, "config.lisp"));
    assert.ok(config, "the imported config loads");
    Object.assign(config, { httpHost: "127.0.0.1", httpPort: 0 });
    blog = await startBlog({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), log: silentLogger, watch: false, now: () => FIXED_NOW });
    await blog.checked;
  });
  after(() => blog.close());

  it("answers the old site's feeds and tag pages with a 301 to the blog's, which serve", async () => {
    const expect: Record<string, string> = {
      "/index.xml": "/feed/",
      "/posts/index.xml": "/feed/",
      "/tags/hugo/": "/tag/Hugo/",
      "/tags/hugo/index.xml": "/tag/Hugo/feed/",
      "/categories/news/": "/tag/news/",
      "/tags/": "/tag/",
    };
    for (const [old, now] of Object.entries(expect)) {
      const moved = await rawRequest(blog.url + old);
      assert.equal(moved.status, 301, old);
      const location = new URL(String(moved.headers.location));
      assert.equal(location.pathname, now, old);
      assert.equal((await rawRequest(blog.url + location.pathname)).status, 200, `${old} -> ${now}`);
    }
  });
});

describe("a Jekyll site's pages", () => {
  it("are imported as pages that answer at their old URLs, and listings, the 404 page and files without front matter are not", async () => {
    const source = join(work, "jekyll-pages");
    const files: Record<string, string> = {
      "_config.yml": "title: Pages\n",
      "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nHi.\n",
      "about.md": "---\ntitle: About\npermalink: /about/\n---\nAbout me.\n",
      "docs/contact.markdown": "---\ntitle: Contact\n---\nWrite.\n",
      "index.md": "---\nlayout: home\n---\n",
      "404.md": "---\npermalink: /404.html\n---\nNot here.\n",
      "README.md": "# The site's readme\n",
      "assets/notes.md": "---\ntitle: Not a page\n---\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(source, path, ".."), { recursive: true });
      writeFileSync(join(source, path), text);
    }
    const dir = join(work, "jekyll-pages-blog");
    const result = await runCli("import", "jekyll", source, dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^imported 3 posts/);
    const { posts } = loadPosts({ dataDir: join(dir, "data"), photoBaseUrl: "https://photos.example" });
    const byTitle = new Map(posts.map((p) => [p.title, p]));
    assert.deepEqual([...byTitle.keys()].sort(), ["About", "Contact", "Hello"]);
    assert.equal(byTitle.get("About")?.page, true);
    assert.equal(byTitle.get("Contact")?.page, true);
    assert.ok(!byTitle.get("Hello")?.page);
    assert.deepEqual(byTitle.get("Contact")?.aliases, ["/docs/contact.html"]);
    assert.match(readFileSync(join(dir, "config.lisp"), "utf8"), /\(base-url \. "http:\/\/127\.0\.0\.1:8080"\)/, "a site without a url gets blahg init's");
  });
});
