import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import type { HLJSApi, LanguageFn } from "highlight.js";
import { highlightCode, LANGUAGE_ALIASES } from "./highlight-code.js";

// This file runs in a process of its own, so highlightCode starts with no grammar loaded.

const require = createRequire(import.meta.url);

/** A separate highlight.js with every curated grammar registered up front. */
function everyGrammar(): HLJSApi {
  const hljs = (require("highlight.js/lib/core") as HLJSApi).newInstance();
  for (const name of Object.keys(LANGUAGE_ALIASES)) hljs.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
  return hljs;
}

/** Snippets that use the grammars embedded in others first. */
const SAMPLES: ReadonlyArray<[string, string]> = [
  ["html", '<style>p { color: red; }</style>\n<script>let x = "<b>" + 1;</script>\n<p class="a">x &amp; y</p>\n'],
  ["md", "# Title\n\n<div align=\"center\">*hi*</div>\n\n```js\nlet a = 1;\n```\n"],
  ["dockerfile", "FROM debian:12\nRUN apt-get update && echo \"$HOME\" | grep -v x\n"],
  ["console", "$ ls -la | grep foo\nfoo.txt\n$ echo $((1 + 2))\n"],
  ["yaml", "a: <%= ENV['HOME'] %>\nb: [1, 2]\n"],
  ["ts", "const x: Array<number> = [1];\nconst t = html`<p>${x}</p>`;\nconst s = css`p { color: red; }`;\n"],
  ["js", "const el = <div className=\"a\">{1 + 2}</div>;\n"],
  ["php", "<?php echo $x; ?>\n<p>html</p>\n"],
  ["c", "int main(void) { return 0; }\n"],
  ["python", "def f(x):\n    return f\"{x!r}\"\n"],
];

describe("highlight.js grammars loaded on demand", () => {
  it("highlight exactly as with every grammar loaded, embedded languages included", () => {
    const full = everyGrammar();
    for (const [language, code] of SAMPLES) {
      const expected = full.highlight(code, { language, ignoreIllegals: true }).value;
      assert.equal(highlightCode(code, language).html, expected, language);
    }
  });

  it("know every alias highlight.js gives the curated grammars", () => {
    const full = everyGrammar();
    for (const [name, aliases] of Object.entries(LANGUAGE_ALIASES)) {
      assert.deepEqual(aliases, (full.getLanguage(name)?.aliases ?? []).map((a) => a.toLowerCase()), name);
    }
  });
});
