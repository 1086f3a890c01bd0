/**
 * fmt3 parser: source text to a syntax tree plus diagnostics. One pass over
 * the characters (the lexer's rules from spec 5.1 are applied inline) with
 * recursive descent for command arguments. It never throws on any input.
 *
 * Where blahgd fails, blahg does the right thing (documented in the README):
 * CR LF is a line end, 4-byte UTF-8 is text, blank lines at the start or
 * around comment lines never make empty paragraphs, empty arguments are
 * allowed, a sign before a math operand is a unary operator, and a formula
 * blahgd's small math grammar rejects is kept with its TeX source instead of
 * failing the post (writers render it with the full TeX converter).
 */

import { LineMap, type Diagnostic } from "../../diagnostics.js";
import { HAS_NEWLINE, NEEDS_ESCAPE, type CommandNode, type Document, type Inline, type Paragraph, type SpecialMeta, type SpecialName, type SymbolName } from "./ast.js";
import { COMMANDS, checkArguments, ENVIRONMENTS } from "./commands.js";
import { isMathError, parseMath } from "./math.js";
import type { ReportProblem, MarkupProblem } from "./writer.js";

export interface ParseResult {
  /** Absent when the source has a syntax error. */
  document?: Document;
  diagnostics: Diagnostic[];
}

const enum Ch {
  Tab = 9, Newline = 10, CR = 13, Space = 32, Quote = 34, Dollar = 36, Percent = 37, Amp = 38,
  Apostrophe = 39, Dash = 45, Dot = 46, LBracket = 91, Backslash = 92, RBracket = 93,
  Caret = 94, Underscore = 95, Backtick = 96, LBrace = 123, RBrace = 125, Tilde = 126, Del = 127,
}

/** ASCII characters that can't simply continue a run of text. */
const SPECIAL = new Uint8Array(128);
for (let c = 0; c < 32; c++) SPECIAL[c] = 1;
SPECIAL[Ch.Tab] = 0;
for (const ch of "%\\$`'-.~&{}[]_^") SPECIAL[ch.charCodeAt(0)] = 1;
SPECIAL[Ch.Del] = 1;

/** What a plain character means for writers (see TextNode.flags). */
const TEXT_FLAGS = new Uint8Array(128);
TEXT_FLAGS[Ch.Newline] = HAS_NEWLINE;
for (const ch of '&<>"') TEXT_FLAGS[ch.charCodeAt(0)] = NEEDS_ESCAPE;

function textFlags(value: string): number {
  let flags = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) flags |= TEXT_FLAGS[c]!;
  }
  return flags;
}

const SPECIAL_PREFIXES: ReadonlyArray<[string, SpecialName]> = [
  ["\\title{", "title"],
  ["\\published{", "published"],
  ["\\tag{", "tag"],
  ["\\twitterimg{", "twitterimg"],
  ["\\twitterphoto{", "twitterphoto"],
];

const RAW_ENVIRONMENTS: ReadonlyArray<[string, string, "verbatim" | "listing"]> = [
  ["\\begin{verbatim}", "\\end{verbatim}", "verbatim"],
  ["\\begin{listing}", "\\end{listing}", "listing"],
];

/** `[c]` right after `\begin{listing}`: a language name for highlighting. */
const LANGUAGE_HINT = /^\[([A-Za-z][A-Za-z0-9+#_-]{0,31})\]/;

/** What ends the inline sequence being parsed. */
const enum Until {
  Paragraph,
  Brace, // }
  Bracket, // ]
}

const MAX_NESTING = 100;

class SyntaxError_ extends Error {
  constructor(readonly offset: number, message: string, readonly code: string) {
    super(message);
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

class Parser {
  private i = 0;
  private depth = 0;
  readonly meta: SpecialMeta = { tags: [] };
  readonly problems: MarkupProblem[] = [];

  constructor(private readonly src: string) {}

  private fail(offset: number, message: string, code: string): never {
    throw new SyntaxError_(offset, message, code);
  }

  private warn(offset: number, message: string, code: string): void {
    this.problems.push({ offset, message, code, severity: "warning" });
  }

  /** The next paragraph, or undefined at the end of the text. */
  nextParagraph(): Paragraph | undefined {
    const n = this.src.length;
    while (this.i < n) {
      const pos = this.i;
      const children = this.parseInlines(Until.Paragraph);
      // Blank lines at the start, or around a comment line, give no paragraph.
      if (children.length > 0) return { children, pos };
    }
    return undefined;
  }

  private skipParagraphBreak(): void {
    const src = this.src;
    let i = this.i + 2;
    for (let c = src.charCodeAt(i); c === Ch.Newline || c === Ch.Space || c === Ch.Tab; c = src.charCodeAt(++i));
    this.i = i;
  }

  private parseInlines(until: Until): Inline[] {
    const src = this.src;
    const n = src.length;
    const out: Inline[] = [];
    const open = this.i - 1;
    if (until !== Until.Paragraph && ++this.depth > MAX_NESTING) {
      this.fail(open, "commands are nested too deeply", "fmt3/too-deep");
    }
    for (;;) {
      if (this.i >= n) {
        if (until === Until.Paragraph) return out;
        this.fail(open, until === Until.Brace ? "unclosed '{': missing '}'" : "unclosed '[': missing ']'", "fmt3/unclosed");
      }
      const start = this.i;
      const c = src.charCodeAt(start);
      if (c >= 128 || SPECIAL[c] === 0 || this.continuesText(c, start)) {
        this.i = this.scanText(start);
        out.push({ type: "text", value: src.slice(start, this.i), flags: this.textFlags, pos: start });
        continue;
      }
      switch (c) {
        case Ch.Newline: // only a paragraph break gets here
          if (until !== Until.Paragraph) {
            this.fail(start, "a blank line cannot be inside a command argument (is a '}' or ']' missing?)", "fmt3/blank-line-in-argument");
          }
          this.skipParagraphBreak();
          return out;
        case Ch.Percent: {
          const eol = src.indexOf("\n", start);
          this.i = eol === -1 ? n : eol;
          break;
        }
        case Ch.Backslash:
          out.push(this.parseBackslash(start));
          break;
        case Ch.Dollar:
          out.push(this.parseMathInline(start));
          break;
        case Ch.Backtick:
        case Ch.Apostrophe: {
          const two = src.charCodeAt(start + 1) === c;
          this.i = start + (two ? 2 : 1);
          const name: SymbolName = c === Ch.Backtick ? (two ? "ldquo" : "lsquo") : two ? "rdquo" : "rsquo";
          out.push({ type: "symbol", name, pos: start });
          break;
        }
        case Ch.Dash:
          this.pushDashes(out, start);
          break;
        case Ch.Dot: // only `...` gets here
          this.i = start + 3;
          out.push({ type: "symbol", name: "hellip", pos: start });
          break;
        case Ch.Tilde:
          this.i++;
          out.push({ type: "symbol", name: "nbsp", pos: start });
          break;
        case Ch.Amp:
          this.i++;
          out.push({ type: "symbol", name: "cell", pos: start });
          break;
        case Ch.RBrace:
          if (until === Until.Brace) {
            this.i++;
            this.depth--;
            return out;
          }
          this.fail(start, "unexpected '}': write \\} for a literal brace", "fmt3/bare-structural");
        // falls through (fail never returns)
        case Ch.RBracket:
          if (until === Until.Bracket) {
            this.i++;
            this.depth--;
            return out;
          }
          this.fail(start, "unexpected ']': write \\] for a literal bracket", "fmt3/bare-structural");
        // falls through
        case Ch.LBrace:
        case Ch.LBracket:
        case Ch.Underscore:
        case Ch.Caret: {
          const ch = src[start]!;
          this.fail(start, `unexpected '${ch}' in text: write \\${ch} for a literal '${ch}'`, "fmt3/bare-structural");
        }
        // falls through
        default:
          // Control characters (other than tab and newline): blahgd stops reading the post here.
          this.warn(start, `ignored control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`, "fmt3/control-character");
          this.i++;
      }
    }
  }

  /** Whether a special character at i is, in fact, ordinary text here. */
  private continuesText(c: number, i: number): boolean {
    const src = this.src;
    if (c === Ch.Newline) return src.charCodeAt(i + 1) !== Ch.Newline;
    if (c === Ch.Dash) return src.charCodeAt(i + 1) !== Ch.Dash;
    if (c === Ch.Dot) return !(src.charCodeAt(i + 1) === Ch.Dot && src.charCodeAt(i + 2) === Ch.Dot);
    return false;
  }

  /** TextNode.flags of the run scanText last read. */
  private textFlags = 0;

  /** The end of the run of plain text starting at i (its flags go to textFlags). */
  private scanText(i: number): number {
    const src = this.src;
    const n = src.length;
    let flags = 0;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c >= 128) continue;
      if (SPECIAL[c] !== 0 && !this.continuesText(c, i)) break;
      flags |= TEXT_FLAGS[c]!;
    }
    this.textFlags = flags;
    return i;
  }

  private pushDashes(out: Inline[], start: number): void {
    const src = this.src;
    let end = start;
    while (src.charCodeAt(end) === Ch.Dash) end++;
    this.i = end;
    // Greedy like blahgd's lexer: `----` is an em dash and a hyphen.
    let run = end - start;
    let pos = start;
    for (; run >= 3; run -= 3, pos += 3) out.push({ type: "symbol", name: "mdash", pos });
    if (run === 2) out.push({ type: "symbol", name: "ndash", pos });
    else if (run === 1) out.push({ type: "text", value: "-", flags: 0, pos });
  }

  private parseBackslash(start: number): Inline {
    const src = this.src;
    const next = src.charCodeAt(start + 1);
    // Only \t..., \p... and \b... can start the lexer-level forms; skip the checks otherwise.
    if (next === 116 /* t */ || next === 112 /* p */) {
      for (let k = 0; k < SPECIAL_PREFIXES.length; k++) {
        const [prefix, name] = SPECIAL_PREFIXES[k]!;
        if (src.startsWith(prefix, start)) return this.parseSpecial(start, prefix.length, name);
      }
    } else if (next === 98 /* b */) {
      for (let k = 0; k < RAW_ENVIRONMENTS.length; k++) {
        const [begin, end, type] = RAW_ENVIRONMENTS[k]!;
        if (!src.startsWith(begin, start)) continue;
        const from = start + begin.length;
        const to = src.indexOf(end, from);
        if (to === -1) this.fail(start, `unterminated ${type} environment: missing ${end}`, "fmt3/unclosed");
        this.i = to + end.length;
        const raw = src.slice(from, to);
        const hint = type === "listing" ? LANGUAGE_HINT.exec(raw) : null;
        return hint ? { type, raw, hint: { language: hint[1]!, length: hint[0].length }, pos: start } : { type, raw, pos: start };
      }
    }
    if (isWordChar(next)) return this.parseCommand(start);
    this.i = start + 2;
    switch (next) {
      case Ch.Backslash:
        return { type: "symbol", name: "br", pos: start };
      case Ch.LBrace:
      case Ch.RBrace:
      case Ch.LBracket:
      case Ch.RBracket:
      case Ch.Amp:
      case Ch.Underscore:
      case Ch.Caret:
      case Ch.Tilde:
      case Ch.Percent:
      case Ch.Dollar:
        return { type: "text", value: src[start + 1]!, flags: textFlags(src[start + 1]!), pos: start };
    }
    if (Number.isNaN(next)) this.fail(start, "a backslash at the end of the text", "fmt3/bad-escape");
    const shown = next === Ch.Newline ? "a newline" : next === Ch.Space ? "a space" : `'${String.fromCodePoint(src.codePointAt(start + 1)!)}'`;
    this.fail(start, `a backslash cannot be followed by ${shown} (use \\\\ for a line break)`, "fmt3/bad-escape");
  }

  private parseSpecial(start: number, prefixLength: number, name: SpecialName): Inline {
    const from = start + prefixLength;
    const close = this.src.indexOf("}", from);
    if (close === -1) this.fail(start, `unterminated \\${name}{: missing '}'`, "fmt3/unclosed");
    this.i = close + 1;
    const value = this.src.slice(from, close).replaceAll("\n", "");
    const meta = this.meta;
    if (name === "title") meta.title = value;
    else if (name === "published") meta.published = value;
    else if (name === "tag") meta.tags.push(value);
    else meta.twitterImage = { kind: name === "twitterimg" ? "url" : "photo", value };
    return { type: "special", name, value, pos: start };
  }

  private parseCommand(start: number): CommandNode {
    const src = this.src;
    let i = start + 1;
    while (isWordChar(src.charCodeAt(i))) i++;
    const name = src.slice(start + 1, i);
    this.i = i;
    let opt: Inline[] | undefined;
    let arg: Inline[] | undefined;
    if (src.charCodeAt(this.i) === Ch.LBracket) {
      this.i++;
      opt = this.parseInlines(Until.Bracket);
      if (src.charCodeAt(this.i) !== Ch.LBrace) {
        this.fail(this.i, `\\${name}[...] must be followed by a {argument}`, "fmt3/missing-argument");
      }
    }
    if (src.charCodeAt(this.i) === Ch.LBrace) {
      this.i++;
      arg = this.parseInlines(Until.Brace);
    }
    const spec = COMMANDS.get(name);
    if (spec === undefined) {
      this.warn(start, `unknown command \\${name} (rendered as [INVAL CMD '${name}'])`, "fmt3/unknown-command");
    } else {
      const problem = checkArguments(name, spec, opt !== undefined, arg !== undefined);
      if (problem) this.fail(start, problem, "fmt3/arguments");
      if ((name === "begin" || name === "end") && arg !== undefined) this.checkEnvironment(start, arg);
    }
    return { type: "command", name, opt, arg, pos: start };
  }

  private checkEnvironment(start: number, arg: Inline[]): void {
    const only = arg.length === 1 ? arg[0] : undefined;
    if (only?.type === "text" && ENVIRONMENTS.has(only.value)) return;
    const shown = only?.type === "text" ? only.value : "...";
    this.warn(start, `unknown environment '${shown}' (rendered as [INVAL ENVIRON '${shown}'])`, "fmt3/unknown-environment");
  }

  /**
   * `$...$`, or `$$...$$` for display math (blahg's extension: blahgd reads
   * `$$` as an empty formula, an error). The source is kept whatever blahgd's
   * grammar says of it: html mode renders it with the full TeX converter.
   */
  private parseMathInline(start: number): Inline {
    const src = this.src;
    const display = src.charCodeAt(start + 1) === Ch.Dollar;
    const delimiter = display ? "$$" : "$";
    const from = start + delimiter.length;
    const close = src.indexOf(delimiter, from);
    if (close === -1) {
      this.fail(start, display
        ? "unterminated display math: missing closing '$$' (write \\$ for a dollar sign)"
        : "unterminated math: missing closing '$' (write \\$ for a dollar sign)", "fmt3/unclosed");
    }
    const source = src.slice(from, close);
    this.i = close + delimiter.length;
    const expr = display ? undefined : parseMath(source);
    if (expr === undefined || isMathError(expr)) {
      const blahgdError = expr ?? { offset: 0, message: "blahgd has no display math ($$...$$)" };
      return { type: "math", expr: undefined, blahgdError, source, sourcePos: from, display, pos: start };
    }
    return { type: "math", expr, source, sourcePos: from, display, pos: start };
  }
}

/**
 * Parses a body paragraph by paragraph, handing each to `sink` as soon as it
 * is complete: a large body is written without ever holding its whole tree.
 * Returns the diagnostics and the special commands; `ok` is false after a
 * syntax error (the sink has then seen only the paragraphs before it).
 */
export function parseFmt3Paragraphs(source: string, sink: (paragraph: Paragraph, report: ReportProblem) => void): { ok: boolean; meta: SpecialMeta; diagnostics: Diagnostic[] } {
  // CR LF and lone CR are line ends (blahgd would silently stop reading at the CR).
  const src = source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
  const parser = new Parser(src);
  let ok = true;
  const report: ReportProblem = (problem) => parser.problems.push(problem);
  try {
    for (let p = parser.nextParagraph(); p; p = parser.nextParagraph()) sink(p, report);
  } catch (e) {
    if (!(e instanceof SyntaxError_)) throw e;
    parser.problems.push({ offset: e.offset, message: e.message, code: e.code, severity: "error" });
    ok = false;
  }
  let diagnostics: Diagnostic[] = [];
  if (parser.problems.length > 0) {
    const lines = new LineMap(src);
    // Writers report while paragraphs are written, after the parser's own warnings for them.
    parser.problems.sort((a, b) => a.offset - b.offset);
    diagnostics = parser.problems.map((p) => ({ ...lines.position(p.offset), severity: p.severity, code: p.code, message: p.message }));
  }
  return { ok, meta: parser.meta, diagnostics };
}

/** Parses a post body into a tree. Syntax errors come back as diagnostics, never as exceptions. */
export function parseFmt3(source: string): ParseResult {
  const paragraphs: Paragraph[] = [];
  const { ok, meta, diagnostics } = parseFmt3Paragraphs(source, (p) => paragraphs.push(p));
  return ok ? { document: { paragraphs, meta }, diagnostics } : { diagnostics };
}
