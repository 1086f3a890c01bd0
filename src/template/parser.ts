/**
 * Template parser: tokens to a syntax tree, with every syntax error as a
 * diagnostic (blahgd aborts on them; we report them all and carry on).
 *
 * Grammar inside braces, no whitespace anywhere:
 *   {WORD}  {WORD|WORD|…}  {WORD%WORD}  {WORD(…)}  with (…) = () | (WORD) | (WORD,WORD,…)
 */

import { LineMap, type Diagnostic } from "../diagnostics.js";
import type {
  ComparisonOperand,
  Condition,
  FilterRef,
  IfNode,
  SourcePosition,
  TemplateAst,
  TemplateNode,
} from "./ast.js";
import { lexTemplate, type Token } from "./lexer.js";
import { parseDecimalLiteral } from "./value.js";

export interface ParseTemplateResult {
  readonly ast: TemplateAst;
  readonly diagnostics: Diagnostic[];
}

/** The functions `{f(…)}` may call, with their argument counts. */
export const TEMPLATE_FUNCTION_ARITY: Readonly<Record<string, number>> = {
  ifset: 1,
  ifeq: 2,
  ifgt: 2,
  iflt: 2,
  else: 0,
  endif: 0,
};

interface OpenIf {
  readonly condition: Condition;
  readonly position: SourcePosition;
  readonly then: TemplateNode[];
  readonly else: TemplateNode[];
  inElse: boolean;
  /** The body the finished `if` node goes into. */
  readonly parent: TemplateNode[];
}

/** Parses one template file. Never throws; `file` goes into diagnostics. */
export function parseTemplate(source: string, file?: string): ParseTemplateResult {
  return new Parser(source, file).parse();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  private readonly diagnostics: Diagnostic[] = [];
  private lineMap: LineMap | undefined;
  private readonly root: TemplateNode[] = [];
  private body: TemplateNode[] = this.root;
  private readonly ifs: OpenIf[] = [];

  constructor(
    private readonly source: string,
    private readonly file: string | undefined,
  ) {
    this.tokens = lexTemplate(source);
  }

  parse(): ParseTemplateResult {
    for (;;) {
      const t = this.tokens[this.i++]!;
      if (t.kind === "eof") break;
      if (t.kind === "text") {
        this.body.push({ kind: "text", value: t.value });
      } else if (t.kind === "close") {
        this.error(t.offset, "template/stray-close-brace", "a literal '}' is not allowed in templates");
      } else {
        // The lexer only yields words, punctuation and chars after an `open`.
        this.command(t);
      }
    }
    for (const open of this.ifs) {
      this.report(open.position.offset, "warning", "template/unclosed-if",
        "this condition has no endif(); it extends to the end of the file");
    }
    while (this.ifs.length > 0) this.closeIf();
    return { ast: { body: mergeText(this.root) }, diagnostics: this.diagnostics };
  }

  private command(open: Token): void {
    const nameTok = this.tokens[this.i]!;
    if (nameTok.kind !== "word") {
      if (nameTok.kind === "eof") {
        this.error(open.offset, "template/unclosed-brace", "'{' is never closed");
      } else {
        this.error(open.offset, "template/literal-open-brace",
          `a literal '{' is not allowed in templates (expected a name right after '{', found ${describe(nameTok)})`);
        this.recover();
      }
      return;
    }
    this.i++;
    const position = this.position(open.offset);
    const name = nameTok.value;
    const t = this.tokens[this.i++]!;
    if (t.kind === "close") {
      this.body.push({ kind: "variable-or-include", name, position });
    } else if (t.value === "|" && t.kind === "punct") {
      this.pipeline(open, name, position);
    } else if (t.value === "%" && t.kind === "punct") {
      const tmpl = this.expectWord(open, "a template name after '%'");
      if (tmpl === undefined || !this.expectClose(open)) return;
      this.body.push({ kind: "foreach", list: name, template: tmpl.value, position });
    } else if (t.value === "(" && t.kind === "punct") {
      this.call(open, nameTok, position);
    } else {
      this.unexpected(open, t, "'}', '|', '%' or '('");
    }
  }

  private pipeline(open: Token, name: string, position: SourcePosition): void {
    const filters: FilterRef[] = [];
    for (;;) {
      const f = this.expectWord(open, "a filter name after '|'");
      if (f === undefined) return;
      filters.push({ name: f.value, position: this.position(f.offset) });
      const t = this.tokens[this.i++]!;
      if (t.kind === "close") break;
      if (t.kind !== "punct" || t.value !== "|") {
        this.unexpected(open, t, "'|' or '}'");
        return;
      }
    }
    this.body.push({ kind: "pipeline", name, filters, position });
  }

  private call(open: Token, nameTok: Token, position: SourcePosition): void {
    const args: Token[] = [];
    if (this.peekPunct(")")) {
      this.i++;
    } else {
      for (;;) {
        const a = this.expectWord(open, "an argument (a name or a decimal number)");
        if (a === undefined) return;
        args.push(a);
        const t = this.tokens[this.i++]!;
        if (t.kind === "punct" && t.value === ")") break;
        if (t.kind !== "punct" || t.value !== ",") {
          this.unexpected(open, t, "',' or ')'");
          return;
        }
      }
    }
    if (!this.expectClose(open)) return;

    const fn = nameTok.value;
    const arity = Object.hasOwn(TEMPLATE_FUNCTION_ARITY, fn) ? TEMPLATE_FUNCTION_ARITY[fn] : undefined;
    if (arity === undefined) {
      this.error(nameTok.offset, "template/unknown-function",
        `unknown function '${fn}' (known: ifset, ifeq, ifgt, iflt, else, endif)`);
      return;
    }
    if (args.length !== arity) {
      this.error(nameTok.offset, "template/wrong-arity",
        `${fn}() takes ${arity} argument${arity === 1 ? "" : "s"}, not ${args.length}`);
      // Still open the condition, so its endif() is not reported as well.
      if (arity > 0) this.openIf({ kind: "ifset", name: fn }, position);
      return;
    }
    if (fn === "else") {
      const top = this.ifs.at(-1);
      if (top === undefined) {
        this.error(open.offset, "template/else-without-if", "else() without a matching if…()");
        return;
      }
      top.inElse = !top.inElse;
      this.body = top.inElse ? top.else : top.then;
    } else if (fn === "endif") {
      if (this.ifs.length === 0) {
        this.error(open.offset, "template/endif-without-if", "endif() without a matching if…()");
        return;
      }
      this.closeIf();
    } else {
      const condition: Condition =
        fn === "ifset"
          ? { kind: "ifset", name: args[0]!.value }
          : {
              kind: fn as "ifeq" | "ifgt" | "iflt",
              left: operand(args[0]!.value),
              right: operand(args[1]!.value),
            };
      this.openIf(condition, position);
    }
  }

  private openIf(condition: Condition, position: SourcePosition): void {
    const frame: OpenIf = { condition, position, then: [], else: [], inElse: false, parent: this.body };
    this.ifs.push(frame);
    this.body = frame.then;
  }

  private closeIf(): void {
    const open = this.ifs.pop()!;
    const node: IfNode = {
      kind: "if",
      condition: open.condition,
      then: mergeText(open.then),
      else: mergeText(open.else),
      position: open.position,
    };
    open.parent.push(node);
    this.body = open.parent;
  }

  private peekPunct(value: string): boolean {
    const t = this.tokens[this.i]!;
    return t.kind === "punct" && t.value === value;
  }

  private expectWord(open: Token, what: string): Token | undefined {
    const t = this.tokens[this.i++]!;
    if (t.kind === "word") return t;
    this.unexpected(open, t, what);
    return undefined;
  }

  private expectClose(open: Token): boolean {
    const t = this.tokens[this.i++]!;
    if (t.kind === "close") return true;
    this.unexpected(open, t, "'}'");
    return false;
  }

  /** Reports `t` where `expected` should be, then skips past the command. */
  private unexpected(open: Token, t: Token, expected: string): void {
    if (t.kind === "eof") {
      this.error(open.offset, "template/unclosed-brace", "'{' is never closed");
      this.i--;
      return;
    }
    const why = t.kind === "char" && /\s/.test(t.value) ? " (no whitespace is allowed inside braces)" : "";
    this.error(t.offset, "template/unexpected-token", `found ${describe(t)} inside braces, expected ${expected}${why}`);
    if (t.kind === "close") return;
    this.recover();
  }

  /** Skips to just after the next `}`, the likeliest end of the broken command. */
  private recover(): void {
    for (;;) {
      const t = this.tokens[this.i]!;
      if (t.kind === "eof") return;
      this.i++;
      if (t.kind === "close") return;
    }
  }

  private position(offset: number): SourcePosition {
    this.lineMap ??= new LineMap(this.source);
    const { line, column } = this.lineMap.position(offset);
    return { offset, line, column };
  }

  private error(offset: number, code: string, message: string): void {
    this.report(offset, "error", code, message);
  }

  private report(offset: number, severity: "error" | "warning", code: string, message: string): void {
    const { line, column } = this.position(offset);
    const d: Diagnostic = { line, column, severity, code, message };
    if (this.file !== undefined) d.file = this.file;
    this.diagnostics.push(d);
  }
}

function operand(word: string): ComparisonOperand {
  const value = parseDecimalLiteral(word);
  return value === undefined ? { kind: "variable", name: word } : { kind: "literal", value };
}

function describe(t: Token): string {
  switch (t.kind) {
    case "eof":
      return "the end of the file";
    case "char":
      if (t.value === "\n") return "a line break";
      if (t.value === "\t") return "a tab";
      if (t.value === " ") return "a space";
      return `'${t.value}'`;
    case "word":
      return `the word '${t.value}'`;
    default:
      return `'${t.value}'`;
  }
}

/** Joins adjacent text nodes (they meet where a broken command was dropped). */
function mergeText(nodes: TemplateNode[]): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const n of nodes) {
    const last = out.at(-1);
    if (n.kind === "text" && last?.kind === "text") {
      out[out.length - 1] = { kind: "text", value: last.value + n.value };
    } else {
      out.push(n);
    }
  }
  return out;
}
