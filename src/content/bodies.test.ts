import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Diagnostic } from "../diagnostics.js";
import { BodyStore } from "./bodies.js";
import type { Post } from "./model.js";

const dir = mkdtempSync(join(tmpdir(), "blahg-bodies-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function post(tex: string): Post {
  const texPath = join(dir, "post.tex");
  writeFileSync(texPath, tex);
  return { id: 1, dir, texPath, title: "t", time: 0, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false };
}

describe("BodyStore", () => {
  it("renders a formula the TeX converter cannot read as its source and reports it with file, line and column", () => {
    const problems: Diagnostic[] = [];
    const store = new BodyStore({ markup: "html", urls: {}, onProblem: (d) => problems.push(d) });
    const body = store.render(post("Fine $a^2$.\nBroken $x + \\nosuch{y}$ here.\n"));
    assert.ok(body);
    assert.match(body.html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
    assert.match(body.html, /<code class="math-error" title="[^"]*">\$x \+ \\nosuch\{y\}\$<\/code>/);
    assert.deepEqual(problems.map((d) => [d.file, d.line, d.column, d.severity, d.code]), [[join(dir, "post.tex"), 2, 13, "warning", "fmt3/tex"]]);
  });
});
