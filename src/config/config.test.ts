import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Datum } from "../sexpr/datum.js";
import { parseSexpr } from "../sexpr/reader.js";
import { CONFIG_KEYS, DEFAULT_CONFIG, configFromDatum, configKey } from "./config.js";
import type { Config } from "./config.js";
import { configFromText, loadConfigFile } from "./load-config.js";

function read(text: string): Datum {
  const r = parseSexpr(text);
  assert.deepEqual(r.diagnostics, []);
  return r.datum!;
}

function configOf(text: string): Config {
  return configFromDatum(read(text)).config;
}


/** The defaults of the keys blahg adds to blahgd's. */
const BLAHG_DEFAULTS = {
  siteTitle: "Blahg",
  siteTagline: "",
  siteAuthor: "",
  siteLanguage: "en",
  markup: "html",
  markdownTypographer: false,
  markdownLinkify: false,
  httpHost: "127.0.0.1",
  httpPort: 8080,
  commentRateLimit: 10,
  commentMaxPending: 500,
  smtpPort: 25,
  maxPostSize: 4 * 1024 * 1024,
  staticCommentRateLimit: 0,
  pathsRelativeTo: "working-directory",
  siteAliases: new Map(),
};

describe("DEFAULT_CONFIG", () => {
  it("has blahgd's defaults", () => {
    assert.deepEqual(
      { ...DEFAULT_CONFIG, categoryToTag: [...DEFAULT_CONFIG.categoryToTag] },
      {
        scgiPort: 2014,
        scgiThreads: 0,
        htmlIndexStories: 10,
        feedIndexStories: 15,
        commentMaxThink: 86400,
        commentMinThink: 10,
        dataDir: "./data",
        webDir: "./web",
        templateDir: "./templates",
        baseUrl: "example.com",
        bugBaseUrl: "example.com",
        wikiBaseUrl: "example.com",
        photoBaseUrl: "example.com",
        tagcloudMinSize: 6,
        tagcloudMaxSize: 18,
        categoryToTag: [],
        ...BLAHG_DEFAULTS,
      },
    );
  });

  it("leaves the captcha addends and the Twitter keys unset", () => {
    for (const key of ["commentCaptchaA", "commentCaptchaB", "twitterUsername", "twitterDescription"]) {
      assert.ok(!(key in DEFAULT_CONFIG), key);
    }
  });
});

describe("max-post-size", () => {
  it("sets the largest post body in bytes", () => {
    assert.equal(configOf("((max-post-size . 65536))").maxPostSize, 65536);
  });

  it("keeps the default, with a note, for a size that is not positive", () => {
    const { config, diagnostics } = configFromDatum(read("((max-post-size . 0))"));
    assert.equal(config.maxPostSize, DEFAULT_CONFIG.maxPostSize);
    assert.match(diagnostics.map((d) => d.message).join(), /max-post-size/);
  });
});

describe("configFromDatum", () => {
  it("gives the defaults for ()", () => {
    const { config, diagnostics } = configFromDatum(read("()"));
    assert.deepEqual(config, { ...DEFAULT_CONFIG, categoryToTag: new Map() });
    assert.deepEqual(diagnostics, []);
  });

  it("reads every key of spec §3.1", () => {
    const { config, diagnostics } = configFromDatum(
      read(`(
        (scgi-port . 8080)
        (scgi-threads . 4)
        (html-index-stories . 5)
        (feed-index-stories . 20)
        (comment-max-think . 3600)
        (comment-min-think . 2)
        (comment-captcha-a . 3)
        (comment-captcha-b . 4)
        (data-dir . "/blahg/data")
        (web-dir . "/blahg/web")
        (template-dir . "/blahg/templates")
        (base-url . "https://blahg.josefsipek.net")
        (bug-base-url . "https://bugs.example")
        (wiki-base-url . "https://en.wikipedia.org/wiki")
        (photo-base-url . "https://photos.example")
        (tagcloud-min-size . 8)
        (tagcloud-max-size . 24)
        (twitter-username . "jeffpc")
        (twitter-description . "a blog")
        (category-to-tag (misc . "random") ("cooking" . "food"))
      )`),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      { ...config, categoryToTag: [...config.categoryToTag] },
      {
        scgiPort: 8080,
        scgiThreads: 4,
        htmlIndexStories: 5,
        feedIndexStories: 20,
        commentMaxThink: 3600,
        commentMinThink: 2,
        commentCaptchaA: 3,
        commentCaptchaB: 4,
        dataDir: "/blahg/data",
        webDir: "/blahg/web",
        templateDir: "/blahg/templates",
        baseUrl: "https://blahg.josefsipek.net",
        bugBaseUrl: "https://bugs.example",
        wikiBaseUrl: "https://en.wikipedia.org/wiki",
        photoBaseUrl: "https://photos.example",
        tagcloudMinSize: 8,
        tagcloudMaxSize: 24,
        twitterUsername: "jeffpc",
        twitterDescription: "a blog",
        categoryToTag: [
          ["misc", "random"],
          ["cooking", "food"],
        ],
        ...BLAHG_DEFAULTS,
      },
    );
  });

  it("reads blahg's own keys", () => {
    const config = configOf(`((site-title . "My blog") (site-tagline . "notes") (site-author . "Me") (site-language . "de")
      (preview-secret . "0123456789abcdef0") (markup . "blahgd") (http-host . "0.0.0.0") (http-port . 8000))`);
    assert.deepEqual(
      [config.siteTitle, config.siteTagline, config.siteAuthor, config.siteLanguage, config.previewSecret, config.markup, config.httpHost, config.httpPort],
      ["My blog", "notes", "Me", "de", "0123456789abcdef0", "blahgd", "0.0.0.0", 8000],
    );
  });

  it("reads static-comments as none or an http(s) URL without its trailing slash, warning about anything else", () => {
    assert.equal(configOf(`((static-comments . "https://c.example/blog/"))`).staticComments, "https://c.example/blog");
    assert.equal(configOf(`((static-comments . "none"))`).staticComments, undefined);
    const { config, diagnostics } = configFromDatum(read(`((static-comments . "javascript:alert(1)") (static-comment-rate-limit . 3))`));
    assert.equal(config.staticComments, undefined);
    assert.equal(config.staticCommentRateLimit, 3);
    assert.deepEqual(diagnostics.map((d) => d.code), ["config/bad-static-comments"]);
  });

  it("reads the Markdown switches as booleans, warning about other values", () => {
    const { config, diagnostics } = configFromDatum(read(`((markdown-typographer . #t) (markdown-linkify . "yes"))`));
    assert.equal(config.markdownTypographer, true);
    assert.equal(config.markdownLinkify, false);
    assert.deepEqual(diagnostics.map((d) => d.severity), ["warning"]);
  });

  it("warns about a markup mode it does not know and a short preview secret", () => {
    const { config, diagnostics } = configFromDatum(read(`((markup . "xml") (preview-secret . "6533"))`));
    assert.equal(config.markup, "html");
    assert.deepEqual(diagnostics.map((d) => d.code), ["config/weak-secret", "config/bad-markup"]);
  });

  it("accepts keys written as strings", () => {
    assert.equal(configOf('(("scgi-port" . 9000) ("base-url" . "x.org"))').scgiPort, 9000);
    assert.equal(configOf('(("scgi-port" . 9000) ("base-url" . "x.org"))').baseUrl, "x.org");
  });

  it("reads integers in octal and hex, as the reader does", () => {
    assert.equal(configOf("((scgi-port . 010))").scgiPort, 8);
    assert.equal(configOf("((scgi-port . 0x1F90))").scgiPort, 8080);
  });

  it("ignores unknown keys without a diagnostic", () => {
    const { config, diagnostics } = configFromDatum(read('((color . "blue") (scgi_port . 1))'));
    assert.equal(config.scgiPort, 2014);
    assert.deepEqual(diagnostics, []);
  });

  it("matches keys case-sensitively", () => {
    assert.equal(configOf("((SCGI-PORT . 1))").scgiPort, 2014);
  });

  it("uses the first of repeated keys", () => {
    assert.equal(configOf("((scgi-port . 1) (scgi-port . 2))").scgiPort, 1);
  });

  it("treats a value of the wrong type as missing and warns at its pair", () => {
    const { config, diagnostics } = configFromDatum(read('(\n  (scgi-port . "8080")\n  (data-dir . data))'));
    assert.equal(config.scgiPort, 2014);
    assert.equal(config.dataDir, "./data");
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.column, d.severity, d.code]),
      [
        [2, 3, "warning", "config/wrong-type"],
        [3, 3, "warning", "config/wrong-type"],
      ],
    );
    assert.equal(diagnostics[0]!.message, "`scgi-port` must be an integer, but it is a string; the default is used");
  });

  it("does not fall through to a later duplicate when the first has the wrong type", () => {
    assert.equal(configOf('((scgi-port . "1") (scgi-port . 2))').scgiPort, 2014);
  });

  it("hints at the missing dot in (scgi-port 8080)", () => {
    const { config, diagnostics } = configFromDatum(read("((scgi-port 8080))"));
    assert.equal(config.scgiPort, 2014);
    assert.match(diagnostics[0]!.message, /but it is a list \(write \(scgi-port \. value\), with a dot/);
  });

  it("falls back to port 2014 for scgi-port 65536 and above, with a warning", () => {
    assert.equal(configOf("((scgi-port . 65535))").scgiPort, 65535);
    assert.equal(configOf("((scgi-port . 0))").scgiPort, 0);
    const { config, diagnostics } = configFromDatum(read("((scgi-port . 65536))"));
    assert.equal(config.scgiPort, 2014);
    assert.equal(diagnostics[0]?.code, "config/port-out-of-range");
    assert.equal(diagnostics[0]?.severity, "warning");
  });

  it("clamps scgi-threads above INT_MAX", () => {
    assert.equal(configOf("((scgi-threads . 2147483647))").scgiThreads, 2147483647);
    const { config, diagnostics } = configFromDatum(read("((scgi-threads . 18446744073709551615))"));
    assert.equal(config.scgiThreads, 2147483647);
    assert.equal(diagnostics[0]?.code, "config/threads-clamped");
  });

  it("warns about a trailing slash on the URL prefixes", () => {
    const { config, diagnostics } = configFromDatum(read('((base-url . "https://x.org/") (photo-base-url . "p/"))'));
    assert.equal(config.baseUrl, "https://x.org/");
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["config/trailing-slash", "config/trailing-slash"],
    );
  });

  it("reads category-to-tag with symbol or string keys, first match winning, skipping bad entries with a warning", () => {
    const { config, diagnostics } = configFromDatum(
      read(`((category-to-tag
        (misc . "random")
        ("food" . "cooking")
        (misc . "other")
        (bad . tag)
        7
        (1 . "x")))`),
    );
    assert.deepEqual([...config.categoryToTag], [
      ["misc", "random"],
      ["food", "cooking"],
    ]);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line]),
      [
        ["config/bad-category", 5],
        ["config/bad-category", 6],
        ["config/bad-category", 7],
      ],
    );
  });

  it("reads site-aliases as decoded paths to query URLs of pages, first match winning, skipping bad entries with a warning", () => {
    const { config, diagnostics } = configFromDatum(
      read(`((site-aliases
        ("/index.xml" . "/?feed=rss2")
        ("/tags/caf%C3%A9/" . "/?tag=caf%C3%A9")
        ("/index.xml" . "/?feed=atom")
        ("/old/" . "/?s=x")
        ("no-slash" . "/")
        (sym . "/")
        ("/ok/" . 5)
        ("/home/" . "/")))`),
    );
    assert.deepEqual([...config.siteAliases], [
      ["/index.xml", "/?feed=rss2"],
      ["/tags/café/", "/?tag=caf%C3%A9"],
      ["/home/", "/"],
    ]);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line]),
      [
        ["config/bad-site-alias", 5],
        ["config/bad-site-alias", 6],
        ["config/bad-site-alias", 7],
        ["config/bad-site-alias", 8],
      ],
    );
    assert.match(diagnostics[0]!.message, /naming no page \("\/\?s=x"\)/);
  });

  it("rejects category-to-tag that is not a list", () => {
    const { config, diagnostics } = configFromDatum(read('((category-to-tag . "misc"))'));
    assert.equal(config.categoryToTag.size, 0);
    assert.equal(diagnostics[0]?.code, "config/wrong-type");
  });

  it("gives the defaults and an error when the config is not a list", () => {
    for (const text of ['"x"', "(a . b)", "42"]) {
      const { config, diagnostics } = configFromDatum(read(text));
      assert.equal(config.scgiPort, 2014);
      assert.equal(diagnostics[0]?.code, "config/not-an-alist", text);
      assert.equal(diagnostics[0]?.severity, "error");
    }
  });

  it("never shares the category map with DEFAULT_CONFIG", () => {
    const a = configOf("()");
    assert.notEqual(a.categoryToTag, DEFAULT_CONFIG.categoryToTag);
  });
});

describe("CONFIG_KEYS", () => {
  it("declares each key once, in kebab-case", () => {
    const names = CONFIG_KEYS.map((k) => k.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(names.length, 46, "the 20 keys of blahgd plus blahg's own 26");
  });

  it("looks keys up by name", () => {
    assert.equal(configKey("scgi-port")?.type, "integer");
    assert.equal(configKey("category-to-tag")?.type, "list");
    assert.equal(configKey("nope"), undefined);
  });
});

describe("configFromText", () => {
  it("accepts a leading-quote config with a warning naming the file", () => {
    const { config, diagnostics } = configFromText("'((scgi-port . 1234))", "blahg.lisp");
    assert.equal(config?.scgiPort, 1234);
    assert.deepEqual(
      diagnostics.map((d) => [d.file, d.severity, d.code]),
      [["blahg.lisp", "warning", "sexpr/quoted-file"]],
    );
  });

  it("gives no config and an error naming the file when it does not parse", () => {
    const { config, diagnostics } = configFromText("((scgi-port . 1234)", "blahg.lisp");
    assert.equal(config, undefined);
    assert.deepEqual(
      diagnostics.map((d) => [d.file, d.severity, d.code, d.line, d.column]),
      [["blahg.lisp", "error", "sexpr/unclosed-list", 1, 1]],
    );
  });

  it("gives no config when the datum is not an alist", () => {
    const { config, diagnostics } = configFromText('"just a string"', "c.lisp");
    assert.equal(config, undefined);
    assert.equal(diagnostics[0]?.code, "config/not-an-alist");
  });

  it("returns the config with warnings for wrong types", () => {
    const { config, diagnostics } = configFromText('((scgi-port . "x"))', "c.lisp");
    assert.equal(config?.scgiPort, 2014);
    assert.equal(diagnostics[0]?.file, "c.lisp");
  });
});

describe("loadConfigFile", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "blahg-config-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads a UTF-8 config file", async () => {
    const path = join(dir, "good.lisp");
    await writeFile(path, '; my blog\n((base-url . "https://blåhg.example") (html-index-stories . 3))\n', "utf8");
    const { config, diagnostics } = await loadConfigFile(path);
    assert.deepEqual(diagnostics, []);
    assert.equal(config?.baseUrl, "https://blåhg.example");
    assert.equal(config?.htmlIndexStories, 3);
  });

  it("reports a missing file as an error naming it, without throwing", async () => {
    const path = join(dir, "missing.lisp");
    const { config, diagnostics } = await loadConfigFile(path);
    assert.equal(config, undefined);
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(
      [diagnostics[0]!.file, diagnostics[0]!.severity, diagnostics[0]!.code],
      [path, "error", "config/unreadable"],
    );
    assert.match(diagnostics[0]!.message, /ENOENT/);
  });

  it("reports a directory as unreadable", async () => {
    const { config, diagnostics } = await loadConfigFile(dir);
    assert.equal(config, undefined);
    assert.equal(diagnostics[0]?.code, "config/unreadable");
  });

  it("reports a file that does not parse", async () => {
    const path = join(dir, "bad.lisp");
    await writeFile(path, "((scgi-port . 1)\n (data-dir . /srv))", "utf8");
    const { config, diagnostics } = await loadConfigFile(path);
    assert.equal(config, undefined);
    assert.deepEqual(
      diagnostics.map((d) => [d.file, d.code, d.line, d.column]),
      [[path, "sexpr/invalid-character", 2, 14]],
    );
  });
});

describe("paths-relative-to", () => {
  const paths = (c: Config | undefined) => [c?.dataDir, c?.webDir, c?.templateDir];

  it("leaves relative paths to the working directory by default, as blahgd does", () => {
    const { config } = configFromText(`((data-dir . "posts-here"))`, "/blogs/mine/config.lisp");
    assert.deepEqual(paths(config), ["posts-here", "./web", "./templates"]);
  });

  it("makes relative paths relative to the config file's folder with \"config\", keeping absolute ones", () => {
    const { config, diagnostics } = configFromText(`((data-dir . "data") (web-dir . "/srv/web") (paths-relative-to . "config"))`, "/blogs/mine/config.lisp");
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(paths(config), ["/blogs/mine/data", "/srv/web", "/blogs/mine/templates"]);
    const relative = configFromText(`((paths-relative-to . "config"))`, join("blogs", "config.lisp")).config;
    assert.equal(relative?.dataDir, join("blogs", "data"));
  });

  it("warns about another value and keeps the working directory", () => {
    const { config, diagnostics } = configFromText(`((paths-relative-to . "home"))`, "/b/config.lisp");
    assert.deepEqual(diagnostics.map((d) => d.code), ["config/bad-paths-relative-to"]);
    assert.equal(config?.dataDir, "./data");
  });
});
