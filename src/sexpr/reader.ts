/**
 * The s-expression reader: text to {@link Datum}, with the exact grammar of
 * libjeffpc v0.21 (spec §2), including its longest-match lexing quirks
 * (`-5` and `08` are symbols, `010` is octal 8, `(1.5)` is the pair `(1 . 5)`).
 *
 * It reads every post.lisp and comment meta.lisp at start-up, so it scans with
 * `charCodeAt` and a class table instead of regular expressions. It never
 * throws: every problem becomes a {@link Diagnostic} with a line and column.
 */

import type { Diagnostic } from "../diagnostics.js";
import type { ConsDatum, Datum, NilDatum } from "./datum.js";
import { U64_MAX } from "./datum.js";

export interface ReadResult {
  /** The datum, absent when the text has an error. */
  datum?: Datum;
  /** True when the whole text is a single `'datum` (an old, pre-2016 data file). */
  quoted: boolean;
  diagnostics: Diagnostic[];
}

export interface ReadOptions {
  /** Deepest nesting of lists and quotes accepted; deeper input is an error. */
  maxDepth?: number;
}

/** Nesting limit: far beyond any real file, far below what would exhaust the stack. */
export const DEFAULT_MAX_DEPTH = 1000;

// Character classes of the ASCII range.
const SYMBOL = 2; // may appear in a symbol (digits included: `12abc` is a symbol)
const DECIMAL = 4;
const OCTAL = 8;
const HEX = 16;

const CLASSES = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+=|&*?_-") {
  CLASSES[c.charCodeAt(0)] = SYMBOL;
}
for (let c = 0x30; c <= 0x39; c++) CLASSES[c] = SYMBOL | DECIMAL | HEX | (c <= 0x37 ? OCTAL : 0);
for (const c of "abcdefABCDEF") CLASSES[c.charCodeAt(0)]! |= HEX;

function hasClass(c: number, cls: number): boolean {
  // NaN (past the end) and non-ASCII index outside the table and yield undefined.
  return ((CLASSES[c] ?? 0) & cls) !== 0;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_DQUOTE = 34;
const CH_HASH = 35;
const CH_QUOTE = 39;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_DOT = 46;
const CH_0 = 48;
const CH_SEMICOLON = 59;
const CH_BACKSLASH = 92;
const CH_b = 98;
const CH_f = 102;
const CH_n = 110;
const CH_r = 114;
const CH_t = 116;
const CH_u = 117;
const CH_x = 120;

/** Thrown inside the reader to abandon the parse at the first error; never escapes it. */
class ReadFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

class Reader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly length: number;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.length = text.length;
  }

  readDocument(): Datum {
    this.skipAtmosphere();
    if (this.pos >= this.length) {
      this.fail(
        "sexpr/empty",
        this.length === 0
          ? "expected a datum, but the input is empty"
          : "expected a datum, but the input holds only white space and comments",
        this.pos,
      );
    }
    const datum = this.readDatum(1);
    this.skipAtmosphere();
    if (this.text.charCodeAt(this.pos) === CH_RPAREN) {
      this.fail("sexpr/unexpected-close", "unexpected `)` without a matching `(`", this.pos);
    }
    if (this.pos < this.length) {
      this.fail(
        "sexpr/trailing-data",
        "unexpected data after the end of the datum (a file holds exactly one datum)",
        this.pos,
      );
    }
    return datum;
  }

  /** Skips whitespace and `;` comments, keeping the line count. */
  private skipAtmosphere(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        this.pos++;
      } else if (c === CH_LF) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === CH_SEMICOLON) {
        const lf = text.indexOf("\n", this.pos);
        this.pos = lf === -1 ? this.length : lf;
      } else {
        return;
      }
    }
  }

  /** Reads one datum starting exactly at `pos`, which must not be past the end. */
  private readDatum(depth: number): Datum {
    if (depth > this.maxDepth) {
      this.fail("sexpr/too-deep", `data nested more than ${this.maxDepth} levels deep`, this.pos);
    }
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case CH_LPAREN:
        return this.readList(depth);
      case CH_RPAREN:
        return this.fail("sexpr/unexpected-close", "unexpected `)` without a matching `(`", this.pos);
      case CH_DOT:
        return this.fail(
          "sexpr/misplaced-dot",
          "`.` may only appear inside a list, between two data: `(a . b)`",
          this.pos,
        );
      case CH_QUOTE:
        return this.readQuote(depth);
      case CH_DQUOTE:
        return this.readString();
      case CH_HASH:
        return this.readHash();
      default:
        if (hasClass(c, SYMBOL)) return this.readAtom();
        return this.invalidCharacter();
    }
  }

  private readList(depth: number): Datum {
    const text = this.text;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    this.pos++;
    const items: Datum[] = [];
    for (;;) {
      this.skipAtmosphere();
      const c = text.charCodeAt(this.pos);
      if (c === CH_RPAREN) break;
      if (this.pos >= this.length) {
        this.failAt("sexpr/unclosed-list", "this `(` is never closed", line, column);
      }
      if (c === CH_DOT) return this.readPairTail(items, start, line, column, depth);
      items.push(this.readDatum(depth + 1));
    }
    const close = this.pos;
    const end = close + 1;
    this.pos = end;
    const closeColumn = close - this.lineStart + 1;
    if (items.length === 0) {
      const nil: NilDatum = { kind: "nil", start, end, line, column };
      return nil;
    }
    // The implicit tail cells get spans ending at the `)`, see Span in datum.ts.
    let tail: Datum = { kind: "nil", start: close, end, line: this.line, column: closeColumn };
    for (let i = items.length - 1; i >= 1; i--) {
      const car = items[i]!;
      const cell: ConsDatum = {
        kind: "cons",
        car,
        cdr: tail,
        start: car.start!,
        end,
        line: car.line!,
        column: car.column!,
      };
      tail = cell;
    }
    const head: ConsDatum = { kind: "cons", car: items[0]!, cdr: tail, start, end, line, column };
    return head;
  }

  /** Finishes `(car . cdr)`; `pos` is at the `.`. */
  private readPairTail(items: Datum[], start: number, line: number, column: number, depth: number): Datum {
    const dot = this.pos;
    if (items.length !== 1) {
      this.fail(
        "sexpr/misplaced-dot",
        items.length === 0
          ? "a dotted pair needs a datum before the `.`: `(a . b)`"
          : "a dotted pair has exactly one datum before the `.`: write `(a . (b . c))`, not `(a b . c)`",
        dot,
      );
    }
    this.pos++;
    this.skipAtmosphere();
    if (this.pos >= this.length) {
      this.failAt("sexpr/unclosed-list", "this `(` is never closed", line, column);
    }
    if (this.text.charCodeAt(this.pos) === CH_RPAREN) {
      this.fail("sexpr/misplaced-dot", "a dotted pair needs a datum after the `.`: `(a . b)`", dot);
    }
    const cdr = this.readDatum(depth + 1);
    this.skipAtmosphere();
    if (this.pos >= this.length) {
      this.failAt("sexpr/unclosed-list", "this `(` is never closed", line, column);
    }
    if (this.text.charCodeAt(this.pos) !== CH_RPAREN) {
      this.fail(
        "sexpr/misplaced-dot",
        "a dotted pair has exactly one datum after the `.`: expected `)`",
        this.pos,
      );
    }
    this.pos++;
    const cell: ConsDatum = { kind: "cons", car: items[0]!, cdr, start, end: this.pos, line, column };
    return cell;
  }

  private readQuote(depth: number): Datum {
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    this.pos++;
    this.skipAtmosphere();
    if (this.pos >= this.length || this.text.charCodeAt(this.pos) === CH_RPAREN) {
      this.failAt("sexpr/quote-without-datum", "`'` must be followed by a datum", line, column);
    }
    const datum = this.readDatum(depth + 1);
    return { kind: "quote", datum, start, end: this.pos, line, column };
  }

  private readString(): Datum {
    const text = this.text;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    let value = "";
    let i = start + 1;
    let runStart = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === CH_DQUOTE) break;
      if (c === CH_LF) {
        this.line++;
        this.lineStart = i + 1;
        i++;
      } else if (c === CH_BACKSLASH) {
        if (i + 1 >= this.length) {
          i = this.length; // a lone backslash at the very end: unterminated
          break;
        }
        value += text.slice(runStart, i);
        const e = text.charCodeAt(i + 1);
        i += 2;
        switch (e) {
          case CH_n:
            value += "\n";
            break;
          case CH_t:
            value += "\t";
            break;
          case CH_r:
            value += "\r";
            break;
          case CH_b:
            value += "\b";
            break;
          case CH_f:
            value += "\f";
            break;
          case CH_u: {
            const code = hex4(text, i);
            if (code >= 0) {
              value += String.fromCharCode(code);
              i += 4;
            } else {
              value += "u"; // not exactly four hex digits: an unknown escape
            }
            break;
          }
          case CH_LF:
            // An unknown escape too: the backslash goes, the newline stays.
            value += "\n";
            this.line++;
            this.lineStart = i;
            break;
          default:
            // `\\`, `\"`, and every unknown escape: the character after the backslash.
            value += text[i - 1];
            break;
        }
        runStart = i;
      } else if (i >= this.length) {
        break;
      } else {
        i++;
      }
    }
    if (i >= this.length) {
      this.failAt("sexpr/unterminated-string", "this string is never closed with `\"`", line, column);
    }
    value += text.slice(runStart, i);
    this.pos = i + 1;
    return { kind: "string", value, start, end: this.pos, line, column };
  }

  /** `#t`, `#f`, `#n`, `#x1F`, `#\c`. */
  private readHash(): Datum {
    const text = this.text;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    const c = text.charCodeAt(start + 1);
    if (c === CH_t || c === CH_f) {
      this.pos = start + 2;
      return { kind: "bool", value: c === CH_t, start, end: this.pos, line, column };
    }
    if (c === CH_n) {
      this.pos = start + 2;
      return { kind: "null", start, end: this.pos, line, column };
    }
    if (c === CH_x) {
      let end = start + 2;
      while (hasClass(text.charCodeAt(end), HEX)) end++;
      if (end > start + 2) {
        const value = this.integer("0x" + text.slice(start + 2, end), start, end);
        this.pos = end;
        return { kind: "int", value, start, end, line, column };
      }
    }
    if (c === CH_BACKSLASH) return this.readChar(start, line, column);
    return this.fail(
      "sexpr/invalid-token",
      `\`${text.slice(start, start + 2)}\` is not valid: \`#\` starts only #t, #f, #n, #x<hex> and #\\<character>`,
      start,
    );
  }

  /** `#\c`, `#\space`, `#\nul`, `#\u<hex>`; the longest of these that matches wins. */
  private readChar(start: number, line: number, column: number): Datum {
    const text = this.text;
    const p = start + 2;
    let value: string;
    let end: number;
    if (text.startsWith("space", p)) {
      value = " ";
      end = p + 5;
    } else if (text.startsWith("nul", p)) {
      value = "\0";
      end = p + 3;
    } else if (text.charCodeAt(p) === CH_u && hasClass(text.charCodeAt(p + 1), HEX)) {
      end = p + 1;
      while (hasClass(text.charCodeAt(end), HEX)) end++;
      const digits = text.slice(p + 1, end);
      const code = digits.length <= 8 ? parseInt(digits, 16) : Infinity;
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        this.fail(
          "sexpr/invalid-char-literal",
          `\`#\\u${digits}\` is not a Unicode scalar value`,
          start,
        );
      }
      value = String.fromCodePoint(code);
    } else {
      const code = text.codePointAt(p);
      if (code === undefined || code === CH_LF) {
        this.fail("sexpr/invalid-char-literal", "`#\\` must be followed by a character", start);
      }
      end = p + (code > 0xffff ? 2 : 1);
      value = text.slice(p, end);
    }
    this.pos = end;
    return { kind: "char", value, start, end, line, column };
  }

  /**
   * A number or a symbol, by longest match: the symbol rule accepts digits
   * too, so a number wins only when it covers the whole symbol-character run
   * (on a tie the number rule, listed first, wins).
   */
  private readAtom(): Datum {
    const text = this.text;
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    let end = start + 1;
    while (hasClass(text.charCodeAt(end), SYMBOL)) end++;
    this.pos = end;
    const c = text.charCodeAt(start);
    if (c === CH_0) {
      let numEnd: number;
      let literal: string;
      if (text.charCodeAt(start + 1) === CH_x && hasClass(text.charCodeAt(start + 2), HEX)) {
        numEnd = start + 3;
        while (hasClass(text.charCodeAt(numEnd), HEX)) numEnd++;
        literal = text.slice(start, numEnd);
      } else {
        numEnd = start + 1;
        while (hasClass(text.charCodeAt(numEnd), OCTAL)) numEnd++;
        literal = "0o" + text.slice(start, numEnd);
      }
      if (numEnd === end) {
        return { kind: "int", value: this.integer(literal, start, end), start, end, line, column };
      }
    } else if (hasClass(c, DECIMAL)) {
      let numEnd = start + 1;
      while (hasClass(text.charCodeAt(numEnd), DECIMAL)) numEnd++;
      if (numEnd === end) {
        const literal = text.slice(start, end);
        // Up to 15 digits cannot overflow and convert faster through a number.
        const value = end - start <= 15 ? BigInt(+literal) : this.integer(literal, start, end);
        return { kind: "int", value, start, end, line, column };
      }
    }
    return { kind: "symbol", name: text.slice(start, end), start, end, line, column };
  }

  /** Converts a JS-syntax integer literal, failing when it does not fit in 64 bits. */
  private integer(literal: string, start: number, end: number): bigint {
    const value = BigInt(literal);
    if (value > U64_MAX) {
      const written = this.text.slice(start, end);
      const shown = written.length > 40 ? written.slice(0, 40) + "…" : written;
      this.fail(
        "sexpr/integer-overflow",
        `the integer ${shown} does not fit in 64 bits (the largest is ${U64_MAX})`,
        start,
      );
    }
    return value;
  }

  private invalidCharacter(): never {
    const code = this.text.codePointAt(this.pos)!;
    let shown: string;
    if (code > 0x20 && code < 0x7f) {
      shown = `\`${String.fromCharCode(code)}\``;
    } else {
      shown = "U+" + code.toString(16).toUpperCase().padStart(4, "0");
      if (code === 0xfeff) shown += " (a byte order mark; save the file as UTF-8 without BOM)";
    }
    return this.fail(
      "sexpr/invalid-character",
      `the character ${shown} cannot start a datum`,
      this.pos,
    );
  }

  /** Fails at an offset on the current line. */
  private fail(code: string, message: string, offset: number): never {
    return this.failAt(code, message, this.line, offset - this.lineStart + 1);
  }

  private failAt(code: string, message: string, line: number, column: number): never {
    throw new ReadFailure({ line, column, severity: "error", code, message });
  }
}

/** The value of exactly four hex digits at `i`, or -1. */
function hex4(text: string, i: number): number {
  let value = 0;
  for (let k = i; k < i + 4; k++) {
    const c = text.charCodeAt(k);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 48;
    else if (c >= 97 && c <= 102) digit = c - 87;
    else if (c >= 65 && c <= 70) digit = c - 55;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Reads the one datum `text` holds. On any error there is no datum and the
 * diagnostics hold the (first) error.
 */
export function parseSexpr(text: string, options: ReadOptions = {}): ReadResult {
  const reader = new Reader(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    const datum = reader.readDocument();
    return { datum, quoted: datum.kind === "quote", diagnostics: [] };
  } catch (e) {
    if (e instanceof ReadFailure) return { quoted: false, diagnostics: [e.diagnostic] };
    throw e;
  }
}

/**
 * Reads a data file (config, post.lisp, meta.lisp). Files written before 2016
 * start with a quote, `'((time . "...") ...)`, which today's blahgd reads as
 * `(quote ...)` and then finds none of its keys. We accept them: the datum is
 * the quoted one, `quoted` is true and a warning says to drop the quote.
 */
export function readDataFile(text: string, options: ReadOptions = {}): ReadResult {
  const result = parseSexpr(text, options);
  const datum = result.datum;
  if (datum?.kind !== "quote") return result;
  return {
    datum: datum.datum,
    quoted: true,
    diagnostics: [
      ...result.diagnostics,
      {
        line: datum.line ?? 1,
        column: datum.column ?? 1,
        severity: "warning",
        code: "sexpr/quoted-file",
        message:
          "the file starts with a quote ('): blahgd since 2016 reads it as (quote ...) and finds none of its keys; remove the leading '",
      },
    ],
  };
}
