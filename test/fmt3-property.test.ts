/**
 * Property tests for fmt3: no input makes the parser or a writer throw, and
 * whatever parses comes out of html mode as well-formed HTML that shows the
 * same text as blahgd mode.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseFmt3, renderFmt3, scanSpecialMeta, writeFmt3 } from "../src/markup/fmt3/index.js";
import { checkHtml, visibleText } from "./support/html-check.js";

const options = { urls: { base: "B", wiki: "W", bug: "G", photo: "P" }, readListing: () => ({ text: "a <listing> & more\n" }) };

/** Pieces of fmt3, glued at random: mostly unbalanced, often wrong. */
const PIECES = [
  "word", "Words", " ", "  ", "\t", "\n", "\n\n", "\n \n", "%comment", "\\\\", "--", "---", "-", "'", "''", "`", "``",
  "...", ".", "~", "&", "\\&", "\\%", "\\$", "\\{", "\\}", "\\_", "<", ">", '"', "é", "€", "😀", "\r\n", "\u0001",
  "{", "}", "[", "]", "_", "^", "\\", "$a^2$", "$", "\\textbf{", "\\emph{", "\\item", "\\item{", "\\item[", "\\trow{",
  "\\section{", "\\link[", "\\link{", "\\begin{itemize}", "\\end{itemize}", "\\begin{enumerate}", "\\end{enumerate}",
  "\\begin{description}", "\\end{description}", "\\begin{quote}", "\\end{quote}", "\\begin{tabular}", "\\end{tabular}",
  "\\begin{texttt}", "\\end{texttt}", "\\begin{verbatim}raw\\end{verbatim}", "\\begin{listing}<x>\\end{listing}",
  "\\listing{f}", "\\foo", "\\begin{bogus}", "\\title{t}", "\\tag{x}", "\\leftarrow", "\\tm",
];

const anyText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/**
 * Syntactically valid fmt3 with every construct, nested at random. Arguments
 * that become attribute values (link targets, image sources, alt texts) hold
 * plain text, as in real posts: blahgd would put raw tags inside the
 * attribute otherwise, and its output would have no visible text to compare.
 */
const plain = fc
  .array(fc.constantFrom("word", "a b", "\\&", "\\_", "--", "~", "é", ".", "'", "\\%"), { minLength: 1, maxLength: 4 })
  .map((xs) => xs.join(""));

const { doc } = fc.letrec<{ inline: string; inlines: string; doc: string }>((tie) => ({
  inline: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("word", "Two words", " ", "\n", "--", "---", "'", "``", "...", "~", "&", "\\&", "\\\\", "<x>", '"q"', "é", "😀", "%c\n",
      "$a^2 + \\frac{1}{b}$", "\\leftarrow", "\\tm", "\\foo", "\\begin{verbatim}raw text\\end{verbatim}", "\\begin{listing}a < b\\end{listing}",
      "\\listing{file.txt}", "\\title{T}", "\\tag{t}", "\\begin{itemize}", "\\end{itemize}", "\\begin{enumerate}", "\\end{enumerate}",
      "\\begin{description}", "\\end{description}", "\\begin{quote}", "\\end{quote}", "\\begin{tabular}", "\\end{tabular}",
      "\\begin{texttt}", "\\end{texttt}", "\\begin{nope}"),
    fc.tuple(fc.constantFrom("textbf", "textit", "emph", "texttt", "section", "subsection", "trow", "item", "degree", "category"), tie("inlines"))
      .map(([cmd, arg]) => `\\${cmd}{${arg}}`),
    fc.tuple(fc.constantFrom("item"), tie("inlines"), tie("inlines")).map(([cmd, opt, arg]) => `\\${cmd}[${opt}]{${arg}}`),
    fc.tuple(fc.constantFrom("link", "post", "taglink", "wiki", "photolink", "bug", "img", "photo"), plain).map(([cmd, target]) => `\\${cmd}{${target}}`),
    fc.tuple(fc.constantFrom("link", "wiki", "photolink"), tie("inlines"), plain).map(([cmd, label, target]) => `\\${cmd}[${label}]{${target}}`),
    // blahgd cuts these two links at 1023 bytes, so long labels would lose text there.
    fc.tuple(fc.constantFrom("post", "taglink"), plain, plain).map(([cmd, label, target]) => `\\${cmd}[${label}]{${target}}`),
    fc.tuple(fc.constantFrom("img", "photo"), plain, plain).map(([cmd, alt, src]) => `\\${cmd}[${alt}]{${src}}`),
    fc.tuple(plain, tie("inlines")).map(([title, text]) => `\\abbrev[${title}]{${text}}`),
  ),
  inlines: fc.array(tie("inline"), { maxLength: 6 }).map((xs) => xs.join("").replaceAll("\n\n", "\n")),
  doc: fc.array(tie("inlines"), { maxLength: 6 }).map((ps) => ps.join("\n\n")),
}));

describe("fmt3 properties", () => {
  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(anyText, (src) => {
        const { document, diagnostics } = parseFmt3(src);
        for (const d of diagnostics) assert.ok(d.line >= 1 && d.column >= 1);
        for (const mode of ["blahgd", "html", "text"] as const) {
          // Rendering paragraph by paragraph gives what writing the whole tree gives.
          assert.equal(renderFmt3(src, mode, options).output, document ? writeFmt3(document, mode, options) : undefined);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("writes well-formed HTML with blahgd's visible text for any valid input", () => {
    fc.assert(
      fc.property(doc, (src) => {
        const { document, diagnostics } = parseFmt3(src);
        assert.ok(document, `${JSON.stringify(src)}: ${diagnostics.map((d) => d.message).join("; ")}`);
        const html = writeFmt3(document, "html", options);
        assert.deepEqual(checkHtml(html), [], `${JSON.stringify(src)} -> ${html}`);
        assert.equal(visibleText(html), visibleText(writeFmt3(document, "blahgd", options)), JSON.stringify(src));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the same special commands with the quick scan as with the parser", () => {
    const withSpecials = fc
      .tuple(doc, fc.array(fc.constantFrom("\\title{A}", "\\tag{t1}", "\\tag{T2}", "\\published{2020-01-02 03:04}", "\\twitterimg{u}", "\\twitterphoto{p}", "%\\tag{no}\n", "$a$", "\\\\tag{x}"), { maxLength: 5 }))
      .map(([d, specials]) => specials.reduce((acc, s, i) => acc.slice(0, (i * 7) % (acc.length + 1)) + s + acc.slice((i * 7) % (acc.length + 1)), d));
    fc.assert(
      fc.property(withSpecials, (src) => {
        const { document } = parseFmt3(src);
        if (document) assert.deepEqual(scanSpecialMeta(src), document.meta, JSON.stringify(src));
      }),
      { numRuns: 2000 },
    );
  });
});
