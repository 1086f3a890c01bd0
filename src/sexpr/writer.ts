/**
 * The s-expression writer: {@link Datum} to text in libjeffpc's form (spec §2),
 * used for the meta.lisp of pending comments. Whatever it writes, the reader
 * reads back as the same datum.
 */

import type { Datum } from "./datum.js";

/** What a symbol may look like so that it reads back as that symbol (and not as a number). */
const SYMBOL_NAME = /^[a-zA-Z0-9+=|&*?_-]+$/;
const NUMBER_TOKEN = /^(?:[1-9][0-9]*|0[0-7]*|0x[0-9a-fA-F]+)$/;

/** True when `name` written bare reads back as the symbol `name`. */
export function isSymbolName(name: string): boolean {
  return SYMBOL_NAME.test(name) && !NUMBER_TOKEN.test(name);
}

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\b": "\\b",
  "\f": "\\f",
  "\\": "\\\\",
  '"': '\\"',
};
const NEEDS_ESCAPE = /[\n\t\r\b\f\\"]/;
const NEEDS_ESCAPE_ALL = /[\n\t\r\b\f\\"]/g;

/** Characters written as `#\uHEX` because they would be invisible or confusing after `#\`. */
const CHAR_NEEDS_HEX = /^[\p{Cc}\p{Cf}\p{Z}\p{Co}\p{Cn}\p{M}]$/u;

/** Writes a string literal, escaping exactly `\n \t \r \b \f \\ \"`; everything else stays raw. */
export function writeString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return `"${value.replace(NEEDS_ESCAPE_ALL, (c) => STRING_ESCAPES[c]!)}"`;
}

/** Writes a character literal; `value` must be one code point. */
export function writeChar(value: string): string {
  if (value === " ") return "#\\space";
  if (value === "\0") return "#\\nul";
  if (CHAR_NEEDS_HEX.test(value)) {
    return "#\\u" + value.codePointAt(0)!.toString(16).toUpperCase();
  }
  return "#\\" + value;
}

/**
 * Writes a datum: lists as `(a b c)`, pairs as `(a . b)`, a pair whose cdr is
 * `()` as a one-element list. The reader rejects `(a b . c)`, so a chain of
 * pairs that does not end in `()` is written as nested pairs `(a . (b . c))`.
 * Symbol names are written as they are; see {@link isSymbolName}.
 */
export function writeSexpr(d: Datum): string {
  const out: string[] = [];
  write(d, out);
  return out.join("");
}

function write(d: Datum, out: string[]): void {
  for (;;) {
    switch (d.kind) {
      case "bool":
        out.push(d.value ? "#t" : "#f");
        return;
      case "null":
        out.push("#n");
        return;
      case "int":
        out.push(d.value.toString());
        return;
      case "char":
        out.push(writeChar(d.value));
        return;
      case "string":
        out.push(writeString(d.value));
        return;
      case "symbol":
        out.push(d.name);
        return;
      case "nil":
        out.push("()");
        return;
      case "quote":
        out.push("'");
        d = d.datum;
        continue;
      case "cons":
        writeCons(d, out);
        return;
    }
  }
}

function writeCons(d: Datum & { kind: "cons" }, out: string[]): void {
  let end: Datum = d.cdr;
  while (end.kind === "cons") end = end.cdr;
  if (end.kind === "nil") {
    out.push("(");
    write(d.car, out);
    for (let rest = d.cdr; rest.kind === "cons"; rest = rest.cdr) {
      out.push(" ");
      write(rest.car, out);
    }
    out.push(")");
    return;
  }
  let opened = 0;
  let rest: Datum = d;
  while (rest.kind === "cons") {
    out.push("(");
    write(rest.car, out);
    out.push(" . ");
    opened++;
    rest = rest.cdr;
  }
  write(rest, out);
  out.push(")".repeat(opened));
}
