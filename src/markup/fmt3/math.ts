/**
 * fmt3 math (`$...$`): a small expression language parsed into a tree and
 * written as Presentation MathML exactly as blahgd does (spec 5.7).
 *
 * Precedence, loosest first: juxtaposition, `= < >`, `* /`, `+ -`, `_ ^`,
 * `~`; all left-associative. Numbers swallow a leading sign (`1+2` is the two
 * numbers `1` and `+2`), as blahgd's lexer does.
 */

export type MathNode =
  | { t: "mi"; v: string }
  | { t: "mn"; v: string }
  | { t: "propto" }
  | { t: "seq"; items: MathNode[] }
  | { t: "bin"; op: string; l: MathNode; r: MathNode }
  | { t: "unary"; op: string; operand: MathNode }
  | { t: "sup"; base: MathNode; exp: MathNode }
  | { t: "sub"; base: MathNode; idx: MathNode }
  | { t: "paren"; inner: MathNode }
  | { t: "frac"; num: MathNode; den: MathNode }
  | { t: "sqrt"; inner: MathNode };

export interface MathError {
  /** Offset into the math source. */
  offset: number;
  message: string;
}

type Tok =
  | { k: "mi" | "mn" | "op" | "macro"; v: string; at: number }
  | { k: "end"; v: ""; at: number };

const BINARY_LEVEL: Record<string, number> = {
  "=": 1, "<": 1, ">": 1,
  "*": 2, "/": 2,
  "+": 3, "-": 3,
  "_": 4, "^": 4,
  "~": 5,
};

const MAX_DEPTH = 200;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

function tokenize(src: string): Tok[] | MathError {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (isLetter(c)) {
      while (i < n && isLetter(src.charCodeAt(i))) i++;
      toks.push({ k: "mi", v: src.slice(start, i), at: start });
    } else if (isDigitOrDot(c) || ((c === 43 || c === 45) && i + 1 < n && isDigitOrDot(src.charCodeAt(i + 1)))) {
      i++;
      while (i < n && isDigitOrDot(src.charCodeAt(i))) i++;
      toks.push({ k: "mn", v: src.slice(start, i), at: start });
    } else if (c === 92 /* \ */) {
      i++;
      while (i < n && isLetter(src.charCodeAt(i))) i++;
      const name = src.slice(start + 1, i);
      if (name !== "frac" && name !== "sqrt" && name !== "propto") {
        return {
          offset: start,
          message: name
            ? `unknown math command \\${name} (fmt3 math knows \\frac, \\sqrt and \\propto)`
            : "a backslash in math must start \\frac, \\sqrt or \\propto",
        };
      }
      toks.push({ k: "macro", v: name, at: start });
    } else if ("+-*/=<>^_~(){}".includes(src[i]!)) {
      i++;
      toks.push({ k: "op", v: src[start]!, at: start });
    } else {
      return { offset: start, message: `character '${src[i]}' is not allowed in math` };
    }
  }
  toks.push({ k: "end", v: "", at: n });
  return toks;
}

class MathParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }

  fail(message: string, at = this.peek().at): never {
    throw new MathSyntaxError(at, message);
  }

  private expectOp(v: string): void {
    const t = this.peek();
    if (t.k !== "op" || t.v !== v) this.fail(`expected '${v}'`);
    this.i++;
  }

  /** A juxtaposed sequence, up to a closing bracket or the end. */
  parseSeq(): MathNode {
    if (++this.depth > MAX_DEPTH) this.fail("math is nested too deeply");
    const items: MathNode[] = [];
    while (this.startsOperand(this.peek())) items.push(this.parseBinary(1));
    this.depth--;
    if (items.length === 0) this.fail("expected a math expression");
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  private startsOperand(t: Tok): boolean {
    if (t.k === "mi" || t.k === "mn" || t.k === "macro") return true;
    // A sign with no left operand is a unary operator (blahg extension).
    return t.k === "op" && (t.v === "(" || t.v === "{" || t.v === "+" || t.v === "-");
  }

  private parseBinary(minLevel: number): MathNode {
    let left = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      const level = t.k === "op" ? BINARY_LEVEL[t.v] : undefined;
      if (level === undefined || level < minLevel) return left;
      this.i++;
      const right = this.parseBinary(level + 1);
      if (t.v === "^") left = { t: "sup", base: left, exp: right };
      else if (t.v === "_") left = { t: "sub", base: left, idx: right };
      else left = { t: "bin", op: t.v, l: left, r: right };
    }
  }

  private parseGroup(): MathNode {
    this.expectOp("{");
    const inner = this.parseSeq();
    this.expectOp("}");
    return inner;
  }

  private parsePrimary(): MathNode {
    const t = this.peek();
    if (++this.depth > MAX_DEPTH) this.fail("math is nested too deeply");
    let node: MathNode;
    if (t.k === "mi" || t.k === "mn") {
      this.i++;
      node = { t: t.k, v: t.v };
    } else if (t.k === "macro") {
      this.i++;
      if (t.v === "propto") node = { t: "propto" };
      else if (t.v === "sqrt") node = { t: "sqrt", inner: this.parseGroup() };
      else {
        const num = this.parseGroup();
        node = { t: "frac", num, den: this.parseGroup() };
      }
    } else if (t.k === "op" && t.v === "(") {
      this.i++;
      const inner = this.parseSeq();
      this.expectOp(")");
      node = { t: "paren", inner };
    } else if (t.k === "op" && t.v === "{") {
      node = this.parseGroup();
    } else if (t.k === "op" && (t.v === "+" || t.v === "-")) {
      this.i++;
      node = { t: "unary", op: t.v, operand: this.parseBinary(4) };
    } else {
      this.fail(t.k === "end" ? "unexpected end of math" : `unexpected '${t.v}' in math`);
    }
    this.depth--;
    return node;
  }

  atEnd(): boolean {
    return this.peek().k === "end";
  }
}

class MathSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** Parses the source between the dollars. */
export function parseMath(src: string): MathNode | MathError {
  const toks = tokenize(src);
  if (!Array.isArray(toks)) return toks;
  const parser = new MathParser(toks);
  try {
    const node = parser.parseSeq();
    if (!parser.atEnd()) parser.fail("unbalanced bracket in math");
    return node;
  } catch (e) {
    // The parser signals syntax errors by throwing internally; they never leave this function.
    if (e instanceof MathSyntaxError) return { offset: e.offset, message: e.message };
    throw e;
  }
}

export function isMathError(x: MathNode | MathError): x is MathError {
  return (x as MathError).message !== undefined;
}

function mo(op: string): string {
  if (op === "<") return "<mo>&lt;</mo>";
  if (op === ">") return "<mo>&gt;</mo>";
  return `<mo>${op}</mo>`;
}

function writeNode(n: MathNode): string {
  switch (n.t) {
    case "mi":
      return `<mi>${n.v}</mi>`;
    case "mn":
      return `<mn>${n.v}</mn>`;
    case "propto":
      return "<mo>&prop;</mo>";
    case "seq":
      return n.items.map(writeNode).join("");
    case "bin":
      return n.op === "~" ? writeNode(n.l) + writeNode(n.r) : writeNode(n.l) + mo(n.op) + writeNode(n.r);
    case "unary":
      return mo(n.op) + writeNode(n.operand);
    case "sup":
      return `<msup><mrow>${writeNode(n.base)}</mrow><mrow>${writeNode(n.exp)}</mrow></msup>`;
    case "sub":
      return `<msub><mrow>${writeNode(n.base)}</mrow><mrow>${writeNode(n.idx)}</mrow></msub>`;
    case "paren":
      return `<mrow><mo>(</mo><mrow>${writeNode(n.inner)}</mrow><mo>)</mo></mrow>`;
    case "frac":
      return `<mfrac><mrow>${writeNode(n.num)}</mrow><mrow>${writeNode(n.den)}</mrow></mfrac>`;
    case "sqrt":
      return `<msqrt><mrow>${writeNode(n.inner)}</mrow></msqrt>`;
  }
}

/** The `<math>` element for an expression, byte-identical to blahgd's. */
export function writeMathML(n: MathNode): string {
  return `<math>${writeNode(n)}</math>`;
}
