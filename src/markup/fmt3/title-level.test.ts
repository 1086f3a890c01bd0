import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { renderFmt3, type HeadingLevel } from "./index.js";

const SECTIONS = "intro\n\\section{One}\ntext\n\\subsection{Two}\nmore\n\\subsubsection{Three}\nend\n";

function headings(html: string): string[] {
  return [...html.matchAll(/<(h[1-6])>([^<]*)<\/\1>/g)].map((m) => `${m[1]} ${m[2]}`);
}

function render(mode: "html" | "blahgd", titleLevel?: HeadingLevel): string {
  return renderFmt3(SECTIONS, mode, titleLevel === undefined ? {} : { titleLevel }).output!;
}

describe("fmt3 body headings under the page's post title (titleLevel)", () => {
  for (const mode of ["html", "blahgd"] as const) {
    it(`writes blahgd's h3, h4 and h5 in ${mode} mode when the page gives no title level`, () => {
      assert.deepEqual(headings(render(mode)), ["h3 One", "h4 Two", "h5 Three"]);
    });

    it(`puts sections one level below an h1 title in ${mode} mode`, () => {
      assert.deepEqual(headings(render(mode, 1)), ["h2 One", "h3 Two", "h4 Three"]);
    });

    it(`never goes past h6 in ${mode} mode`, () => {
      assert.deepEqual(headings(render(mode, 4)), ["h5 One", "h6 Two", "h6 Three"]);
      assert.deepEqual(headings(render(mode, 6)), ["h6 One", "h6 Two", "h6 Three"]);
    });

    it(`changes nothing but the heading levels in ${mode} mode`, () => {
      const shifted = render(mode, 1).replace(/<(\/?)h([2-4])>/g, (_, slash: string, n: string) => `<${slash}h${Number(n) + 1}>`);
      assert.equal(shifted, render(mode));
    });
  }

  it("writes blahgd's exact bytes in blahgd mode at title level 2", () => {
    assert.equal(render("blahgd", 2), render("blahgd"));
    assert.equal(
      render("blahgd"),
      "<p>intro </p><h3>One</h3><p> text </p><h4>Two</h4><p> more </p><h5>Three</h5><p> end </p>\n",
    );
  });

  it("keeps a section inside a bold argument as bold text at any level", () => {
    const html = renderFmt3("\\textbf{\\section{Inline}}\n", "html", { titleLevel: 1 }).output!;
    assert.equal(html, "<p><strong><strong>Inline</strong></strong> </p>\n");
  });
});

describe("fmt3 boxes that scroll sideways on a narrow screen", () => {
  it("puts code blocks and tables into the tab order in html mode", () => {
    const html = renderFmt3("\\begin{listing}\nx\n\\end{listing}\n\\begin{texttt}\ny\n\\end{texttt}\n\\begin{tabular}\n\\trow{a & b}\n\\end{tabular}\n\\trow{stray}\n", "html").output!;
    assert.equal((html.match(/<pre tabindex="0">/g) ?? []).length, 2, html);
    assert.equal((html.match(/<table tabindex="0">/g) ?? []).length, 2, html);
    assert.doesNotMatch(html, /<(pre|table)>/);
  });

  it("leaves blahgd's bytes alone in blahgd mode", () => {
    const html = renderFmt3("\\begin{listing}\nx\n\\end{listing}\n\\begin{tabular}\n\\trow{a}\n\\end{tabular}\n", "blahgd").output!;
    assert.doesNotMatch(html, /tabindex/);
  });
});
