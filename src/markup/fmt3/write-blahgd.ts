/**
 * The blahgd-exact HTML writer: byte-identical to what blahgd's bison grammar
 * glues together, including its empty `<p></p>` pairs, `</td><td>` for every
 * `&`, block commands that close and reopen the paragraph, and the texttt and
 * tabular nesting counters (spec 5).
 *
 * A formula blahgd's math grammar rejects would make blahgd refuse the whole
 * post; here it is rendered by the full TeX converter instead, with a warning.
 */

import { escapeHtml } from "../../text/escape.js";
import { OutputChunks } from "../../text/output-chunks.js";
import { HAS_NEWLINE, NEEDS_ESCAPE, type CommandNode, type Document, type Inline, type MathInline, type Paragraph, type SymbolName } from "./ast.js";
import type { Fmt3Writer, ReportProblem } from "./writer.js";
import { texMathHtml } from "./tex-formula.js";
import { COMMANDS } from "./commands.js";
import { writeMathML } from "./math.js";
import { readListing, sectionLevel, type Fmt3WriteOptions } from "./options.js";
import { inlineText } from "./write-text.js";

export const BLAHGD_SYMBOLS: Readonly<Record<SymbolName, string>> = {
  ndash: "&ndash;",
  mdash: "&mdash;",
  lsquo: "&lsquo;",
  ldquo: "&ldquo;",
  rsquo: "&rsquo;",
  rdquo: "&rdquo;",
  hellip: "&hellip;",
  nbsp: "&nbsp;",
  cell: "</td><td>",
  br: "<br/>",
};

/** blahgd builds these two links with snprintf into a 1024-byte buffer. */
const SNPRINTF_LIMIT = 1023;

function snprintf1024(s: string): string {
  if (s.length <= SNPRINTF_LIMIT / 3 || Buffer.byteLength(s) <= SNPRINTF_LIMIT) return s;
  // Cut at a character boundary at or below the byte limit.
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > SNPRINTF_LIMIT) break;
    bytes += size;
    end += ch.length;
  }
  return s.slice(0, end);
}

const ENVIRONMENT_HTML: ReadonlyMap<string, [string, string]> = new Map([
  ["itemize", ["</p><ul>", "</ul><p>"]],
  ["enumerate", ["</p><ol>", "</ol><p>"]],
  ["description", ["</p><dl>", "</dl><p>"]],
  ["quote", ["</p><blockquote><p>", "</p></blockquote><p>"]],
]);

export class BlahgdWriter implements Fmt3Writer {
  private texttt = 0;
  private tables = 0;

  constructor(private readonly options: Fmt3WriteOptions) {}

  private out = "";
  private readonly chunks = new OutputChunks();
  private report: ReportProblem | undefined;

  paragraph(p: Paragraph, report?: ReportProblem): void {
    this.report = report;
    this.out = this.chunks.settle(this.out + "<p>" + this.inlines(p.children) + "</p>\n");
  }

  finish(): string {
    return this.chunks.join(this.out);
  }

  private inlines(nodes: readonly Inline[]): string {
    let out = "";
    for (const node of nodes) out += this.inline(node);
    return out;
  }

  private inline(node: Inline): string {
    switch (node.type) {
      case "text": {
        const text = node.flags & NEEDS_ESCAPE ? escapeHtml(node.value) : node.value;
        return node.flags & HAS_NEWLINE && this.texttt === 0 ? text.replaceAll("\n", " ") : text;
      }
      case "symbol":
        return BLAHGD_SYMBOLS[node.name];
      case "command":
        return this.command(node);
      case "math":
        return node.expr ? writeMathML(node.expr) : this.notBlahgdMath(node);
      case "verbatim":
        return "</p>" + node.raw + "<p>";
      case "listing":
        return "</p><pre>" + escapeHtml(node.raw) + "</pre><p>";
      case "special":
        return "";
    }
  }

  private notBlahgdMath(node: MathInline): string {
    const why = node.blahgdError;
    this.report?.({
      offset: node.sourcePos + (why?.offset ?? 0),
      severity: "warning",
      code: "fmt3/not-blahgd-math",
      message: `blahgd cannot read this formula (${why?.message ?? "?"}) and would refuse the post; blahg renders it with the TeX converter`,
    });
    return texMathHtml(node, this.report);
  }

  private command(node: CommandNode): string {
    // Arguments are converted before the command sees them, in source order.
    const o = node.opt === undefined ? undefined : this.inlines(node.opt);
    const t = node.arg === undefined ? "" : this.inlines(node.arg);
    const urls = this.options.urls ?? {};
    // blahgd concatenates an unset URL as "" but printf's it as "(null)".
    const base = urls.base ?? "";
    const label = o ?? t;
    switch (COMMANDS.has(node.name) ? node.name : "") {
      case "textbf":
        return `<strong>${t}</strong>`;
      case "textit":
        return `<i>${t}</i>`;
      case "emph":
        return `<em>${t}</em>`;
      case "texttt":
        return `<span class="tt">${t}</span>`;
      case "section":
      case "subsection":
      case "subsubsection": {
        // blahgd's h3, h4 and h5 unless the page asks for other levels.
        const level = sectionLevel(this.options, node.name);
        return `</p><h${level}>${t}</h${level}><p>`;
      }
      case "link":
        return `<a href="${t}">${label}</a>`;
      case "post":
        if (urls.post) return `<a href="${escapeHtml(urls.post(inlineText(node.arg)))}">${label}</a>`;
        return snprintf1024(`<a href="${urls.base ?? "(null)"}/?p=${t}">${label}</a>`);
      case "taglink":
        if (urls.tag) return `<a href="${escapeHtml(urls.tag(inlineText(node.arg)))}">${label}</a>`;
        return snprintf1024(`<a href="${urls.base ?? "(null)"}/?tag=${t}">${label}</a>`);
      case "wiki":
        return `<a href="${urls.wiki ?? ""}/${t}"><img src="${base}/wiki.png" alt="Wikipedia article:" />&nbsp;${label}</a>`;
      case "bug":
        return `<a href="${urls.bug ?? ""}/${t}"><img src="${base}/bug.png" alt="bug #" />&nbsp;${t}</a>`;
      case "img":
        return `<img src="${t}" alt="${o ?? ""}" />`;
      case "photo":
        return `<img src="${urls.photo ?? ""}/${t}" alt="${o ?? ""}" />`;
      case "photolink":
        return `<a href="${urls.photo ?? ""}/${t}">${label}</a>`;
      case "abbrev":
        return `<abbr title="${label}">${t}</abbr>`;
      case "item":
        return o === undefined ? `<li>${t}</li>` : `<dt>${o}</dt><dd>${t}</dd>`;
      case "listing": {
        const listing = readListing(this.options, t);
        return "</p><pre>" + ("text" in listing ? escapeHtml(listing.text) : listing.error) + "</pre><p>";
      }
      case "degree":
        return "\u00b0" + t;
      case "trow":
        return `<tr><td>${t}</td></tr>`;
      case "leftarrow":
        return "&larr;";
      case "rightarrow":
        return "&rarr;";
      case "leftrightarrow":
        return "&harr;";
      case "tm":
        return "&trade;";
      case "category":
      case "tag":
      case "title":
      case "published":
        return "";
      case "begin":
        return this.begin(t);
      case "end":
        return this.end(t);
      default:
        return `[INVAL CMD '${node.name}']`;
    }
  }

  private begin(env: string): string {
    if (env === "texttt") {
      this.texttt++;
      return "</p><pre>";
    }
    if (env === "tabular") return this.tables++ !== 0 ? "<table>" : "</p><table>";
    const html = ENVIRONMENT_HTML.get(env);
    return html ? html[0] : `[INVAL ENVIRON '${env}']`;
  }

  private end(env: string): string {
    if (env === "texttt") {
      this.texttt--;
      return "</pre><p>";
    }
    if (env === "tabular") return --this.tables !== 0 ? "</table>" : "</table><p>";
    const html = ENVIRONMENT_HTML.get(env);
    return html ? html[1] : `[INVAL ENVIRON '${env}']`;
  }
}

export function writeBlahgdHtml(doc: Document, options: Fmt3WriteOptions = {}): string {
  const writer = new BlahgdWriter(options);
  for (const p of doc.paragraphs) writer.paragraph(p);
  return writer.finish();
}
