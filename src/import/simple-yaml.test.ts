import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isMap, parseDocument, stringify } from "yaml";
import { readSimpleYaml, writeSimpleYaml } from "./simple-yaml.js";

/** Pieces of text that YAML treats specially somewhere, and ordinary ones. */
const PIECES = [
  "a", "Z", "word", " ", "  ", ":", ": ", "#", " #", "-", "- ", "?", "'", "''", '"', "\\", "\n", "\t", "\r", "[", "]", "{", "}", ",", "&", "*", "!",
  "|", ">", "%", "@", "`", ".", "~", "+", "=", "/", "(", ")", "_", "0", "1", "9", "e", "x", "o", "é", "€", "∑", "\u00a0", "\u2028", "\u0085",
  "\uFEFF", "😀", "\uD800", "\x01", "\x7f", "true", "False", "null", "NULL", ".inf", ".NaN", "0x1F", "0o7", "1e5", "-2", "3.", "---", "...", "<<",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 7 }).map((parts) => parts.join(""));
const KEYS = ["title", "date", "tags", "slug", "draft", "a-b", "_x", "__proto__", "True", "null", "1", "k", "x y", "<<", ""];

const options = { lineWidth: 0, blockQuote: false } as const;

function viaLibrary(yaml: string): { data: unknown } | undefined {
  const doc = parseDocument(yaml, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  if (doc.contents !== null && !isMap(doc.contents)) return undefined;
  return { data: doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 }) };
}

describe("simple front matter without the yaml library", () => {
  it("writes exactly what the yaml library writes, or leaves the map to it", () => {
    const value = fc.oneof(text, fc.boolean(), fc.array(text, { maxLength: 4 }), fc.integer());
    let written = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }), (map) => {
        const simple = writeSimpleYaml(map);
        if (simple === undefined) return;
        written++;
        assert.equal(simple, stringify(map, options));
      }),
      { numRuns: 5000 },
    );
    assert.ok(written > 100, `only ${written} maps were simple: the comparison tested little`);
  });

  it("reads exactly what the yaml library reads, or leaves the text to it", () => {
    const scalar = fc.oneof(text, text.map((t) => `"${t}"`), text.map((t) => `'${t}'`));
    const line = fc.oneof(
      fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(": ", ":", ":  ", " : ", ":\t"), scalar).map(([k, sep, v]) => `${k}${sep}${v}`),
      fc.tuple(fc.constantFrom("", " ", "  ", "    ", "\t"), fc.constantFrom("- ", "-", "-  "), scalar).map(([indent, dash, v]) => `${indent}${dash}${v}`),
      fc.constantFrom("", " ", "# note", "  more words", "---"),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, lastNewline) => {
        const yaml = lines.join("\n") + (lastNewline ? "\n" : "");
        const simple = readSimpleYaml(yaml);
        if (simple === undefined) return;
        read++;
        const library = viaLibrary(yaml);
        assert.ok(library, `the library refuses ${JSON.stringify(yaml)}`);
        assert.deepEqual(simple, library.data, JSON.stringify(yaml));
      }),
      { numRuns: 20000 },
    );
    assert.ok(read > 500, `only ${read} documents were simple: the comparison tested little`);
  });

  it("reads back every map it writes", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(text, fc.boolean(), fc.array(text, { maxLength: 4 })), { maxKeys: 6 }), (map) => {
        const simple = writeSimpleYaml(map);
        if (simple !== undefined) assert.deepEqual(readSimpleYaml(simple), { ...map });
      }),
      { numRuns: 3000 },
    );
  });

  it("takes the front matter posts usually have, so imports skip the library", () => {
    const yaml = "title: Crème brûlée, again (part 2)\ndate: 2009-01-01T07:54:00Z\ntags:\n  - c++\n  - ∑ series\n  - € prices\ndraft: true\nslug: creme-2\naliases:\n  - /old/post-1013.html\n";
    const data = readSimpleYaml(yaml);
    assert.deepEqual(data, viaLibrary(yaml)!.data);
    assert.equal(writeSimpleYaml(data!), yaml);
    assert.equal(readSimpleYaml('title: "Quoted: yes"\nsummary: \'It\'\'s\'\ntags:\n- a\n- b\n')?.title, "Quoted: yes");
  });

  it("leaves to the library what it does not handle: numbers, nulls, flow lists, comments, multi-line values, duplicates", () => {
    for (const yaml of ["weight: 5\n", "title:\n", "tags: [a, b]\n", "title: a # note\n", "title: a\n  b\n", "title: a\ntitle: b\n", "x: 'a\n", "? x\n"]) {
      assert.equal(readSimpleYaml(yaml), undefined, yaml);
    }
    for (const map of [{ title: "" }, { title: "a: b" }, { weight: 5 }, { tags: [] }, { title: "true" }, { title: "- x" }, { title: "multi\nline" }]) {
      assert.equal(writeSimpleYaml(map), undefined, JSON.stringify(map));
    }
  });
});
