import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { HLJSApi, LanguageFn } from "highlight.js";
import { generateTypicalPosts } from "../../../bench/typical-corpus.js";
import { generateHugoPosts } from "../../../bench/hugo-corpus.js";
import { highlightCode, LANGUAGE_ALIASES } from "./highlight-code.js";
import { HtmlEmitter, type Emitter } from "./html-emitter.js";

const require = createRequire(import.meta.url);

/** highlight.js as it comes (its own TokenTreeEmitter), every curated grammar registered. */
const stock = (require("highlight.js/lib/core") as HLJSApi).newInstance();
for (const name of Object.keys(LANGUAGE_ALIASES)) stock.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
const expected = (code: string, language: string): string => stock.highlight(code, { language, ignoreIllegals: true }).value;

type EmitterClass = new (options: { classPrefix: string }) => Emitter;
const TokenTreeEmitter = (stock.highlight("x", { language: "c" }) as unknown as { _emitter: object })._emitter.constructor as EmitterClass;

/** One call on an emitter; a sub-language is an emitter driven by operations of its own. */
type Operation =
  | { op: "text"; text: string }
  | { op: "start"; scope: string }
  | { op: "end" }
  | { op: "open"; scope: string | undefined }
  | { op: "close" }
  | { op: "sub"; name: string | undefined; finalize: boolean; ops: Operation[] };

function drive(Class: EmitterClass, ops: readonly Operation[]): Emitter {
  const emitter = new Class({ classPrefix: "hljs-" });
  for (const o of ops) {
    if (o.op === "text") emitter.addText(o.text);
    else if (o.op === "start") emitter.startScope(o.scope);
    else if (o.op === "end") emitter.endScope();
    else if (o.op === "open") emitter.openNode(o.scope);
    else if (o.op === "close") emitter.closeNode();
    else {
      const sub = drive(Class, o.ops);
      if (o.finalize) sub.finalize();
      emitter.__addSublanguage(sub, o.name);
    }
  }
  return emitter;
}

const SCOPES = ["keyword", "string", "title.function", "title.class.inherited", "meta", "language:css", "", "a.b.c.d", "built_in"];
const TEXTS = ["", "x", " ", "<", ">", "&", '"', "'", "&amp;", "a<b>&\"c'", "\n", "😀", "\uD800", "plain text"];
const operation: fc.Arbitrary<Operation> = fc.letrec<{ op: Operation; ops: Operation[] }>((tie) => ({
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ op: fc.constant("text" as const), text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: "binary", maxLength: 8 })) }),
    fc.record({ op: fc.constant("start" as const), scope: fc.constantFrom(...SCOPES) }),
    fc.record({ op: fc.constant("end" as const) }),
    fc.record({ op: fc.constant("open" as const), scope: fc.constantFrom(...SCOPES, undefined) }),
    fc.record({ op: fc.constant("close" as const) }),
    fc.record({ op: fc.constant("sub" as const), name: fc.constantFrom("css", "javascript", "", undefined), finalize: fc.boolean(), ops: tie("ops") as fc.Arbitrary<Operation[]> }),
  ),
  ops: fc.array(tie("op") as fc.Arbitrary<Operation>, { maxLength: 12 }),
})).op;

/** Fragments of code in many languages, to be strung together at random. */
const FRAGMENTS = [
  "int ", "return ", "def ", "func ", "fn ", "let ", "const ", "class ", "if (", ") {", "}", "(", ")", "[", "]", ";", ":", ":=", "=>", "->", "::",
  "\"str\"", "'c'", "`tpl ${x}`", "\"\"\"doc\"\"\"", "/* c */", "/*", "*/", "// line", "# hash", "-- dash", "; semi", "<!-- x -->", "\n", "\n    ", "\t",
  "<p class=\"a\">", "</p>", "<script>", "</script>", "<style>", "</style>", "<?php ", "?>", "<%= ", "%>", "$x", "${y}", "$(z)", "@dec", "#include <a.h>",
  "0x1F", "3.14e-2", "42", "1_000", "true", "null", "nil", "None", "self", "&", "<", ">", "&&", "||", "é", "😀", "\uD800", "\\", "\\n", "x", "foo_bar",
  "FROM debian", "RUN ", "SELECT * FROM t WHERE a = 'b'", "---", "key: value", "[section]", "\\begin{x}", "$$", "(defun f (x) x)", "```js\n", "```\n", "| a |",
];
const code = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 60 }),
);

describe("highlight.js's HTML written as the scanner goes", () => {
  it("is what highlight.js's own tree emitter writes for any sequence of calls", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), fc.boolean(), (ops, finalize) => {
        const tree = drive(TokenTreeEmitter, ops);
        const mine = drive(HtmlEmitter, ops);
        if (finalize) assert.equal(mine.finalize(), tree.finalize());
        assert.equal(mine.toHTML(), tree.toHTML());
      }),
      { numRuns: 5_000 },
    );
  });

  it("highlights generated and hostile code in every curated language as highlight.js does", () => {
    const languages = Object.keys(LANGUAGE_ALIASES);
    fc.assert(
      fc.property(fc.constantFrom(...languages), code, (language, source) => {
        assert.equal(highlightCode(source, language).html, expected(source, language));
      }),
      { numRuns: 5_000 },
    );
  });

  it("highlights the code blocks of the typical and Hugo corpora as highlight.js does", () => {
    const fence = /^```(\w+)\n([\s\S]*?)\n```$/gm;
    const bodies = [...[...generateTypicalPosts(300, 4)].map((p) => p.markdown), ...[...generateHugoPosts({ posts: 200, seed: 2 })].map((p) => String(p.files[0]!.content))];
    let blocks = 0;
    for (const body of bodies) {
      for (const [, language, source] of body.matchAll(fence)) {
        assert.equal(highlightCode(source!, language).html, expected(source!, highlightCode(source!, language).language ?? "plaintext"), language);
        blocks++;
      }
    }
    assert.ok(blocks > 100);
  });

  it("gives a listing highlighted before the same result, not a shared one", () => {
    const first = highlightCode("let x = 1;\n", "js");
    const second = highlightCode("let x = 1;\n", "js");
    assert.deepEqual(second, first);
    first.html = "changed";
    assert.equal(highlightCode("let x = 1;\n", "js").html, expected("let x = 1;\n", "javascript"));
  });

  it("remembers a listing with its language: the same code in another language is highlighted in that one", () => {
    const source = "let x = 1; // one\n";
    for (const language of ["javascript", "rust", "javascript", "typescript", "rust"]) {
      assert.equal(highlightCode(source, language).html, expected(source, language), language);
    }
  });

  it("stays right past its budget, older listings forgotten and highlighted again", () => {
    const sources = Array.from({ length: 3_000 }, (_, i) => `x${i} = "${"y".repeat(200)}" # ${i}\n`);
    for (const source of sources) highlightCode(source, "python");
    for (const source of [sources[0]!, sources[2_999]!, sources[1_500]!]) assert.equal(highlightCode(source, "python").html, expected(source, "python"));
  });
});
