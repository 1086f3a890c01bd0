/**
 * The real server on port 0, talked to over HTTP: blahgd's URL table
 * (spec 4.8) and what blahg fixes, status codes, headers, validators,
 * compression, feeds and escaping.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import type { RunningBlog } from "../src/server/start-blog.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

let blog: RunningBlog;
before(async () => {
  blog = await startTestBlog();
});
after(() => blog.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await rawRequest(blog.url + path, { headers });
  return { ...response, text: response.body.toString("utf8") };
}

describe("blahgd's URLs (spec 4.8) and blahg's fixes", () => {
  const statuses: Array<[string, number, RegExp?]> = [
    ["/", 200, /March post/],
    ["/?p=99", 404, /<title>[^<]*not found/i],
    ["/?p=abc", 404],
    ["/?p=", 404],
    ["/?p", 404],
    ["/?p=-1", 404],
    ["/?p=1x", 404],
    ["/?p=%2B1", 200, /New Year/],
    ["/?p=%201", 200, /New Year/],
    ["/?p=1&p=2", 200, /January/],
    ["/?p=%zz", 200, /March post/],
    ["/?admin=1&p=1", 200, /New Year/],
    ["/?m=201513", 404],
    ["/?m=abc", 404],
    ["/?paged=5", 404],
    ["/?paged=1", 200, /New Year/],
    ["/?paged=-1", 404],
    ["/?paged=abc", 404],
    ["/?feed", 404, /Atom/],
    ["/?feed=xml", 404],
    ["/?feed=json", 200, /"version": "https:\/\/jsonfeed\.org\/version\/1\.1"/],
    ["/?p=1&feed=json", 404],
    ["/?m=201512&feed=atom", 404],
    ["/?tag", 404],
    ["/?tag=", 200],
    ["/?tag=nope", 200],
    ["/?p&paged=1", 404],
    ["/index.html", 404],
    ["/STYLE.css", 404],
    ["/style.css?feed=atom", 404],
  ];
  for (const [path, status, body] of statuses) {
    it(`answers ${path} with ${status}`, async () => {
      const response = await get(path);
      assert.equal(response.status, status);
      if (body) assert.match(response.text, body);
    });
  }

  it("closes no connection on ?p=1=2 but answers 400", async () => {
    assert.equal((await get("/?p=1=2")).status, 400);
  });
  it("redirects a known category with 301 to its tag, URL-encoded", async () => {
    const response = await get("/?cat=wp+cat");
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, "http://blog.test/?tag=a%26b+%22q%22+%3Cx%3E");
    assert.equal((await get("/?cat=unknown")).status, 404);
  });
  it("shows December's posts only in the December archive (blahgd added January)", async () => {
    const december = await get("/?m=202312");
    assert.match(december.text, /New Year/);
    assert.doesNotMatch(december.text, /Second post/);
  });
  it("pages within the archive's month, not the whole blog", async () => {
    const january = await get("/?m=202401");
    assert.match(january.text, /Second post/);
    assert.equal((await get("/?m=202401&paged=1")).status, 404);
  });
  it("shows an older-posts link only when older posts exist", async () => {
    const first = await get("/");
    assert.match(first.text, /\?paged=1/);
    const last = await get("/?paged=1");
    assert.equal(last.status, 200);
    assert.doesNotMatch(last.text, /\?paged=2/);
    assert.equal((await get("/?paged=2")).status, 404);
  });
  it("keeps unlisted posts out of listings but serves them by id", async () => {
    const listed = [await get("/"), await get("/?paged=1")].map((r) => r.text).join("");
    assert.doesNotMatch(listed, /Only reachable by its id/);
    assert.equal((await get("/?p=3")).status, 200);
  });
  it("takes a post with a broken body off the site", async () => {
    assert.equal((await get("/?p=5")).status, 404);
  });
  it("shows only moderated comments, sanitized, with the author's http link only", async () => {
    const story = await get("/?p=1");
    assert.match(story.text, /Plain text comment/);
    assert.doesNotMatch(story.text, /not approved/);
    assert.doesNotMatch(story.text, /<script>alert/);
    assert.doesNotMatch(story.text, /onclick/);
    assert.doesNotMatch(story.text, /javascript:/);
    assert.match(story.text, /href="https:\/\/ann\.example\/" rel="[^"]*nofollow[^"]*"/);
  });
  it("previews a post that has only a post.tex with the configured secret, and only then", async () => {
    const preview = await get("/?p=6&preview=let-me-preview-0123456789");
    assert.equal(preview.status, 200);
    assert.match(preview.text, /A draft/);
    assert.equal((await get("/?p=6&preview=wrong")).status, 404);
    assert.equal((await get("/?p=6&preview=6533")).status, 404);
  });
});

describe("HTTP behaviour", () => {
  it("says the charset of every text type", async () => {
    for (const [path, type] of [["/", "text/html; charset=utf-8"], ["/?feed=atom", "application/atom+xml; charset=utf-8"], ["/?feed=rss2", "application/rss+xml; charset=utf-8"], ["/style.css", "text/css; charset=utf-8"]]) {
      assert.equal((await get(path!)).headers["content-type"], type);
    }
  });
  it("answers HEAD with the headers of GET and no body", async () => {
    const head = await rawRequest(blog.url + "/?p=1", { method: "HEAD" });
    const full = await get("/?p=1");
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers["content-length"], String(full.body.length));
    assert.equal(head.headers.etag, full.headers.etag);
  });
  it("gives strong ETags and Last-Modified, and 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const first = await get("/?feed=atom");
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[^"]+"$/);
    assert.equal((await get("/?feed=atom", { "If-None-Match": etag })).status, 304);
    assert.equal((await get("/?feed=atom", { "If-None-Match": '"other"' })).status, 200);
    assert.equal((await get("/?feed=atom", { "If-Modified-Since": String(first.headers["last-modified"]) })).status, 304);
    assert.equal((await get("/style.css", { "If-None-Match": String((await get("/style.css")).headers.etag) })).status, 304);
  });
  it("compresses with brotli or gzip as the client asks, and says it varies", async () => {
    const plain = await get("/");
    const br = await get("/", { "Accept-Encoding": "gzip, br" });
    assert.equal(br.headers["content-encoding"], "br");
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    const gzip = await get("/", { "Accept-Encoding": "gzip" });
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gzip.body), plain.body);
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.headers.vary, "Accept-Encoding");
  });
  it("does not render a page again when nothing changed", async () => {
    const a = await get("/?tag=math");
    const b = await get("/?tag=math");
    assert.equal(a.headers.etag, b.headers.etag);
    assert.equal(a.headers["last-modified"], b.headers["last-modified"]);
  });
  it("refuses other methods with 405 and POSTs to pages with 405", async () => {
    assert.equal((await rawRequest(blog.url + "/", { method: "PUT" })).status, 405);
    assert.equal((await rawRequest(blog.url + "/?p=1", { method: "POST", body: "x" })).status, 405);
  });
  it("serves no file outside the web directory and no hidden file", async () => {
    for (const path of ["/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json", "/.hidden", "/%00"]) {
      assert.equal((await get(path)).status, 404, path);
    }
  });
  it("never answers 5xx to odd query strings", async () => {
    for (const query of ["p=%ff", "tag=%00", "m=99999999999999999999999", "paged=1e3", "feed=atom&tag=%e9", "p=1&preview", "cat=%zz", "a=b=c&p=1"]) {
      assert.ok((await get("/?" + query)).status < 500, query);
    }
  });
});

describe("feeds", () => {
  for (const path of ["/?feed=atom", "/?feed=rss2", "/?p=1&feed=atom", "/?p=1&feed=rss2", "/?tag=linux&feed=atom", "/?tag=linux&feed=rss2", "/?feed=atom&paged=1", "/?p=4&feed=atom"]) {
    it(`${path} is well-formed XML`, async () => {
      const response = await get(path);
      assert.equal(response.status, 200);
      assert.deepEqual(xmlProblems(response.text), []);
    });
  }
  it("has the site's posts, newest first, with their permalinks as ids", async () => {
    const atom = (await get("/?feed=atom")).text;
    const ids = [...atom.matchAll(/<id>(http:\/\/blog\.test\/\?p=\d+)<\/id>/g)].map((m) => m[1]);
    assert.deepEqual(ids, ["http://blog.test/?p=7", "http://blog.test/?p=4", "http://blog.test/?p=2"]);
  });
  it("has a post's comments in its comment feed", async () => {
    const atom = (await get("/?p=1&feed=atom")).text;
    assert.match(atom, /\?p=1#comment-1/);
    assert.match(atom, /\?p=1#comment-2/);
    assert.doesNotMatch(atom, /#comment-3/);
  });
});

describe("escaping", () => {
  it("never lets a title, tag or author out of its text in any page or feed", async () => {
    for (const path of ["/", "/?p=2", "/?p=1", "/?tag=a%26b+%22q%22+%3Cx%3E", "/?tag=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/?tag=%22%3E%3Cscript%3E&paged=0", "/?feed=atom", "/?feed=rss2", "/?p=1&feed=atom", "/?p=2&feed=rss2"]) {
      const text = (await get(path)).text;
      assert.doesNotMatch(text, /<script>alert/i, path);
      assert.doesNotMatch(text, /<x>/, path);
      assert.doesNotMatch(text, /<b>"/, path);
      assert.doesNotMatch(text, /Ann <b>/, path);
    }
  });
});

describe("with (markup . \"blahgd\")", () => {
  it("serves bodies byte for byte as blahgd wrote them", async () => {
    const exact = await startTestBlog({ configure: (c) => (c.markup = "blahgd") });
    try {
      const page = (await rawRequest(exact.url + "/?p=1")).body.toString("utf8");
      assert.ok(page.includes("<p>The last post of the year, with a &ldquo;quote&rdquo;, a <strong>bold</strong> word and <math><msup><mrow><mi>a</mi></mrow><mrow><mn>2</mn></mrow></msup></math>.</p>\n<p></p><ul> <li>one</li> <li>two</li> </ul><p> </p>\n"));
    } finally {
      await exact.close();
    }
  });
});
