/**
 * The fmt3 conformance cases: fmt3 inputs with the exact HTML blahgd
 * produces (copied into test/fixtures/conformance/fmt3). blahgd mode must match byte for
 * byte; html mode must be well-formed and show the same text (its formulas come from the
 * full TeX converter, which writes U+2212 and U+2217 for `-` and `*`: those are mapped back).
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { renderFmt3 } from "../src/markup/fmt3/index.js";
import { asciiMathOperators, checkHtml, visibleText } from "./support/html-check.js";
import { conformanceDir } from "./support/paths.js";

const root = join(conformanceDir, "fmt3");

describe("fmt3 conformance cases", () => {
  it("are present", () => assert.ok(existsSync(root), `missing ${root}`));
  if (!existsSync(root)) return;
  for (const group of readdirSync(root).filter((g) => statSync(join(root, g)).isDirectory()).sort()) {
    const dir = join(root, group);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".tex")).sort()) {
      const expected = readFileSync(join(dir, file.replace(/\.tex$/, ".html")), "utf8");
      const source = readFileSync(join(dir, file), "utf8");
      // Like blahgd's test driver: no config loaded, listings relative to the .tex file.
      const options = {
        postId: group,
        readListing: (name: string) =>
          existsSync(join(dir, name)) ? { text: readFileSync(join(dir, name), "utf8") } : { error: "No such file or directory" },
      };
      it(`${group}/${file} renders exactly as blahgd does`, () => {
        const result = renderFmt3(source, "blahgd", options);
        assert.deepEqual(result.diagnostics.filter((d) => d.severity === "error"), []);
        assert.equal(result.output, expected);
      });
      it(`${group}/${file} renders well-formed HTML5 with the same text`, () => {
        const result = renderFmt3(source, "html", options);
        const html = result.output ?? "";
        assert.deepEqual(result.diagnostics, []);
        assert.deepEqual(checkHtml(html), []);
        assert.equal(asciiMathOperators(visibleText(html)), visibleText(expected));
      });
    }
  }
});
