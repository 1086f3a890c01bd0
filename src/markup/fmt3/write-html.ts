/**
 * The clean HTML5 writer: the same content as blahgd's output, as well-formed
 * HTML. blahgd glues strings, so an environment is just `</p><ul>` and an
 * `\item` is an `<li>` wherever it stands; here a small tree builder keeps a
 * stack of open elements instead, and
 * - opens paragraphs only for real content (no empty `<p></p>`),
 * - closes a paragraph before a block and never puts a block inside one,
 * - puts `\item` into a list (an implicit one for a stray item) and `\trow`
 *   into a table, keeping an item open so that a nested list lands inside it,
 * - closes whatever is left open, and ignores an `\end` without a `\begin`.
 * Inside inline elements (bold, links, headings, texttt environments) block
 * constructs are written as inline content instead.
 * Headings follow the post title's level (`titleLevel`), and code blocks and
 * tables, which a narrow screen scrolls sideways, take keyboard focus
 * (`tabindex="0"`) so that keyboard users can scroll them too.
 *
 * Every formula goes through the full TeX converter (MathML), and listings
 * with a known language are highlighted into `hljs-*` spans.
 */

import { escapeHtml } from "../../text/escape.js";
import { OutputChunks } from "../../text/output-chunks.js";
import { urlEscape } from "../../text/url-escape.js";
import { HAS_NEWLINE, NEEDS_ESCAPE, type CommandNode, type Document, type Inline, type Paragraph } from "./ast.js";
import type { Fmt3Writer, ReportProblem } from "./writer.js";
import { highlightCode } from "../highlight/highlight-code.js";
import { listingCode, listingFileLanguage } from "./listing-language.js";
import { texMathHtml } from "./tex-formula.js";
import { COMMANDS, ENVIRONMENTS } from "./commands.js";
import { memoized, readListing, sectionLevel, type Fmt3WriteOptions } from "./options.js";
import { BLAHGD_SYMBOLS } from "./write-blahgd.js";
import { inlineText, stripTags } from "./write-text.js";

type Kind =
  | "root"
  | "p"
  | "blockquote"
  | "list" // ul, ol, dl
  | "item" // li, dd: stays open until the next item or the end of the list
  | "term" // dt
  | "table"
  | "row"
  | "cell"
  | "pre"
  | "inline"
  | "heading"
  | "ghost"; // an environment begun where blocks can't go: no element, only a name for its \end

interface Frame {
  kind: Kind;
  tag: string;
  /** The environment name, when `\begin` opened it. */
  env?: string;
  /** Opened by the writer, not by the author: closes at a paragraph break. */
  implicit?: boolean;
}

/** Frames that \end and & can't reach past: they belong to one command argument. */
const SCOPED: ReadonlySet<Kind> = new Set(["inline", "heading", "term", "row"]);
/** Frames whose content is phrasing only. */
const PHRASING: ReadonlySet<Kind> = new Set(["inline", "heading", "term", "pre"]);
/** Frames that take phrasing content directly. */
const TAKES_INLINE: ReadonlySet<Kind> = new Set(["p", "item", "cell", "term"]);
/** Elements followed by a newline in the output, for readable source. */
const BLOCK_TAGS: ReadonlySet<string> = new Set(["p", "ul", "ol", "dl", "li", "dt", "dd", "blockquote", "table", "tr", "pre", "h1", "h2", "h3", "h4", "h5", "h6"]);
/**
 * Boxes that scroll sideways when they are wider than the screen: in the tab
 * order, so that a keyboard can scroll them (WCAG 2.1.1; axe's
 * scrollable-region-focusable).
 */
const SCROLLS = ' tabindex="0"';

const LIST_TAG: Record<string, string> = { itemize: "ul", enumerate: "ol", description: "dl" };
const INLINE_TAG: Record<string, string> = { textbf: "strong", textit: "i", emph: "em", texttt: "code" };

function isBlank(s: string): boolean {
  return /^[ \t\n]*$/.test(s);
}

export class HtmlWriter implements Fmt3Writer {
  private out = "";
  private readonly stack: Frame[] = [{ kind: "root", tag: "" }];
  private phrasing = 0;
  private pre = 0;
  private links = 0;

  constructor(private readonly options: Fmt3WriteOptions) {}

  private started = false;
  private readonly chunks = new OutputChunks();
  private report: ReportProblem | undefined;

  paragraph(p: Paragraph, report?: ReportProblem): void {
    this.report = report;
    if (this.started) this.paragraphBreak();
    this.started = true;
    this.inlines(p.children);
    this.out = this.chunks.settle(this.out);
  }

  finish(): string {
    this.popTo(1);
    return this.chunks.join(this.out);
  }

  // --- the element stack ---

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private push(frame: Frame, attributes = ""): void {
    if (frame.kind !== "ghost") this.out += `<${frame.tag}${attributes}>`;
    // Rows sit in an explicit body (HTML implies one; validators ask for it).
    if (frame.kind === "table") this.out += "<tbody>";
    if (PHRASING.has(frame.kind)) this.phrasing++;
    if (frame.kind === "pre") this.pre++;
    if (frame.tag === "a") this.links++;
    this.stack.push(frame);
  }

  private pop(): void {
    const frame = this.stack.pop()!;
    if (PHRASING.has(frame.kind)) this.phrasing--;
    if (frame.kind === "pre") this.pre--;
    if (frame.tag === "a") this.links--;
    if (frame.kind === "ghost") return;
    if (frame.kind === "table") this.out += "</tbody>";
    this.out += `</${frame.tag}>`;
    if (BLOCK_TAGS.has(frame.tag) && this.pre === 0 && this.phrasing === 0) this.out += "\n";
  }

  /** Closes frames until only `depth` remain. */
  private popTo(depth: number): void {
    while (this.stack.length > depth) this.pop();
  }

  private closeParagraph(): void {
    if (this.top.kind === "p") this.pop();
  }

  /** Makes the top of the stack accept phrasing content; true when it opened a paragraph. */
  private ensureInline(): boolean {
    if (this.phrasing > 0) return false;
    const top = this.top;
    if (TAKES_INLINE.has(top.kind)) return false;
    if (top.kind === "root" || top.kind === "blockquote") {
      this.push({ kind: "p", tag: "p" });
      return true;
    }
    this.ensureFlow();
    return false;
  }

  /** Makes the top of the stack accept a block: a flow container. */
  private ensureFlow(): void {
    this.closeParagraph();
    const top = this.top;
    if (top.kind === "list") {
      this.push({ kind: "item", tag: top.tag === "dl" ? "dd" : "li", implicit: true });
    } else if (top.kind === "table") {
      this.push({ kind: "row", tag: "tr", implicit: true });
      this.push({ kind: "cell", tag: "td", implicit: true });
    } else if (top.kind === "row") {
      this.push({ kind: "cell", tag: "td" });
    }
  }

  private paragraphBreak(): void {
    if (this.pre > 0 && this.top.kind === "pre") {
      this.out += "\n\n";
      return;
    }
    for (;;) {
      const top = this.top;
      const parent = this.stack[this.stack.length - 2];
      const implicitItem = top.kind === "item" && parent?.implicit === true;
      if (top.kind === "p" || top.implicit || implicitItem) this.pop();
      else return;
    }
  }

  // --- content ---

  private inlines(nodes: readonly Inline[] | undefined): void {
    if (nodes) for (const node of nodes) this.inline(node);
  }

  private inline(node: Inline): void {
    switch (node.type) {
      case "text":
        this.text(node.value, node.flags);
        return;
      case "symbol":
        if (node.name === "cell") this.cell();
        else {
          this.ensureInline();
          this.out += node.name === "br" ? "<br>" : BLAHGD_SYMBOLS[node.name];
        }
        return;
      case "math":
        this.ensureInline();
        this.out += memoized(this.options, node, () => texMathHtml(node, this.report));
        return;
      case "verbatim":
        this.verbatim(node.raw);
        return;
      case "listing": {
        const { code, language } = listingCode(node);
        this.preformatted(code, language);
        return;
      }
      case "special":
        return;
      case "command":
        this.command(node);
    }
  }

  /** `flags`: TextNode.flags; text written by the writer itself is escaped to be sure. */
  private text(value: string, flags = NEEDS_ESCAPE | HAS_NEWLINE): void {
    let text = flags & HAS_NEWLINE && this.pre === 0 ? value.replaceAll("\n", " ") : value;
    if (this.phrasing === 0 && !TAKES_INLINE.has(this.top.kind)) {
      if (isBlank(text)) return;
      if (this.ensureInline()) text = text.trimStart();
    }
    this.out += flags & NEEDS_ESCAPE ? escapeHtml(text) : text;
  }

  private verbatim(raw: string): void {
    if (this.phrasing > 0) {
      this.out += stripTags(raw).replace(/[<>]/g, (ch) => (ch === "<" ? "&lt;" : "&gt;"));
      return;
    }
    // Raw HTML from the author: passed through as a block, as blahgd does.
    this.ensureFlow();
    this.out += raw;
  }

  /** A listing: highlighted code when its language is known, else escaped text. */
  private preformatted(text: string, language?: string): void {
    // "" when highlight.js does not know the language.
    const highlight = (language: string): string => {
      const highlighted = highlightCode(text, language);
      return highlighted.language === undefined ? "" : `<code class="language-${highlighted.language}">${highlighted.html}</code>`;
    };
    const code = language === undefined ? undefined : memoized(this.options, `${language}\0${text}`, () => highlight(language)) || undefined;
    if (this.phrasing > 0) {
      this.ensureInline();
      this.out += code ?? `<code>${escapeHtml(text)}</code>`;
      return;
    }
    this.ensureFlow();
    this.out += `<pre${SCROLLS}>${code ?? escapeHtml(text)}</pre>\n`;
  }

  /** An inline element around `nodes`. */
  private element(frame: Frame, nodes: readonly Inline[] | undefined, attributes = ""): void {
    this.ensureInline();
    this.scoped(frame, nodes, attributes);
  }

  /** Writes `nodes` inside `frame`, closing whatever they leave open. */
  private scoped(frame: Frame, nodes: readonly Inline[] | undefined, attributes = ""): void {
    const depth = this.stack.length;
    this.push(frame, attributes);
    this.inlines(nodes);
    this.popTo(depth);
  }

  private link(href: string, label: readonly Inline[] | undefined, before = ""): void {
    if (this.links > 0) {
      // A link inside a link's label: keep the text only.
      this.ensureInline();
      this.out += before;
      this.inlines(label);
      return;
    }
    this.ensureInline();
    const depth = this.stack.length;
    this.push({ kind: "inline", tag: "a" }, ` href="${escapeHtml(href)}"`);
    this.out += before;
    this.inlines(label);
    this.popTo(depth);
  }

  private command(node: CommandNode): void {
    const name = COMMANDS.has(node.name) ? node.name : "";
    const urls = this.options.urls ?? {};
    const base = urls.base ?? "";
    const target = (): string => inlineText(node.arg);
    const label = node.opt ?? node.arg;
    switch (name) {
      case "textbf":
      case "textit":
      case "emph":
      case "texttt":
        this.element({ kind: "inline", tag: INLINE_TAG[name]! }, node.arg);
        return;
      case "section":
      case "subsection":
      case "subsubsection":
        if (this.phrasing > 0) {
          this.element({ kind: "inline", tag: "strong" }, node.arg);
          return;
        }
        this.ensureFlow();
        this.scoped({ kind: "heading", tag: `h${sectionLevel(this.options, name)}` }, node.arg);
        return;
      case "link":
        this.link(target(), label);
        return;
      case "post":
        this.link(urls.post ? urls.post(target()) : `${base}/?p=${target()}`, label);
        return;
      case "taglink":
        this.link(urls.tag ? urls.tag(target()) : `${base}/?tag=${urlEscape(target())}`, label);
        return;
      case "photolink":
        this.link(`${urls.photo ?? ""}/${target()}`, label);
        return;
      case "wiki":
        this.link(`${urls.wiki ?? ""}/${target()}`, label, `<img src="${escapeHtml(base)}/wiki.png" alt="Wikipedia article:">&nbsp;`);
        return;
      case "bug":
        this.link(`${urls.bug ?? ""}/${target()}`, node.arg, `<img src="${escapeHtml(base)}/bug.png" alt="bug #">&nbsp;`);
        return;
      case "img":
      case "photo": {
        const src = (name === "photo" ? `${urls.photo ?? ""}/` : "") + target();
        this.ensureInline();
        this.out += `<img src="${escapeHtml(src)}" alt="${escapeHtml(inlineText(node.opt))}">`;
        return;
      }
      case "abbrev":
        this.element({ kind: "inline", tag: "abbr" }, node.arg, ` title="${escapeHtml(inlineText(label))}"`);
        return;
      case "degree":
        this.ensureInline();
        this.out += "\u00b0";
        this.inlines(node.arg);
        return;
      case "leftarrow":
      case "rightarrow":
      case "leftrightarrow":
      case "tm":
        this.ensureInline();
        this.out += { leftarrow: "&larr;", rightarrow: "&rarr;", leftrightarrow: "&harr;", tm: "&trade;" }[name];
        return;
      case "listing": {
        const file = target();
        const listing = readListing(this.options, file);
        if ("text" in listing) this.preformatted(listing.text, listingFileLanguage(node.opt && inlineText(node.opt), file));
        else this.preformatted(listing.error);
        return;
      }
      case "item":
        this.item(node);
        return;
      case "trow":
        this.row(node.arg);
        return;
      case "begin":
        this.begin(target());
        return;
      case "end":
        this.end(target());
        return;
      case "category":
      case "tag":
      case "title":
      case "published":
        return;
      default:
        this.text(`[INVAL CMD '${node.name}']`);
    }
  }

  private item(node: CommandNode): void {
    if (this.phrasing > 0) {
      if (node.opt) {
        this.inlines(node.opt);
        this.text(" ", 0);
      }
      this.inlines(node.arg);
      return;
    }
    this.closeParagraph();
    if (this.top.kind === "item") this.pop();
    const wanted = node.opt ? "dl" : "ul";
    let top = this.top;
    if (top.kind === "list" && top.implicit && top.tag !== wanted) {
      this.pop();
      top = this.top;
    }
    if (top.kind !== "list") {
      this.ensureFlow();
      this.push({ kind: "list", tag: wanted, implicit: true });
    }
    if (this.top.tag === "dl") {
      if (node.opt) this.scoped({ kind: "term", tag: "dt" }, node.opt);
      this.push({ kind: "item", tag: "dd" });
    } else {
      this.push({ kind: "item", tag: "li" });
      if (node.opt) {
        this.element({ kind: "inline", tag: "strong" }, node.opt);
        this.out += " ";
      }
    }
    this.inlines(node.arg);
  }

  private row(cells: readonly Inline[] | undefined): void {
    if (this.phrasing > 0) {
      this.inlines(cells);
      return;
    }
    this.closeParagraph();
    while ((this.top.kind === "cell" || this.top.kind === "row") && this.top.implicit) this.pop();
    if (this.top.kind !== "table") {
      this.ensureFlow();
      this.push({ kind: "table", tag: "table", implicit: true }, SCROLLS);
    }
    const depth = this.stack.length;
    this.push({ kind: "row", tag: "tr" });
    this.scoped({ kind: "cell", tag: "td" }, cells);
    this.popTo(depth);
  }

  /** `&`: starts the next cell of the row being written, if there is one. */
  private cell(): void {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === "row") {
        this.popTo(i + 1);
        this.push({ kind: "cell", tag: "td" });
        return;
      }
      if (SCOPED.has(frame.kind)) return;
    }
  }

  private begin(env: string): void {
    if (!ENVIRONMENTS.has(env)) {
      this.text(`[INVAL ENVIRON '${env}']`);
      return;
    }
    if (this.phrasing > 0) {
      this.push({ kind: "ghost", tag: "", env });
      return;
    }
    this.ensureFlow();
    if (env === "texttt") this.push({ kind: "pre", tag: "pre", env }, SCROLLS);
    else if (env === "quote") this.push({ kind: "blockquote", tag: "blockquote", env });
    else if (env === "tabular") this.push({ kind: "table", tag: "table", env }, SCROLLS);
    else this.push({ kind: "list", tag: LIST_TAG[env]!, env });
  }

  private end(env: string): void {
    if (!ENVIRONMENTS.has(env)) {
      this.text(`[INVAL ENVIRON '${env}']`);
      return;
    }
    for (let i = this.stack.length - 1; i > 0; i--) {
      const frame = this.stack[i]!;
      if (frame.env === env) {
        this.popTo(i);
        return;
      }
      if (SCOPED.has(frame.kind)) return;
    }
  }
}

/** Clean HTML5 for a post body (the default for pages and feeds). */
export function writeHtml(doc: Document, options: Fmt3WriteOptions = {}): string {
  const writer = new HtmlWriter(options);
  for (const p of doc.paragraphs) writer.paragraph(p);
  return writer.finish();
}
