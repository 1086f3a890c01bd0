/**
 * Golden tests for the fmt3 writers: every `test/fixtures/fmt3/NAME.tex` has
 * its expected output in each mode beside it (`NAME.blahgd.html`,
 * `NAME.html`, `NAME.txt`). Run with UPDATE_GOLDEN=1 to rewrite them after a
 * deliberate change, then review the diff.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalLanguage } from "../src/markup/highlight/highlight-code.js";
import { parseFmt3, writeFmt3, type Fmt3Mode, type Fmt3WriteOptions } from "../src/markup/fmt3/index.js";
import { checkHtml, visibleText, withoutMath } from "./support/html-check.js";
import { fixturesDir } from "./support/paths.js";

const dir = join(fixturesDir, "fmt3");
const update = process.env.UPDATE_GOLDEN === "1";

const EXTENSIONS: Record<Fmt3Mode, string> = { blahgd: ".blahgd.html", html: ".html", text: ".txt" };

function options(): Fmt3WriteOptions {
  return {
    urls: { base: "https://blog.example", wiki: "https://en.wikipedia.org/wiki", bug: "https://bugs.example", photo: "https://photos.example" },
    postId: 1,
    readListing(name) {
      const path = join(dir, name);
      return existsSync(path) ? { text: readFileSync(path, "utf8") } : { error: "No such file or directory" };
    },
  };
}

describe("fmt3 golden files", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tex")).sort()) {
    const name = file.slice(0, -4);
    describe(name, () => {
      const { document, diagnostics } = parseFmt3(readFileSync(join(dir, file), "utf8"));
      it("parses without errors", () => {
        assert.ok(document, diagnostics.map((d) => d.message).join("\n"));
      });
      if (!document) return;
      const outputs = {} as Record<Fmt3Mode, string>;
      for (const mode of ["blahgd", "html", "text"] as const) {
        outputs[mode] = writeFmt3(document, mode, options());
        it(`writes the expected ${mode} output`, () => {
          const expectedPath = join(dir, name + EXTENSIONS[mode]);
          if (update) writeFileSync(expectedPath, outputs[mode]);
          assert.equal(outputs[mode], readFileSync(expectedPath, "utf8"));
        });
      }
      it("writes well-formed HTML in html mode", () => {
        assert.deepEqual(checkHtml(outputs.html), []);
      });
      // Formulas are compared by the golden files themselves: html mode renders them with the
      // full TeX converter (whose text differs: U+2212 minus, and TeX rejects some blahgd accepts).
      // html mode also drops a listing's `[language]` hint when it knows the language.
      it("shows the same text outside formulas in html mode as in blahgd mode", () => {
        const blahgd = outputs.blahgd.replace(/<pre>\[([^\]\n]*)\]/g, (all, hint: string) => (canonicalLanguage(hint) ? "<pre>" : all));
        assert.equal(visibleText(withoutMath(outputs.html)), visibleText(withoutMath(blahgd)));
      });
    });
  }
});
