import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compilePermalink, type PermalinkPattern } from "../../config/permalink-pattern.js";
import type { Post } from "../../content/model.js";
import { SiteIndex } from "../../content/site-index.js";
import { parseQuery, type QueryParams } from "../../http/query.js";
import { encodeSlug, slugify } from "../../text/slug.js";
import type { LinkRoute, Route } from "../route.js";
import { renderFmt3 } from "../../markup/fmt3/index.js";
import { PermalinkScheme } from "./permalink-scheme.js";
import { urlSchemeFor, type UrlScheme } from "./url-scheme.js";
import { countWork } from "../../../test/support/work-count.js";

const BASE = "https://blog.test";

function post(id: number, title: string, time: number, extra: Partial<Post> = {}): Post {
  return { id, dir: `/p/${id}`, bodyPath: `/p/${id}/post.tex`, format: "fmt3", bodySize: 0, title, time, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false, ...extra };
}

function pattern(source: string): PermalinkPattern {
  const compiled = compilePermalink(source);
  assert.ok("pattern" in compiled, `${source}: ${"error" in compiled ? compiled.error : ""}`);
  return compiled.pattern;
}

function scheme(posts: Post[], permalink?: string): UrlScheme {
  return urlSchemeFor({ baseUrl: BASE, ...(permalink !== undefined && { permalink: pattern(permalink) }) }, new SiteIndex(posts));
}

/** What a request for `url` carries: the decoded path and the parsed query, as the HTTP adapters give them. */
function request(url: string): { path: string; query: QueryParams } {
  assert.ok(url.startsWith(BASE), url);
  const rest = url.slice(BASE.length).split("#")[0]!;
  const q = rest.indexOf("?");
  const query = parseQuery(q === -1 ? "" : rest.slice(q + 1));
  assert.notEqual(query, "malformed", url);
  return { path: decodeURIComponent(q === -1 ? rest : rest.slice(0, q)), query: query as QueryParams };
}

function parseUrl(s: UrlScheme, url: string): Route {
  const { path, query } = request(url);
  return s.parse(path, query);
}

const T = (iso: string): number => Date.parse(iso) / 1000;

const POSTS = [
  post(1, "Hello, World!", T("2024-05-02T10:00:00Z"), { tags: ["linux", "a/b", "100%", "with space"] }),
  post(2, "Café au lait", T("2024-05-03T10:00:00Z"), { tags: ["linux"] }),
  post(3, "Hello world", T("2024-05-20T10:00:00Z")),
  post(4, "Another", T("2023-12-31T23:59:59Z"), { slug: "My Chosen Slug", aliases: ["/2013/01/11/old-slug/", "/old.html", "/%E6%97%A5%E6%9C%AC/"] }),
  post(5, "Hidden", T("2022-01-01T00:00:00Z"), { listed: false }),
];

const PATTERNS = ["/%year%/%monthnum%/%postname%/", "/%postname%/", "/%year%/%monthnum%/%day%/%hour%%minute%%second%-%post_id%.html", "/archives/%post_id%", "/%year%/%postname%.html"];

describe("slugs", () => {
  it("are the lower-cased words of a title joined with -, letters of any script kept", () => {
    assert.equal(slugify("Hello, World!"), "hello-world");
    assert.equal(slugify("  Café au lait  "), "café-au-lait");
    assert.equal(slugify("日本語の記事"), "日本語の記事");
    assert.equal(slugify("C++ & Rust: a_b"), "c-rust-a_b");
    assert.equal(slugify("!!!"), "");
  });

  it("are percent-encoded in URLs with lower-case hex, as WordPress writes them", () => {
    assert.equal(encodeSlug("café"), "caf%c3%a9");
    assert.equal(encodeSlug("plain-slug"), "plain-slug");
  });
});

describe("the permalink config key", () => {
  it("compiles WordPress's structure tags", () => {
    for (const source of PATTERNS) assert.ok("pattern" in compilePermalink(source), source);
  });

  it("refuses a bad pattern with the place of the fault", () => {
    const cases: Array<[string, RegExp, number]> = [
      ["%year%/%postname%/", /must start with "\/"/, 0],
      ["/%year%/%category%/%postname%/", /unknown structure tag %category%/, 8],
      ["/%year%/%monthnum%/", /must contain %postname% or %post_id%/, 0],
      ["/%postname%/%postname%/", /appears twice/, 12],
      ["/posts?id=%post_id%", /"\?" is not allowed/, 6],
      ["/%postname", /unknown structure tag %postname/, 1],
      ["/a//%postname%/", /must not contain "\/\/"/, 2],
      ["/../%postname%/", /"\." or "\.\."/, 1],
    ];
    for (const [source, message, offset] of cases) {
      const compiled = compilePermalink(source);
      assert.ok("error" in compiled, source);
      assert.match(compiled.error, message, source);
      assert.equal(compiled.offset, offset, source);
    }
  });
});

describe("blahgd's query URLs (no permalink)", () => {
  const s = scheme(POSTS);
  it("are written byte for byte as blahgd wrote them", () => {
    const expect: Array<[LinkRoute, string]> = [
      [{ kind: "index", format: "html", page: 0 }, "/"],
      [{ kind: "index", format: "html", page: 2 }, "/?paged=2"],
      [{ kind: "index", format: "atom", page: 1 }, "/?feed=atom&paged=1"],
      [{ kind: "story", format: "html", id: 12, preview: undefined }, "/?p=12"],
      [{ kind: "story", format: "rss2", id: 12, preview: undefined }, "/?p=12&feed=rss2"],
      [{ kind: "story", format: "html", id: 12, preview: undefined, held: true }, "/?p=12&held=1"],
      [{ kind: "tag", format: "html", tag: 'a&b "q"', page: 0 }, "/?tag=a%26b+%22q%22"],
      [{ kind: "tag", format: "atom", tag: "x", page: 3 }, "/?tag=x&feed=atom&paged=3"],
      [{ kind: "archive", month: 201404, page: 0 }, "/?m=201404"],
      [{ kind: "json-feed", tag: "x", page: 1 }, "/?tag=x&feed=json&paged=1"],
      [{ kind: "recent-comments", format: "rss2" }, "/?feed=rss2&comments=1"],
      [{ kind: "search", query: "lock free", page: 1 }, "/?s=lock+free&paged=1"],
      [{ kind: "sitemap", part: 2 }, "/sitemap.xml?part=2"],
      [{ kind: "robots" }, "/robots.txt"],
      [{ kind: "comment" }, "/?comment=1"],
      [{ kind: "admin" }, "/?admin"],
      [{ kind: "admin", action: "approve" }, "/?admin=approve"],
      [{ kind: "admin", outcome: { message: "approved", count: 1, comment: { post: 7, number: 2 } } }, "/?admin=done&msg=approved&post=7&number=2"],
      [{ kind: "admin", outcome: { message: "rejected", count: 3 } }, "/?admin=done&msg=rejected&n=3"],
      [{ kind: "tags" }, "/?tags"],
      [{ kind: "category", name: "misc" }, "/?cat=misc"],
    ];
    for (const [r, url] of expect) assert.equal(s.format(r), BASE + url, JSON.stringify(r));
  });

  it("answer an alias with a 301 to the post's query URL", () => {
    assert.deepEqual(parseUrl(s, `${BASE}/old.html`), { kind: "redirect", to: { kind: "story", format: "html", id: 4, preview: undefined } });
    assert.deepEqual(parseUrl(s, `${BASE}/%E6%97%A5%E6%9C%AC/`), { kind: "redirect", to: { kind: "story", format: "html", id: 4, preview: undefined } });
    assert.equal(s.format({ kind: "story", format: "html", id: 4, preview: undefined }), `${BASE}/?p=4`);
  });
});

describe("pretty permalinks", () => {
  const s = scheme(POSTS, "/%year%/%monthnum%/%postname%/");

  it("put posts at their pattern with the title's slug, an author's slug, non-ASCII percent-encoded", () => {
    assert.equal(s.format({ kind: "story", format: "html", id: 1, preview: undefined }), `${BASE}/2024/05/hello-world/`);
    assert.equal(s.format({ kind: "story", format: "html", id: 2, preview: undefined }), `${BASE}/2024/05/caf%c3%a9-au-lait/`);
    assert.equal(s.format({ kind: "story", format: "html", id: 4, preview: undefined }), `${BASE}/2023/12/my-chosen-slug/`);
  });

  it("give a later post with the same slug and date parts a suffix, and report it", () => {
    assert.equal(s.format({ kind: "story", format: "html", id: 3, preview: undefined }), `${BASE}/2024/05/hello-world-2/`);
    assert.deepEqual(
      (s as PermalinkScheme).collisions.map((c) => [c.post.id, c.wanted, c.given]),
      [[3, "hello-world", "hello-world-2"]],
    );
    // In another month there is no collision.
    const apart = scheme([post(1, "Same", T("2024-01-01T00:00:00Z")), post(2, "Same", T("2024-02-01T00:00:00Z"))], "/%year%/%monthnum%/%postname%/");
    assert.equal(apart.format({ kind: "story", format: "html", id: 2, preview: undefined }), `${BASE}/2024/02/same/`);
  });

  it("never give a post a path the site needs for a feed, a tag or a month", () => {
    const reserved = scheme([post(1, "Feed", T("2024-05-01T00:00:00Z")), post(2, "05", T("2024-05-01T00:00:00Z"))], "/%postname%/");
    assert.equal(reserved.format({ kind: "story", format: "html", id: 1, preview: undefined }), `${BASE}/feed-2/`);
    const month = scheme([post(2, "05", T("2024-05-01T00:00:00Z"))], "/%year%/%postname%/");
    assert.equal(month.format({ kind: "story", format: "html", id: 2, preview: undefined }), `${BASE}/2024/05-2/`);
  });

  it("answer /?p=ID with a 301 to the post's URL, and keep the other query forms", () => {
    assert.deepEqual(parseUrl(s, `${BASE}/?p=1`), { kind: "redirect", to: { kind: "story", format: "html", id: 1, preview: undefined } });
    assert.deepEqual(parseUrl(s, `${BASE}/?p=1&feed=atom`), { kind: "story", format: "atom", id: 1, preview: undefined });
    assert.deepEqual(parseUrl(s, `${BASE}/?tag=linux`), { kind: "tag", format: "html", tag: "linux", page: 0 });
    assert.deepEqual(parseUrl(s, `${BASE}/?m=202405&paged=1`), { kind: "archive", month: 202405, page: 1 });
    // A post the site does not have is a plain story route (the page says not found).
    assert.deepEqual(parseUrl(s, `${BASE}/?p=99`), { kind: "story", format: "html", id: 99, preview: undefined });
  });

  it("write the listing, tag, month and feed URLs WordPress uses", () => {
    const expect: Array<[LinkRoute, string]> = [
      [{ kind: "index", format: "html", page: 0 }, "/"],
      [{ kind: "index", format: "html", page: 1 }, "/page/2/"],
      [{ kind: "index", format: "rss2", page: 0 }, "/feed/"],
      [{ kind: "index", format: "atom", page: 0 }, "/feed/atom/"],
      [{ kind: "index", format: "atom", page: 2 }, "/feed/atom/?paged=2"],
      [{ kind: "json-feed", tag: undefined, page: 0 }, "/feed/json/"],
      [{ kind: "tag", format: "html", tag: "linux", page: 0 }, "/tag/linux/"],
      [{ kind: "tag", format: "html", tag: "a/b", page: 1 }, "/tag/a%2Fb/page/2/"],
      [{ kind: "tag", format: "rss2", tag: "with space", page: 0 }, "/tag/with%20space/feed/"],
      [{ kind: "json-feed", tag: "100%", page: 0 }, "/tag/100%25/feed/json/"],
      [{ kind: "archive", month: 202405, page: 0 }, "/2024/05/"],
      [{ kind: "archive", month: 202405, page: 2 }, "/2024/05/page/3/"],
      [{ kind: "story", format: "rss2", id: 1, preview: undefined }, "/2024/05/hello-world/feed/"],
      [{ kind: "story", format: "atom", id: 1, preview: undefined }, "/2024/05/hello-world/feed/atom/"],
      [{ kind: "story", format: "html", id: 1, preview: undefined, held: true }, "/2024/05/hello-world/?held=1"],
      [{ kind: "story", format: "html", id: 1, preview: "s3cret" }, "/?p=1&preview=s3cret"],
      [{ kind: "recent-comments", format: "rss2" }, "/comments/feed/"],
      [{ kind: "recent-comments", format: "atom" }, "/comments/feed/atom/"],
      [{ kind: "search", query: "x", page: 0 }, "/?s=x"],
      [{ kind: "tags" }, "/tag/"],
    ];
    for (const [r, url] of expect) assert.equal(s.format(r), BASE + url, JSON.stringify(r));
  });

  it("move /page/1/, a post path without its final slash and aliases with a 301", () => {
    assert.deepEqual(parseUrl(s, `${BASE}/page/1/`), { kind: "redirect", to: { kind: "index", format: "html", page: 0 } });
    assert.deepEqual(parseUrl(s, `${BASE}/tag/linux/page/1/`), { kind: "redirect", to: { kind: "tag", format: "html", tag: "linux", page: 0 } });
    assert.deepEqual(parseUrl(s, `${BASE}/2024/05/hello-world`), { kind: "redirect", to: { kind: "story", format: "html", id: 1, preview: undefined } });
    for (const alias of ["/2013/01/11/old-slug/", "/old.html", "/%E6%97%A5%E6%9C%AC/", "/%e6%97%a5%e6%9c%ac/"]) {
      assert.deepEqual(parseUrl(s, BASE + alias), { kind: "redirect", to: { kind: "story", format: "html", id: 4, preview: undefined } }, alias);
    }
  });

  it("answer posts with percent-encoded names in either case of hex, or raw", () => {
    const want = { kind: "story", format: "html", id: 2, preview: undefined };
    assert.deepEqual(parseUrl(s, `${BASE}/2024/05/caf%C3%A9-au-lait/`), want);
    assert.deepEqual(s.parse("/2024/05/café-au-lait/", new Map()), want);
  });

  it("leave unknown paths to the web directory, and give no post a JSON Feed", () => {
    assert.deepEqual(parseUrl(s, `${BASE}/style.css`), { kind: "static", path: "/style.css" });
    assert.deepEqual(parseUrl(s, `${BASE}/2024/05/no-such-post/`), { kind: "static", path: "/2024/05/no-such-post/" });
    assert.deepEqual(parseUrl(s, `${BASE}/2024/05/hello-world/feed/json/`), { kind: "unsupported-feed" });
    assert.deepEqual(parseUrl(s, `${BASE}/2024/13/`), { kind: "static", path: "/2024/13/" });
    assert.deepEqual(parseUrl(s, `${BASE}/page/0/`), { kind: "not-found" });
    assert.deepEqual(parseUrl(s, `${BASE}/sitemap.xml`), { kind: "sitemap", part: undefined });
  });

  it("never throw or hang on hostile paths", () => {
    const hostile = ["/../etc/passwd", "/tag/../../", "/tag/", "/tag//", "//", "/%", "/feed/../", "/page/99999999999/", "/\u0000", "/\ud800/", "/" + "a/".repeat(50_000), "/tag/" + "feed/".repeat(20_000), "/x/page/".repeat(10_000) + "1/"];
    for (const path of hostile) {
      const { result: r, work } = countWork(() => s.parse(path, new Map()));
      assert.ok(typeof r.kind === "string");
      // A bounded number of string operations per character: no rescanning, whatever the path.
      assert.ok(work <= 200 + 32 * path.length, `${work} operations for ${path.length} characters of ${JSON.stringify(path.slice(0, 40))}`);
    }
  });
});

/** Routes every scheme must round-trip through format and parse. */
/** Records with an ordinary prototype, as routes have. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

function routeArbitrary(tags: readonly string[], ids: readonly number[]): fc.Arbitrary<LinkRoute> {
  const page = fc.integer({ min: 0, max: 50 });
  const tag = fc.constantFrom(...tags);
  const month = fc.tuple(fc.integer({ min: 1970, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => y * 100 + m);
  const feedFormat = fc.constantFrom("html" as const, "atom" as const, "rss2" as const);
  return fc.oneof(
    rec({ kind: fc.constant("index" as const), format: feedFormat, page }),
    rec({ kind: fc.constant("archive" as const), month, page }),
    rec({ kind: fc.constant("tag" as const), format: feedFormat, tag, page }),
    rec({ kind: fc.constant("json-feed" as const), tag: fc.option(tag, { nil: undefined }), page }),
    rec({ kind: fc.constant("story" as const), format: feedFormat, id: fc.constantFrom(...ids), preview: fc.constant(undefined) }),
    rec({ kind: fc.constant("story" as const), format: fc.constant("html" as const), id: fc.constantFrom(...ids), preview: fc.constant(undefined), held: fc.constant(true) }),
    rec({ kind: fc.constant("story" as const), format: feedFormat, id: fc.constantFrom(...ids), preview: fc.string({ minLength: 1, maxLength: 20 }) }),
    rec({ kind: fc.constant("search" as const), query: fc.string({ unit: "grapheme", maxLength: 20 }), page }),
    rec({ kind: fc.constant("recent-comments" as const), format: fc.constantFrom("atom" as const, "rss2" as const) }),
    rec({ kind: fc.constant("sitemap" as const), part: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }) }),
    fc.constant({ kind: "robots" as const }),
    fc.constant({ kind: "comment" as const }),
    fc.constant({ kind: "admin" as const }),
    rec({ kind: fc.constant("admin" as const), action: fc.constantFrom("login" as const, "logout" as const, "approve" as const, "reject" as const) }),
    rec({
      kind: fc.constant("admin" as const),
      outcome: fc.oneof(
        rec({ message: fc.constantFrom("approved" as const, "rejected" as const, "logged-out" as const), count: fc.integer({ min: 0, max: 2000 }) }),
        rec({ message: fc.constant("approved" as const), count: fc.constant(1), comment: rec({ post: fc.constantFrom(...ids), number: fc.integer({ min: 1, max: 1e6 }) }) }),
      ),
    }),
    fc.constant({ kind: "tags" as const }),
    rec({ kind: fc.constant("category" as const), name: fc.string({ minLength: 1, maxLength: 10 }) }),
  );
}

/** Titles and tags with what makes URLs hard: non-ASCII, spaces, slashes, `%`, `?`, `#`, `+`. */
const hardText = fc.string({ unit: fc.constantFrom(..."aZ09 -_/%?#+&é日ß\u0301."), minLength: 1, maxLength: 12 });

const siteArbitrary = rec({
  posts: fc.uniqueArray(
    rec({ id: fc.integer({ min: 1, max: 2_147_483_647 }), title: hardText, slug: fc.option(hardText, { nil: undefined }), time: fc.integer({ min: 0, max: 4_000_000_000 }), tags: fc.array(hardText, { maxLength: 3 }) }),
    { minLength: 1, maxLength: 12, selector: (p) => p.id },
  ),
});

describe("every route", () => {
  for (const permalink of [undefined, ...PATTERNS]) {
    it(`survives format then parse under ${permalink ?? "the query scheme"} (property)`, () => {
      fc.assert(
        fc.property(siteArbitrary.chain((site) => {
          const posts = site.posts.map((p) => post(p.id, p.title, p.time, { tags: p.tags, ...(p.slug !== undefined && { slug: p.slug }) }));
          const tags = [...new SiteIndex(posts).tags.values()].map((t) => t.name);
          return fc.tuple(fc.constant(posts), routeArbitrary(tags.length > 0 ? tags : ["t"], posts.map((p) => p.id)));
        }), ([posts, r]) => {
          const s = scheme(posts, permalink);
          const url = s.format(r);
          assert.ok(url.startsWith(`${BASE}/`), url);
          assert.doesNotMatch(url, /[\s"<>]/, url);
          assert.deepEqual(parseUrl(s, url), r, url);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("gives every post of a site its own path (property)", () => {
    fc.assert(
      fc.property(siteArbitrary, fc.constantFrom(...PATTERNS), ({ posts }, permalink) => {
        const s = scheme(posts.map((p) => post(p.id, p.title, p.time, p.slug === undefined ? {} : { slug: p.slug })), permalink);
        const urls = posts.map((p) => s.format({ kind: "story", format: "html", id: p.id, preview: undefined }));
        assert.equal(new Set(urls).size, urls.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe("fmt3's \\post and \\taglink", () => {
  const s = scheme(POSTS, "/%year%/%monthnum%/%postname%/");
  const urls = {
    base: BASE,
    post: (id: string) => s.format({ kind: "story", format: "html", id: Number(id), preview: undefined }),
    tag: (tag: string) => s.format({ kind: "tag", format: "html", tag, page: 0 }),
  };
  const source = "See \\post{2} and \\taglink[these]{with space}.\n";

  it("link to the scheme's URLs in both HTML writers when given the scheme's functions", () => {
    for (const mode of ["html", "blahgd"] as const) {
      const { output } = renderFmt3(source, mode, { urls });
      assert.match(output ?? "", /<a href="https:\/\/blog\.test\/2024\/05\/caf%c3%a9-au-lait\/">2<\/a>/, mode);
      assert.match(output ?? "", /<a href="https:\/\/blog\.test\/tag\/with%20space\/">these<\/a>/, mode);
    }
  });

  it("keep blahgd's exact bytes without them", () => {
    assert.match(renderFmt3(source, "blahgd", { urls: { base: BASE } }).output ?? "", /<a href="https:\/\/blog\.test\/\?p=2">2<\/a>/);
    assert.match(renderFmt3(source, "blahgd", { urls: { base: BASE } }).output ?? "", /<a href="https:\/\/blog\.test\/\?tag=with space">these<\/a>/);
  });
});

describe("the site's old addresses (site-aliases)", () => {
  const siteAliases = new Map([
    ["/index.xml", "/?feed=rss2"],
    ["/tags/with-space/", "/?tag=with%20space"],
    ["/tags/linux/index.xml", "/?tag=linux&feed=atom"],
    ["/tags/", "/?tags"],
    ["/old.html", "/?feed=atom"],
    ["/home/", "/"],
    ["/nowhere/", "/?s=x"],
  ]);
  const schemes = {
    "query URLs": urlSchemeFor({ baseUrl: BASE, siteAliases }, new SiteIndex(POSTS)),
    "pretty permalinks": urlSchemeFor({ baseUrl: BASE, permalink: pattern("/%year%/%monthnum%/%postname%/"), siteAliases }, new SiteIndex(POSTS)),
    "a static copy": urlSchemeFor({ baseUrl: BASE, siteAliases }, new SiteIndex(POSTS), { commentEndpoint: undefined }),
  };
  for (const [name, s] of Object.entries(schemes)) {
    it(`answer with a 301 to the page they name, under ${name}`, () => {
      const expect: Array<[string, LinkRoute]> = [
        ["/index.xml", { kind: "index", format: "rss2", page: 0 }],
        ["/tags/with-space/", { kind: "tag", format: "html", tag: "with space", page: 0 }],
        ["/tags/linux/index.xml", { kind: "tag", format: "atom", tag: "linux", page: 0 }],
        ["/tags/", { kind: "tags" }],
        ["/home/", { kind: "index", format: "html", page: 0 }],
      ];
      for (const [path, to] of expect) assert.deepEqual(parseUrl(s, BASE + path), { kind: "redirect", to }, path);
    });

    it(`leave a post's alias to the post, and ignore a target that is no page, under ${name}`, () => {
      assert.deepEqual(parseUrl(s, `${BASE}/old.html`), { kind: "redirect", to: { kind: "story", format: "html", id: 4, preview: undefined } });
      assert.notEqual(parseUrl(s, `${BASE}/nowhere/`).kind, "redirect");
    });
  }
});
