/**
 * The title level moves headings and nothing else: every fmt3 golden input,
 * written at each title level, equals its default output once heading tags
 * are set aside, in both HTML modes.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { renderFmt3, type HeadingLevel } from "../src/markup/fmt3/index.js";
import { fixturesDir } from "./support/paths.js";

const dir = join(fixturesDir, "fmt3");
const LEVELS: readonly HeadingLevel[] = [1, 2, 3, 4, 5, 6];

function withoutHeadingTags(html: string): string {
  return html.replace(/<(\/?)h[1-6]>/g, "<$1h>");
}

describe("fmt3 title levels on every golden input", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tex")).sort()) {
    const source = readFileSync(join(dir, file), "utf8");
    for (const mode of ["html", "blahgd"] as const) {
      it(`changes only heading levels in ${file} in ${mode} mode`, () => {
        const plain = renderFmt3(source, mode).output;
        assert.ok(plain !== undefined, `${file} renders`);
        for (const titleLevel of LEVELS) {
          const leveled = renderFmt3(source, mode, { titleLevel }).output;
          assert.equal(withoutHeadingTags(leveled ?? ""), withoutHeadingTags(plain), `title level ${titleLevel}`);
          if (titleLevel === 2) assert.equal(leveled, plain, "level 2 is the default");
        }
      });
    }
  }
});
