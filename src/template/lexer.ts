/**
 * Template lexer: splits a template source into text runs and the tokens
 * of brace commands. Outside braces everything but `{` and `}` is text;
 * inside, `[A-Za-z0-9_]+` is a word, `| % ( ) ,` are punctuation and any
 * other character (whitespace included) is a `char` token the parser rejects.
 */

export type TokenKind =
  | "text" // literal text outside braces
  | "open" // `{`
  | "close" // `}`
  | "word" // [A-Za-z0-9_]+ inside braces
  | "punct" // one of | % ( ) , inside braces
  | "char" // any other single character inside braces: always an error
  | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** Offset of the token's first character in the source. */
  readonly offset: number;
}

const WORD_AT = /[A-Za-z0-9_]+/y;
const BRACE = /[{}]/g;

function isPunct(c: string): boolean {
  return c === "|" || c === "%" || c === "(" || c === ")" || c === ",";
}

/** All tokens of `source`, ending with one `eof` token. Never throws. */
export function lexTemplate(source: string): Token[] {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  let inside = false;
  while (i < n) {
    if (!inside) {
      BRACE.lastIndex = i;
      const m = BRACE.exec(source);
      const stop = m === null ? n : m.index;
      if (stop > i) tokens.push({ kind: "text", value: source.slice(i, stop), offset: i });
      if (m === null) break;
      const brace = source[stop]!;
      tokens.push({ kind: brace === "{" ? "open" : "close", value: brace, offset: stop });
      inside = brace === "{";
      i = stop + 1;
      continue;
    }
    const c = source[i]!;
    if (c === "}") {
      tokens.push({ kind: "close", value: c, offset: i });
      inside = false;
      i++;
    } else if (c === "{") {
      tokens.push({ kind: "open", value: c, offset: i });
      i++;
    } else if (isPunct(c)) {
      tokens.push({ kind: "punct", value: c, offset: i });
      i++;
    } else {
      WORD_AT.lastIndex = i;
      const w = WORD_AT.exec(source);
      if (w !== null) {
        tokens.push({ kind: "word", value: w[0], offset: i });
        i += w[0].length;
      } else {
        // One UTF-16 unit is enough: the parser stops at the first bad one.
        tokens.push({ kind: "char", value: c, offset: i });
        i++;
      }
    }
  }
  tokens.push({ kind: "eof", value: "", offset: n });
  return tokens;
}
