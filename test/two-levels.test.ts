/**
 * One parse written at several title levels (RenderWanted.places) gives, at
 * each level, byte for byte what a render at that level alone gives: over the
 * Markdown fixtures, the CommonMark examples and random heading structures,
 * and over the fmt3 fixtures and conformance cases; with and without an id
 * prefix. Fenced code is highlighted once for all levels.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { formatById, type HeadingLevel, type RenderContext, type TitlePlace } from "../src/markup/formats.js";
import { renderMarkdownAt, type MarkdownRenderers } from "../src/markup/markdown/index.js";
import { highlightCode } from "../src/markup/highlight/highlight-code.js";
import { renderTexMath } from "../src/markup/math/tex-math.js";
import { conformanceDir, fixturesDir } from "./support/paths.js";

function filesUnder(dir: string, extension: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, extension));
    else if (name.endsWith(extension)) found.push(path);
  }
  return found;
}

/** The places a build asks for, and others: the story page first or second, with and without an id prefix. */
const PLACE_SETS: readonly (readonly TitlePlace[])[] = [
  [{ titleLevel: 1 }, { titleLevel: 2, idPrefix: "post-7-" }],
  [{ titleLevel: 2, idPrefix: "post-7-" }, { titleLevel: 1 }],
  [{ titleLevel: 1 }, { titleLevel: 2 }],
  [{ titleLevel: 3, idPrefix: "p-" }, { titleLevel: 1, idPrefix: "q-" }, { titleLevel: 6 }],
];

const CONTEXTS: readonly RenderContext[] = [{ postId: 7 }, { postId: 7, typographer: true, linkify: true }];

function assertSameAsSeparate(format: "markdown" | "fmt3", source: string, context: RenderContext, places: readonly TitlePlace[], label: string): void {
  const render = formatById(format).render;
  const together = render(source, context, { html: true, text: true, textLimit: 300, places });
  places.forEach((place, i) => {
    const alone = render(source, { ...context, ...place }, { html: true, text: true, textLimit: 300 });
    assert.equal(together.ok, alone.ok, label);
    if (!alone.ok) return;
    assert.equal(together.htmlAt?.[i], alone.html, `${label} at title level ${place.titleLevel}${place.idPrefix === undefined ? "" : ` with prefix ${place.idPrefix}`}`);
    assert.equal(together.text, alone.text, label);
    assert.deepEqual(together.diagnostics, alone.diagnostics, label);
  });
  assert.equal(together.html, undefined, "places give htmlAt, not html");
}

const spec = createRequire(import.meta.url)("commonmark-spec") as { tests: { markdown: string; number: number }[] };

describe("a body written at several title levels from one parse", () => {
  it("is what a render at each level gives, for every Markdown fixture", () => {
    const files = [...filesUnder(join(fixturesDir, "markdown-site"), ".md"), ...filesUnder(join(fixturesDir, "import"), ".md")];
    assert.ok(files.length >= 5, "the Markdown fixtures are found");
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const context of CONTEXTS) for (const places of PLACE_SETS) assertSameAsSeparate("markdown", source, context, places, file);
    }
  });

  it("is what a render at each level gives, for every CommonMark example", () => {
    for (const example of spec.tests) {
      const source = example.markdown.replace(/→/g, "\t");
      for (const places of PLACE_SETS) assertSameAsSeparate("markdown", source, CONTEXTS[0]!, places, `example ${example.number}`);
    }
  });

  it("is what a render at each level gives, for random headings, code, math and footnotes", () => {
    const piece = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom("Intro", "Intro", "Part 2", "", "$x^2$ and `code`", "Été", "a_b!?")).map(([level, text]) => `${"#".repeat(level)} ${text}\n`),
      fc.constantFrom("Setext\n===\n", "Sub\n---\n", "text with[^1]\n", "[^1]: a note\n", "```js\nlet a = 1;\n```\n", "```math\n\\frac{1}{2}\n```\n", "$$\\bad{$$\n", "> # quoted\n", "- # in a list\n", "<h2>raw</h2>\n", "\n"),
    );
    const levels = fc.constantFrom<HeadingLevel>(1, 2, 3, 4, 5, 6);
    const place = fc.record({ titleLevel: levels, idPrefix: fc.option(fc.constantFrom("post-1-", "x-"), { nil: undefined }) }).map((p): TitlePlace => (p.idPrefix === undefined ? { titleLevel: p.titleLevel } : { titleLevel: p.titleLevel, idPrefix: p.idPrefix }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), fc.array(place, { minLength: 1, maxLength: 3 }), (pieces, places) => {
        assertSameAsSeparate("markdown", pieces.join("\n"), CONTEXTS[0]!, places, pieces.join("\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("is what a render at each level gives, for every fmt3 fixture and conformance case (clean HTML and blahgd's)", () => {
    const files = [...filesUnder(join(conformanceDir, "fmt3"), ".tex"), ...filesUnder(join(fixturesDir, "fmt3"), ".tex")];
    assert.ok(files.length >= 50, "the fmt3 cases are found");
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      const readListing = (name: string) => ({ text: `listing ${name}\nint main() {}\n` });
      for (const fmt3Html of ["html", "blahgd"] as const) {
        for (const places of PLACE_SETS) assertSameAsSeparate("fmt3", source, { postId: 7, fmt3Html, readListing, urls: { base: "https://example.org" } }, places, `${file} (${fmt3Html})`);
      }
    }
  });

  it("highlights each fenced code block once for all levels", () => {
    let highlighted = 0;
    const renderers: MarkdownRenderers = {
      math: renderTexMath,
      highlight: (code, language) => {
        highlighted++;
        return highlightCode(code, language);
      },
    };
    const { htmlAt } = renderMarkdownAt("# A\n\n```js\nlet a;\n```\n\n```c\nint b;\n```\n", {}, renderers, [{ titleLevel: 1 }, { titleLevel: 2, idPrefix: "p-" }]);
    assert.equal(highlighted, 2);
    assert.match(htmlAt[0]!, /<h2 id="a">/);
    assert.match(htmlAt[1]!, /<h3 id="p-a">/);
    assert.equal(htmlAt[0]!.slice(htmlAt[0]!.indexOf("<pre")), htmlAt[1]!.slice(htmlAt[1]!.indexOf("<pre")));
  });
});
