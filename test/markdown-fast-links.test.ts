import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import fc from "fast-check";
import type markdownItType from "markdown-it";
import { installFastLinks, isUnchangedByNormalizing } from "../src/markup/markdown/fast-links.js";
import { generateTypicalPosts } from "../bench/typical-corpus.js";

const require = createRequire(import.meta.url);
const markdownIt = require("markdown-it") as typeof markdownItType;
const spec = require("commonmark-spec") as { tests: Array<{ markdown: string }> };

const stock = new markdownIt("default", { html: true, linkify: true });
const fast = new markdownIt("default", { html: true, linkify: true });
const installed = installFastLinks(fast);

/** Both normalizers, fast and stock, agree on `url`. */
function assertSame(url: string): void {
  assert.equal(fast.normalizeLink(url), stock.normalizeLink(url), `normalizeLink(${JSON.stringify(url)})`);
  assert.equal(fast.normalizeLinkText(url), stock.normalizeLinkText(url), `normalizeLinkText(${JSON.stringify(url)})`);
}

/** Pieces of URLs chosen to hit every branch of mdurl's parser, punycode and the encoders. */
const SCHEMES = ["", "", "http://", "https://", "http:", "https:", "HTTP://", "Https://", "mailto:", "ftp://", "file://", "javascript:", "data:", "xn:", "a+b.c:", "//", "///", "http:///", "http:\\\\"];
const HOSTS = [
  "example.org", "www.example.org", "EXAMPLE.org", "a", "a-b.c", "-a.b", "a..b", "a.", ".a", "localhost", "127.0.0.1", "xn--bcher-kva.de", "XN--bcher-kva.de", "xn--a", "bücher.de",
  "例え.テスト", "a\u3002b", "a\uFF0Eb", "mañana.com", "😀.com", "a_b.com", "a+b.com", "[::1]", "[fe80::1%25eth0]", "::1", "a:b:80", "a::", "a:", "a:80", "a:080", "a:8x",
  "l".repeat(63) + ".com", "l".repeat(64) + ".com", ("a".repeat(60) + ".").repeat(5) + "com", "user@host", "u:p@host", "a@b@c", "us%65r@host", "\uD800.com", "a\uDC00b.org",
];
const PIECES = [
  "/", "//", "?", "#", "&", "=", ";", ":", "@", "%", "%4", "%41", "%zz", "%E2%82%AC", "%25", "[", "]", "'", '"', "<", ">", "`", "{", "}", "|", "\\", "^", " ", "\t", "\n", "\r",
  "~", "(", ")", "*", "!", "$", ",", "+", ".", "..", "-", "_", "a", "Z", "9", "é", "€", "😀", "\uD800", "\uDC00", "\uDBFF\uDFFF", "\u0000", "\u007F", "\u00A0", "\uFEFF", "\u3002", "xn--", "p=1",
];

const url = fc.oneof(
  // A scheme, host and port, then a path, query and fragment of hostile pieces.
  fc
    .tuple(fc.constantFrom(...SCHEMES), fc.constantFrom(...HOSTS), fc.constantFrom("", "", ":", ":80", ":abc", ":8080"), fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }))
    .map(([scheme, host, port, rest]) => scheme + host + port + rest.join("")),
  // Pieces alone, in any order (relative links and oddities).
  fc.array(fc.constantFrom(...PIECES, ...SCHEMES, ...HOSTS), { maxLength: 10 }).map((parts) => parts.join("")),
  // Any text at all, lone surrogates included.
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "binary-ascii", maxLength: 40 }),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
);

describe("markdown-it's link normalizers made faster", () => {
  it("are installed over the markdown-it they were written for", () => {
    assert.equal(installed, true);
  });

  it("take the fast path for the common destinations and give them back unchanged", () => {
    for (const common of ["https://www.example.org/word/word.html", "http://a.example.net/", "https://example.org:8080/a?b=c&d=e#f", "/?p=123", "photo.png", "#fn-1", "../x/y%20z.html", ""]) {
      assert.equal(isUnchangedByNormalizing(common, true), true, common);
      assert.equal(stock.normalizeLink(common), common);
    }
    assert.equal(isUnchangedByNormalizing("https://example.org/%41", false), false);
    assert.equal(isUnchangedByNormalizing("https://bücher.de/", true), false);
    assert.equal(isUnchangedByNormalizing("mailto:a@example.org", true), false);
  });

  it("give what markdown-it's own give for generated and hostile URLs", () => {
    fc.assert(fc.property(url, (u) => assertSame(u)), { numRuns: 20_000 });
  });

  it("give what markdown-it's own give for every link of the CommonMark spec and typical posts", () => {
    const seen: string[] = [];
    const spy = new markdownIt("default", { html: true, linkify: true });
    spy.normalizeLink = (u) => (seen.push(u), u);
    spy.normalizeLinkText = (u) => (seen.push(u), u);
    for (const t of spec.tests) spy.parse(t.markdown, {});
    for (const p of generateTypicalPosts(100, 5)) spy.parse(p.markdown, {});
    assert.ok(seen.length > 500);
    for (const u of seen) assertSame(u);
  });

  it("render the same HTML as markdown-it's own on the CommonMark spec", () => {
    for (const t of spec.tests) assert.equal(fast.render(t.markdown), stock.render(t.markdown), t.markdown);
  });
});
