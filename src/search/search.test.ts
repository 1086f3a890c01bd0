import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from "./query.js";
import { SearchIndex, type SearchDocument } from "./search-index.js";
import { snippetHtml } from "./snippet.js";
import { terms, tokenize } from "./tokenize.js";

function doc(title: string, body: string, tags: string[] = [], time = 0): SearchDocument {
  return { title, tags, body, time };
}

function ids(index: SearchIndex, query: string, offset = 0, limit = 100): number[] {
  return index.search(parseSearchQuery(query), offset, limit).hits.map((h) => h.id);
}

describe("the search tokenizer", () => {
  it("splits on anything that is not a letter or digit, and lower-cases", () => {
    assert.deepEqual(terms("Lock-free, wait-free: C11 atomics!"), ["lock", "free", "wait", "free", "c11", "atomic"]);
  });

  it("folds accents, compatibility forms and ß, so any spelling finds the word", () => {
    assert.deepEqual(terms("Café CAFE café ＡＢＣ Straße naïve"), ["cafe", "cafe", "cafe", "abc", "strasse", "naive"]);
  });

  it("cuts English plurals only (queues, libraries, boxes) and keeps -ss and -us", () => {
    assert.deepEqual(terms("queues libraries boxes class status bus is"), ["queue", "library", "boxe", "class", "status", "bus", "is"]);
  });

  it("joins a word around an apostrophe", () => {
    assert.deepEqual(terms("don't it’s"), ["dont", "its"]);
  });

  it("gives one term per character of Han and kana, and keeps the other scripts' words whole", () => {
    assert.deepEqual(terms("東京タワー Ελλάδα Привет"), ["東", "京", "タ", "ワ", "ー", "ελλαδα", "привет"]);
  });

  it("remembers where each word is in the original text", () => {
    const text = "«Über» <b>x</b>";
    for (const token of tokenize(text)) assert.ok(["Über", "b", "x"].includes(text.slice(token.start, token.end)));
  });
});

describe("search queries", () => {
  it("reads words and quoted phrases", () => {
    const q = parseSearchQuery('fast "lock free queue" c');
    assert.deepEqual(q.groups.map((g) => [g.terms, g.phrase]), [[["fast"], false], [["lock", "free", "queue"], true], [["c"], false]]);
  });

  it("makes stop words optional when there are other words, and required when there are not", () => {
    assert.deepEqual(parseSearchQuery("the queue").groups.map((g) => g.required), [false, true]);
    assert.deepEqual(parseSearchQuery("the of").groups.map((g) => g.required), [true, true]);
  });

  it("treats an unclosed quote as a phrase to the end, and a lone quote as nothing", () => {
    assert.equal(parseSearchQuery('a "b c').groups[1]!.phrase, true);
    assert.deepEqual(parseSearchQuery('"').groups, []);
  });

  it("caps the text and the number of terms, and says so", () => {
    const long = parseSearchQuery("x".repeat(1000));
    assert.equal(long.truncated, true);
    assert.equal(long.text.length, MAX_QUERY_LENGTH);
    const many = parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "));
    assert.equal(many.tooManyTerms, true);
    assert.equal(many.groups.length, MAX_QUERY_TERMS);
  });

  it("parses any string quickly into at most the capped number of terms", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: "grapheme" }), (s) => {
        const q = parseSearchQuery(s);
        assert.ok(q.groups.reduce((n, g) => n + g.terms.length, 0) <= MAX_QUERY_TERMS);
        assert.ok([...q.text].length <= MAX_QUERY_LENGTH);
      }),
    );
  });
});

describe("the search index", () => {
  it("ranks a post with the words in its title above posts with them only in the body", () => {
    const index = new SearchIndex();
    index.add(1, doc("Cooking notes", "a lock free queue, and then a lock free queue again, lock free queue"));
    index.add(2, doc("A lock free queue", "some text about it"));
    index.add(3, doc("Other", "queue lock free things"));
    assert.deepEqual(ids(index, "lock free queue"), [2, 1, 3]);
  });

  it("ranks a tag match above a body match", () => {
    const index = new SearchIndex();
    index.add(1, doc("One", "zfs zfs zfs zfs"));
    index.add(2, doc("Two", "about zfs", ["zfs"]));
    assert.deepEqual(ids(index, "zfs"), [2, 1]);
  });

  it("requires every word (AND)", () => {
    const index = new SearchIndex();
    index.add(1, doc("alpha", "beta"));
    index.add(2, doc("alpha", "gamma"));
    assert.deepEqual(ids(index, "alpha beta"), [1]);
    assert.deepEqual(ids(index, "alpha delta"), []);
  });

  it("matches quoted phrases only as written, and not across title and body", () => {
    const index = new SearchIndex();
    index.add(1, doc("x", "the queue is lock free"));
    index.add(2, doc("x", "a lock free queue"));
    index.add(3, doc("lock free", "queue"));
    assert.deepEqual(ids(index, '"lock free queue"'), [2]);
    assert.deepEqual(ids(index, "lock free queue").sort(), [1, 2, 3]);
  });

  it("orders equal scores newest first", () => {
    const index = new SearchIndex();
    index.add(1, doc("a", "word", [], 100));
    index.add(2, doc("a", "word", [], 300));
    index.add(3, doc("a", "word", [], 200));
    assert.deepEqual(ids(index, "word"), [2, 3, 1]);
  });

  it("updates and removes documents, and stays right after compacting", () => {
    const index = new SearchIndex();
    for (let id = 0; id < 300; id++) index.add(id, doc(`post ${id}`, id % 2 === 0 ? "even words" : "odd words"));
    index.add(1, doc("post 1", "now even"));
    for (let id = 100; id < 300; id++) index.remove(id);
    assert.equal(index.size, 100);
    const even = ids(index, "even", 0, 1000).sort((a, b) => a - b);
    assert.deepEqual(even, [...Array.from({ length: 50 }, (_, i) => i * 2), 1].sort((a, b) => a - b));
    assert.deepEqual(ids(index, "odd", 0, 1000).length, 49);
    assert.deepEqual(ids(index, '"post 250"'), []);
    assert.deepEqual(ids(index, '"post 42"'), [42]);
  });

  it("pages through the results and counts them all", () => {
    const index = new SearchIndex();
    for (let id = 0; id < 25; id++) index.add(id, doc("t", "common", [], id));
    const page = index.search(parseSearchQuery("common"), 20, 10);
    assert.equal(page.total, 25);
    assert.deepEqual(page.hits.map((h) => h.id), [4, 3, 2, 1, 0]);
  });

  it("answers pathological queries (thousands of terms, a lone quote, only stop words) with no error", () => {
    const index = new SearchIndex();
    for (let id = 0; id < 200; id++) index.add(id, doc("the of and", "the a of and to in is it that for on with as was be by this are or"));
    assert.equal(index.search(parseSearchQuery(Array.from({ length: 5000 }, (_, i) => `t${i}`).join(" "))).total, 0);
    assert.equal(index.search(parseSearchQuery('"')).total, 0);
    assert.equal(index.search(parseSearchQuery("the a of and to in is it that for on with as was be by this")).total, 200);
    assert.equal(index.search(parseSearchQuery('"' + "the ".repeat(100))).total, 0);
  });

  it("finds whatever any document says, for any text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 8 }), fc.nat(), (bodies, pick) => {
        const index = new SearchIndex();
        bodies.forEach((body, id) => index.add(id, doc("", body)));
        const chosen = pick % bodies.length;
        const words = terms(bodies[chosen]!).slice(0, 4);
        if (words.length === 0) return;
        assert.ok(ids(index, `"${words.join(" ")}"`, 0, 100).includes(chosen));
      }),
    );
  });
});

describe("search snippets", () => {
  const query = (q: string) => parseSearchQuery(q);

  it("marks the matched words and escapes everything else, the query's markup included", () => {
    const html = snippetHtml("Do not run <script>alert(1)</script> here & there", query("<b>script</b> here"));
    assert.equal(html, "Do not run &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>here</mark> &amp; there");
    assert.doesNotMatch(html, /<(?!\/?mark>)/);
  });

  it("starts near the first match of a long text, with ellipses where it was cut", () => {
    const text = `${"filler ".repeat(100)}the lock free queue ${"more ".repeat(100)}`;
    const html = snippetHtml(text, query('"lock free queue"'));
    assert.match(html, /^… (filler )+the <mark>lock<\/mark> <mark>free<\/mark> <mark>queue<\/mark> (more )+…$/);
    assert.ok(html.length < 400);
  });

  it("shows the start of the text when the match is in the title only", () => {
    assert.equal(snippetHtml("Short body.", query("title")), "Short body.");
  });

  it("never lets a body's markup through, whatever the text and query", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (text, q) => {
        const html = snippetHtml(text, query(q));
        assert.doesNotMatch(html.replaceAll("<mark>", "").replaceAll("</mark>", ""), /[<>"]/);
      }),
    );
  });
});
