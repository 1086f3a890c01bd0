/**
 * Every example of the CommonMark spec (0.31.2, from the commonmark-spec
 * package) through the Markdown format with its default settings. Output is
 * compared after the normalization the spec's own runner applies (`<br />`
 * and `<br>` are the same, white space at the edges of block tags does not
 * count), plus two of ours: the `id` blahg gives every heading, and the
 * highlighting spans in code blocks with a language.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { formatById } from "../src/markup/formats.js";

interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const spec = createRequire(import.meta.url)("commonmark-spec") as { tests: SpecExample[]; version: string };

const BLOCK_TAGS = "address|article|aside|blockquote|body|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|li|main|menu|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul";

function normalizeHtml(html: string): string {
  return html
    .replace(/<(h[1-6]) id="[^"]*">/g, "<$1>")
    .replace(/<(pre|table) tabindex="0">/g, "<$1>")
    .replace(/<pre><code[^>]*>[\s\S]*?<\/code><\/pre>/g, (block) => block.replace(/<span class="hljs-[^"]*">|<\/span>/g, ""))
    .replace(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s>]+)*?)\s*\/>/g, "<$1$2>")
    .replace(new RegExp(`(<(?:${BLOCK_TAGS})(?:\\s[^>]*)?>)\\s+`, "g"), "$1")
    .replace(new RegExp(`\\s+(</(?:${BLOCK_TAGS})>)`, "g"), "$1")
    .replace(new RegExp(`(</(?:${BLOCK_TAGS})>)\\s+`, "g"), "$1");
}

// The spec writes tabs as → in its examples.
const tabs = (s: string): string => s.replace(/→/g, "\t");

const markdown = formatById("markdown");
const sections = new Map<string, SpecExample[]>();
for (const example of spec.tests) {
  const list = sections.get(example.section) ?? [];
  list.push(example);
  sections.set(example.section, list);
}

describe(`the CommonMark spec examples (${spec.tests.length} of them)`, () => {
  it("are all there", () => {
    assert.ok(spec.tests.length >= 652, `only ${spec.tests.length} examples`);
  });
  for (const [section, examples] of sections) {
    describe(section, () => {
      for (const example of examples) {
        it(`example ${example.number} renders as the spec says`, () => {
          const result = markdown.render(tabs(example.markdown), {}, { html: true, text: false });
          assert.ok(result.ok);
          assert.equal(normalizeHtml(result.html!), normalizeHtml(tabs(example.html)), JSON.stringify(example.markdown));
        });
      }
    });
  }
});
