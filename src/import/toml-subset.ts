/**
 * The part of TOML that Hugo front matter and site configs use: `key = value`
 * lines with bare, quoted and dotted keys, `[table]` headers, basic and
 * literal strings (one line or `"""` / `'''` multi-line), integers, floats,
 * booleans, dates and date-times, and arrays of these (over several lines
 * too). Inline tables and arrays of tables are not read: each is a problem
 * with its line, and the key is skipped. Nothing here throws.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlProblem {
  /** 1-based, within the TOML text. */
  line: number;
  column: number;
  message: string;
  /** True for valid TOML this subset does not read (the key is skipped); false for a syntax error. */
  unsupported: boolean;
}

export interface TomlResult {
  table: TomlTable;
  problems: TomlProblem[];
}

class Unsupported extends Error {}

const BARE_KEY = /[A-Za-z0-9_-]/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?/;
const NUMBER = /^[+-]?(?:inf|nan|0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)/;

const ESCAPES: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

/** Parses `text`; what it cannot read is listed in `problems`, the rest is kept. */
export function parseTomlSubset(text: string): TomlResult {
  return new Parser(text).parse();
}

class Parser {
  private pos = 0;
  private readonly problems: TomlProblem[] = [];

  constructor(private readonly text: string) {}

  parse(): TomlResult {
    const root: TomlTable = Object.create(null) as TomlTable;
    let table = root;
    while (this.pos < this.text.length) {
      this.skipBlank();
      if (this.pos >= this.text.length) break;
      const lineStart = this.pos;
      try {
        if (this.text.startsWith("[[", this.pos)) throw new Unsupported("arrays of tables ([[...]]) are not supported");
        if (this.text[this.pos] === "[") {
          this.pos++;
          const path = this.key();
          this.skipSpaces();
          this.expect("]");
          table = this.tableAt(root, path);
        } else {
          const path = this.key();
          this.skipSpaces();
          this.expect("=");
          this.skipSpaces();
          const value = this.value();
          const last = path[path.length - 1]!;
          const target = this.tableAt(table, path.slice(0, -1));
          if (Object.hasOwn(target, last)) throw new Error(`key \`${path.join(".")}\` is defined twice`);
          target[last] = value;
        }
        this.endOfLine();
      } catch (e) {
        const at = this.place(e instanceof Unsupported ? lineStart : this.pos);
        this.problems.push({ ...at, message: `TOML: ${(e as Error).message}`, unsupported: e instanceof Unsupported });
        this.skipToNextStatement();
      }
    }
    return { table: root, problems: this.problems };
  }

  private place(offset: number): { line: number; column: number } {
    const before = this.text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - before.lastIndexOf("\n") };
  }

  private tableAt(from: TomlTable, path: readonly string[]): TomlTable {
    let table = from;
    for (const part of path) {
      const next = table[part];
      if (next === undefined) {
        const created = Object.create(null) as TomlTable;
        table[part] = created;
        table = created;
      } else if (typeof next === "object" && !Array.isArray(next)) {
        table = next;
      } else {
        throw new Error(`\`${part}\` is not a table`);
      }
    }
    return table;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  /** Skips spaces, comments and newlines. */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      const c = this.text[this.pos];
      if (c === "#") {
        const nl = this.text.indexOf("\n", this.pos);
        this.pos = nl === -1 ? this.text.length : nl;
      } else if (c === "\n" || c === "\r") {
        this.pos++;
      } else {
        return;
      }
    }
  }

  /** After a problem: skips to the next line that does not continue an array or string. */
  private skipToNextStatement(): void {
    let nl = this.text.indexOf("\n", this.pos);
    while (nl !== -1) {
      const next = this.text.slice(nl + 1).match(/^[ \t]*(\S)/)?.[1];
      if (next === undefined || /[A-Za-z0-9_"'[#-]/.test(next)) break;
      nl = this.text.indexOf("\n", nl + 1);
    }
    this.pos = nl === -1 ? this.text.length : nl + 1;
  }

  private endOfLine(): void {
    this.skipSpaces();
    const c = this.text[this.pos];
    if (c === "#") {
      const nl = this.text.indexOf("\n", this.pos);
      this.pos = nl === -1 ? this.text.length : nl + 1;
    } else if (c === undefined) {
      return;
    } else if (c === "\n" || (c === "\r" && this.text[this.pos + 1] === "\n")) {
      this.pos += c === "\n" ? 1 : 2;
    } else {
      throw new Error(`unexpected \`${c}\` after the value`);
    }
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw new Error(`expected \`${c}\``);
    this.pos++;
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.text[this.pos];
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const start = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos]!)) this.pos++;
        if (this.pos === start) throw new Error("expected a key");
        parts.push(this.text.slice(start, this.pos));
      }
      this.skipSpaces();
      if (this.text[this.pos] !== ".") return parts;
      this.pos++;
    }
  }

  private value(depth = 0): TomlValue {
    if (depth > 32) throw new Error("arrays nested too deeply");
    const c = this.text[this.pos];
    if (c === '"') return this.text.startsWith('"""', this.pos) ? this.multiLineString('"""') : this.basicString();
    if (c === "'") return this.text.startsWith("'''", this.pos) ? this.multiLineString("'''") : this.literalString();
    if (c === "[") return this.array(depth);
    if (c === "{") throw new Unsupported("inline tables ({...}) are not supported");
    const rest = this.text.slice(this.pos, this.pos + 64);
    if (rest.startsWith("true") && !BARE_KEY.test(rest[4] ?? " ")) return (this.pos += 4), true;
    if (rest.startsWith("false") && !BARE_KEY.test(rest[5] ?? " ")) return (this.pos += 5), false;
    const date = DATE_TIME.exec(rest);
    if (date) {
      this.pos += date[0].length;
      return date[0];
    }
    const number = NUMBER.exec(rest);
    if (number) {
      this.pos += number[0].length;
      const digits = number[0].replace(/_/g, "");
      const value = /^[+-]?0[xob]/.test(digits) ? Number(digits.replace(/^\+/, "")) : digits.endsWith("inf") ? (digits.startsWith("-") ? -Infinity : Infinity) : Number(digits);
      return value;
    }
    throw new Error("expected a value (a string, number, boolean, date or array)");
  }

  private array(depth: number): TomlValue[] {
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return items;
      }
      if (this.pos >= this.text.length) throw new Error("unterminated array");
      items.push(this.value(depth + 1));
      this.skipBlank();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "]") throw new Error("expected `,` or `]` in an array");
    }
  }

  private basicString(): string {
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === "\n") throw new Error("unterminated string");
      this.pos++;
      if (c === '"') return out;
      out += c === "\\" ? this.escape() : c;
    }
  }

  private escape(): string {
    const e = this.text[this.pos++];
    if (e !== undefined && ESCAPES[e] !== undefined) return ESCAPES[e];
    if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const hex = this.text.slice(this.pos, this.pos + n);
      const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : NaN;
      if (!(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) throw new Error("invalid \\u escape");
      this.pos += n;
      return String.fromCodePoint(code);
    }
    throw new Error(`invalid escape \\${e ?? ""}`);
  }

  private literalString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const nl = this.text.indexOf("\n", this.pos + 1);
    if (end === -1 || (nl !== -1 && nl < end)) throw new Error("unterminated string");
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  private multiLineString(quote: string): string {
    this.pos += 3;
    // A newline right after the opening quotes is not part of the string.
    if (this.text[this.pos] === "\n") this.pos++;
    else if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) throw new Error("unterminated multi-line string");
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += 3;
        return out;
      }
      const c = this.text[this.pos++]!;
      if (quote === '"""' && c === "\\") {
        // A backslash at the end of a line trims the newline and the whitespace after it.
        if (/^[ \t]*\r?\n/.test(this.text.slice(this.pos, this.pos + 80))) {
          while (/[ \t\r\n]/.test(this.text[this.pos] ?? "")) this.pos++;
        } else {
          out += this.escape();
        }
      } else {
        out += c;
      }
    }
  }
}
