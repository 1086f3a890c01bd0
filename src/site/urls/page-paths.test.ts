import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePermalink } from "../../config/permalink-pattern.js";
import type { Post } from "../../content/model.js";
import { SiteIndex } from "../../content/site-index.js";
import { parseQuery, type QueryParams } from "../../http/query.js";
import { urlSchemeFor, type UrlScheme } from "./url-scheme.js";

const BASE = "https://blog.test";

function post(id: number, title: string, extra: Partial<Post> = {}): Post {
  return { id, dir: `/p/${id}`, bodyPath: `/p/${id}/post.html`, format: "html", bodySize: 0, title, time: 1_700_000_000 + id, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false, ...extra };
}
const page = (id: number, title: string, extra: Partial<Post> = {}): Post => post(id, title, { page: true, ...extra });

function scheme(posts: Post[], permalink?: string): UrlScheme {
  const compiled = permalink === undefined ? undefined : compilePermalink(permalink);
  const config = { baseUrl: BASE, ...(compiled && "pattern" in compiled && { permalink: compiled.pattern }) };
  return urlSchemeFor(config, new SiteIndex(posts));
}

const NO_QUERY = parseQuery("") as QueryParams;
const storyUrl = (s: UrlScheme, id: number, format: "html" | "atom" | "rss2" = "html"): string => s.format({ kind: "story", format, id, preview: undefined });

const SITE = [
  page(2, "About"),
  page(3, "The team", { parent: 2 }),
  page(4, "Café", { parent: 3, slug: "café" }),
  page(5, "Loop A", { parent: 6 }),
  page(6, "Loop B", { parent: 5 }),
  page(7, "Orphan", { parent: 99 }),
  page(8, "About"),
  post(10, "Hello world"),
];

describe("page paths", () => {
  for (const permalink of [undefined, "/%year%/%monthnum%/%postname%/", "/%postname%/"]) {
    describe(`under ${permalink ?? "query URLs"}`, () => {
      const s = scheme(SITE, permalink);

      it("puts a page at its parents' slugs, percent-encoded in links and decoded in requests", () => {
        assert.equal(storyUrl(s, 2), `${BASE}/about/`);
        assert.equal(storyUrl(s, 3), `${BASE}/about/the-team/`);
        assert.equal(storyUrl(s, 4), `${BASE}/about/the-team/caf%c3%a9/`);
        assert.deepEqual(s.parse("/about/the-team/café/", NO_QUERY), { kind: "story", format: "html", id: 4, preview: undefined });
        assert.deepEqual(s.parse("/about/the-team", NO_QUERY), { kind: "redirect", to: { kind: "story", format: "html", id: 3, preview: undefined } });
      });

      it("gives a page comment feeds under its path", () => {
        assert.equal(storyUrl(s, 2, "atom"), `${BASE}/about/feed/atom/`);
        assert.deepEqual(s.parse("/about/feed/", NO_QUERY), { kind: "story", format: "rss2", id: 2, preview: undefined });
      });

      it("puts an orphan at the top, and leaves pages whose parents loop, or whose path an older page has, at their query URL", () => {
        assert.equal(storyUrl(s, 7), `${BASE}/orphan/`);
        for (const id of [5, 6, 8]) assert.match(storyUrl(s, id), new RegExp(`\\?p=${id}$`));
      });

      it("never gives a post a page's path", () => {
        assert.doesNotMatch(storyUrl(s, 10), /\/about\//);
      });
    });
  }

  it("sends /?page_id=ID of a page to its path under a permalink", () => {
    const s = scheme(SITE, "/%postname%/");
    assert.deepEqual(s.parse("/", parseQuery("page_id=3") as QueryParams), { kind: "redirect", to: { kind: "story", format: "html", id: 3, preview: undefined } });
  });

  it("leaves a page's path to a post that has it under /%postname%/", () => {
    const s = scheme([page(2, "About"), post(10, "About")], "/%postname%/");
    assert.equal(storyUrl(s, 10), `${BASE}/about/`);
    assert.match(storyUrl(s, 2), /\?p=2$/);
  });
});
