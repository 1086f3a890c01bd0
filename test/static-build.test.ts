/**
 * `blahg build`: the example blog and the test site as static files. Every
 * internal link of every page and feed resolves to a file of the output; a
 * second build writes only the files whose bytes changed and removes the
 * files of deleted posts (and nothing else); a broken post stops the build
 * unless --keep-going; the redirect files send `/?p=ID` and aliases to the
 * posts' pages.
 */

import { strict as assert } from "node:assert";
import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, appendFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { dirname, join } from "node:path";
import { fileTree, filesUnder } from "./support/file-tree.js";
import { brokenLinks } from "./support/link-check.js";
import { fixturesDir, repoRoot } from "./support/paths.js";
import { runCli } from "./support/run-cli.js";
import { buildCommand } from "../src/cli/build.js";
import { xmlProblems } from "./support/xml-check.js";
import { generateCorpus } from "../bench/corpus.js";

const siteConfig = join(fixturesDir, "site", "config.lisp");

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "blahg-build-"));
}

/** A copy of the test site's data directory without its two broken posts (5: a syntax error, 6: no post.lisp), for tests that change it. */
function copyOfTestSite(): string {
  const data = tempDir();
  cpSync(join(fixturesDir, "site"), data, { recursive: true });
  rmSync(join(data, "posts", "5"), { recursive: true });
  rmSync(join(data, "posts", "6"), { recursive: true });
  return data;
}

function summary(stdout: string): { written: number; unchanged: number; removed: number } {
  const m = /([0-9]+) written, ([0-9]+) unchanged, ([0-9]+) removed/.exec(stdout);
  assert.ok(m, `a summary line: ${stdout}`);
  return { written: Number(m[1]), unchanged: Number(m[2]), removed: Number(m[3]) };
}

describe("blahg build of a blog whose feeds have several pages", () => {
  it("writes each feed's newest page only, and its JSON Feed names no next page", async () => {
    const out = tempDir();
    const config = join(tempDir(), "config.lisp");
    // Three posts a feed page: the example's 15 posts make five pages of each feed when served.
    writeFileSync(config, readFileSync(join(repoRoot, "example", "config.lisp"), "utf8").replace("(html-index-stories . 5)", "(html-index-stories . 5) (feed-index-stories . 3)"));
    try {
      const run = await runCli("build", "--config", config, "--data", join(repoRoot, "example"), "--out", out);
      assert.equal(run.status, 0, run.stderr);
      const feed = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: unknown[]; next_url?: string };
      assert.equal(feed.items.length, 3);
      assert.equal(feed.next_url, undefined);
      assert.deepEqual(filesUnder(out).filter((f) => /(^|\/)page\/[0-9]+\/(feed\.(xml|json)|atom\.xml)$/.test(f)), []);
      assert.deepEqual(brokenLinks(out, "http://127.0.0.1:8080", ["http://127.0.0.1:8080/photos/"]), []);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dirname(config), { recursive: true, force: true });
    }
  });
});

describe("blahg build of the example blog", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    out = tempDir();
    run = await runCli("build", "--config", join(repoRoot, "example", "config.lisp"), "--data", join(repoRoot, "example"), "--out", out);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("succeeds with a one-line summary and no diagnostics", () => {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "");
    assert.match(run.stdout, /^blahg build: [0-9]+ pages in [0-9.]+ s: [0-9]+ written, 0 unchanged, 0 removed \(.*\)\n$/);
  });
  it("writes the pages, feeds, sitemap, robots.txt, 404 page, redirects and the web directory's files", () => {
    for (const file of ["index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "atom.xml", "feed.json", "style.css", "favicon.ico", "_redirects", "redirects.nginx", "page/2/index.html", "2023/11/hello-blahg/index.html", "2023/11/hello-blahg/feed.xml", "2023/11/hello-blahg/atom.xml", "tag/code/index.html", "tag/code/feed.xml", "tag/code/atom.xml", "tag/code/feed.json", "2024/01/index.html", "comments/feed.xml"]) {
      assert.ok(existsSync(join(out, file)), file);
    }
    assert.match(readFileSync(join(out, "404.html"), "utf8"), /<html/);
  });
  it("has no broken internal link in any page or feed", () => {
    // Photos are served from photo-base-url, not by the blog.
    assert.deepEqual(brokenLinks(out, "http://127.0.0.1:8080", ["http://127.0.0.1:8080/photos/"]), []);
  });
  it("writes feeds that are well-formed XML", () => {
    for (const file of filesUnder(out).filter((f) => f.endsWith(".xml") && !f.startsWith("sitemap"))) assert.deepEqual(xmlProblems(readFileSync(join(out, file), "utf8")), [], file);
  });
  it("leaves the comment form out when no comment endpoint is configured", () => {
    assert.doesNotMatch(readFileSync(join(out, "2023/11/hello-blahg/index.html"), "utf8"), /<form class="comment-form"/);
  });
});

describe("blahg build on a terminal", () => {
  it("shows pages done / total on stderr, then the summary on stdout", async () => {
    const out = tempDir();
    let stdout = "";
    let stderr = "";
    const status = await buildCommand(["--out", out, "--jobs", "1"], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, { tty: true });
    assert.equal(status, 0, stderr);
    assert.match(stderr, /^\rblahg build: [0-9]+ \/ [0-9]+ pages/);
    assert.ok(stderr.endsWith("\n"), "the progress line is ended before the summary");
    assert.match(stdout, /^blahg build: [0-9]+ pages in /);
    rmSync(out, { recursive: true, force: true });
  });
});

describe("the link checker", () => {
  it("finds a link to a file that is not in the output, and an internal link with a query", () => {
    const out = tempDir();
    writeFileSync(join(out, "index.html"), `<a href="/missing/">x</a> <a href='http://b.test/?p=1'>y</a> <img src="ok.png"> <a href="https://elsewhere.test/">z</a>`);
    writeFileSync(join(out, "ok.png"), "");
    assert.deepEqual(brokenLinks(out, "http://b.test").map((b) => b.link), ["/missing/", "http://b.test/?p=1"]);
    writeFileSync(join(out, "_redirects"), "/ p=1 /post/ 301\n");
    assert.deepEqual(brokenLinks(out, "http://b.test").map((b) => [b.link, b.why]), [["/missing/", "no file missing/index.html"], ["http://b.test/?p=1", "no file post/index.html"]]);
    rmSync(out, { recursive: true });
  });
});

describe("blahg build of the test site", () => {
  let data: string;
  let out: string;
  before(() => {
    data = copyOfTestSite();
    out = tempDir();
  });
  after(() => {
    rmSync(data, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("writes a site whose every internal link resolves", async () => {
    const run = await runCli("build", "--config", siteConfig, "--data", data, "--out", out);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(brokenLinks(out, "http://blog.test"), []);
  });

  it("writes redirect files from /?p=ID and aliases to the posts' pages", () => {
    const netlify = readFileSync(join(out, "_redirects"), "utf8");
    const nginx = readFileSync(join(out, "redirects.nginx"), "utf8");
    const posts = netlify.split("\n").filter((l) => l.startsWith("/ p="));
    assert.ok(posts.length >= 5, netlify);
    for (const line of posts) {
      const [, query, target, status] = line.split(" ");
      assert.equal(status, "301");
      assert.ok(existsSync(join(out, decodeURIComponent(target!), "index.html")), `${query} goes to a page: ${target}`);
      assert.ok(nginx.includes(`"/?${query!.slice(2)}" "${target}";`), `nginx has ${query}`);
    }
    // Test post 1 has two aliases.
    assert.equal(netlify.split("\n").filter((l) => /^\/[^ ]+ \/[^ ]+ 301$/.test(l)).length, 2, netlify);
    assert.match(nginx, /^map \$uri \$blahg_alias_redirect \{$/m);
  });

  it("rewrites only the files whose bytes changed after one post is edited, keeping the others' mtimes", async () => {
    const before = fileTree(out);
    const old = new Date(2000, 0, 1);
    for (const file of before.keys()) utimesSync(join(out, file), old, old);
    appendFileSync(join(data, "posts", "2", "post.tex"), "\nOne more sentence.\n");
    const run = await runCli("build", "--config", siteConfig, "--data", data, "--out", out);
    assert.equal(run.status, 0, run.stderr);
    const after = fileTree(out);
    const changed = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file);
    assert.ok(changed.includes("2024/01/january-and-script-alert-title-script/index.html"), `the post's page changed: ${changed}`);
    assert.ok(!changed.includes("2024/01/january-and-script-alert-title-script/feed.xml"), "its comment feed did not");
    for (const [file] of after) {
      const touched = statSync(join(out, file)).mtimeMs !== old.getTime();
      if (file === ".blahg-build") continue;
      assert.equal(touched, changed.includes(file), `${file} ${touched ? "was rewritten" : "was kept"}`);
    }
    const counts = summary(run.stdout);
    assert.equal(counts.written, changed.filter((f) => f !== ".blahg-build").length);
    assert.equal(counts.removed, 0);
    assert.ok(counts.unchanged > counts.written);
  });

  it("removes the files of a deleted post, and never a file it did not write", async () => {
    writeFileSync(join(out, "keep-me.txt"), "mine");
    const redirects = readFileSync(join(out, "_redirects"), "utf8");
    const target = /^\/ p=3 (\S+) 301$/m.exec(redirects)![1]!;
    const dir = join(out, decodeURIComponent(target));
    assert.ok(existsSync(join(dir, "index.html")));
    rmSync(join(data, "posts", "3"), { recursive: true });
    const run = await runCli("build", "--config", siteConfig, "--data", data, "--out", out);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!existsSync(join(dir, "index.html")), "the page is gone");
    assert.ok(!existsSync(join(dir, "feed.xml")), "its feed is gone");
    assert.ok(!existsSync(dir), "its empty directory is gone");
    assert.ok(summary(run.stdout).removed >= 3);
    assert.equal(readFileSync(join(out, "keep-me.txt"), "utf8"), "mine");
    assert.deepEqual(brokenLinks(out, "http://blog.test"), []);
  });

  it("stops with exit status 1 and the post's file, line and column for a broken post, writing nothing", async () => {
    const fresh = tempDir();
    writeFileSync(join(data, "posts", "4", "post.tex"), "line one\nline _two\n");
    const run = await runCli("build", "--config", siteConfig, "--data", data, "--out", fresh);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /posts\/4\/post\.tex:2:6: /);
    assert.match(run.stderr, /--keep-going/);
    assert.deepEqual(filesUnder(fresh), []);
    rmSync(fresh, { recursive: true });
  });

  it("stops for the test site as it is (a post with a syntax error, one without post.lisp), and builds it without them with --keep-going", async () => {
    const fresh = tempDir();
    const stopped = await runCli("build", "--config", siteConfig, "--data", join(fixturesDir, "site"), "--out", fresh);
    assert.equal(stopped.status, 1);
    assert.match(stopped.stderr, /posts\/5\/post\.tex:1:8: /);
    assert.match(stopped.stderr, /posts\/6\/post\.lisp:1:1: /);
    const built = await runCli("build", "--config", siteConfig, "--data", join(fixturesDir, "site"), "--out", fresh, "--keep-going");
    assert.equal(built.status, 0, built.stderr);
    assert.deepEqual(brokenLinks(fresh, "http://blog.test"), []);
    rmSync(fresh, { recursive: true });
  });

  it("with --keep-going builds the site without the broken post", async () => {
    const run = await runCli("build", "--config", siteConfig, "--data", data, "--out", out, "--keep-going");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 broken post\(s\) left out/);
    assert.doesNotMatch(readFileSync(join(out, "_redirects"), "utf8"), /^\/ p=4 /m);
    assert.deepEqual(brokenLinks(out, "http://blog.test"), []);
  });
});

describe("blahg build with rendering threads", () => {
  it("writes the same files with two threads as with one (posts cloned into a thread keep their paths)", async () => {
    const root = tempDir();
    try {
      // Threads render only builds of 200 pages or more.
      await generateCorpus(join(root, "data"), { posts: 120 });
      for (const jobs of ["1", "2"]) {
        const { status, stderr } = await runCli("build", "--data", join(root, "data"), "--base-url", "https://blog.example", "--jobs", jobs, "--out", join(root, jobs));
        assert.equal(status, 0, stderr);
      }
      const alone = fileTree(join(root, "1"));
      assert.ok(alone.size > 200, String(alone.size));
      assert.deepEqual(fileTree(join(root, "2")), alone);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("blahg build of posts that link to their own sections", () => {
  it("writes listings whose in-page links name ids of the page, and the link check catches one that does not", async () => {
    const root = tempDir();
    try {
      const data = join(root, "data");
      for (const [id, title] of [["1", "One"], ["2", "Two"]] as const) {
        mkdirSync(join(data, "posts", id), { recursive: true });
        writeFileSync(
          join(data, "posts", id, "post.md"),
          `---\ntitle: ${title}\ndate: 2024-05-0${id}T10:00:00Z\ntags: [sections]\n---\nSee [the comments](#comments) and [the setup](#set-up).\n\n## Set up\n\n## Comments\n`,
        );
      }
      const out = join(root, "out");
      const run = await runCli("build", "--data", data, "--base-url", "https://blog.example", "--out", out);
      assert.equal(run.status, 0, run.stderr);
      const index = readFileSync(join(out, "index.html"), "utf8");
      assert.match(index, /href="#post-2-comments-1"/);
      assert.deepEqual(brokenLinks(out, "https://blog.example"), []);
      writeFileSync(join(out, "index.html"), index.replace('href="#post-2-comments-1"', 'href="#comments-of-nothing"'));
      assert.deepEqual(brokenLinks(out, "https://blog.example"), [{ file: "index.html", link: "#comments-of-nothing", why: "no element of the page has this id" }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("blahg build of a blog with site-aliases", () => {
  it("writes a redirect for each old address, but none for one the copy writes as a file", async () => {
    const root = tempDir();
    try {
      const data = join(root, "data");
      mkdirSync(join(data, "posts", "1"), { recursive: true });
      writeFileSync(join(data, "posts", "1", "post.md"), "---\ntitle: One\ndate: 2024-05-01T10:00:00Z\ntags: [go]\n---\nText.\n");
      const config = join(root, "config.lisp");
      writeFileSync(
        config,
        `((base-url . "https://blog.example") (data-dir . "${data}")
          (site-aliases ("/index.xml" . "/?feed=rss2") ("/feed.xml" . "/?feed=atom") ("/tags/go/" . "/?tag=go") ("/tags/go/index.xml" . "/?tag=go&feed=rss2")))`,
      );
      const out = join(root, "out");
      const run = await runCli("build", "--config", config, "--out", out);
      assert.equal(run.status, 0, run.stderr);
      const netlify = readFileSync(join(out, "_redirects"), "utf8").split("\n");
      for (const line of ["/index.xml /feed.xml 301", "/tags/go/ /tag/go/ 301", "/tags/go/index.xml /tag/go/feed.xml 301"]) assert.ok(netlify.includes(line), `${line} in\n${netlify.join("\n")}`);
      assert.ok(!netlify.some((l) => l.startsWith("/feed.xml ")), "the copy's own /feed.xml is not redirected");
      const nginx = readFileSync(join(out, "redirects.nginx"), "utf8");
      assert.match(nginx, /^ {4}"\/index\.xml" "\/feed\.xml";$/m);
      assert.ok(existsSync(join(out, "feed.xml")));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
