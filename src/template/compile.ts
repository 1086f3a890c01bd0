/**
 * Template compiler: turns a syntax tree into nested closures, once, so a
 * render is only lookups, calls and string concatenation. Includes are
 * resolved at compile time to slots of the template set (one per name), so
 * rendering never looks a template up by name. Prints know the set's output
 * (HTML or XML) and escape text for it; HTML values are printed as is.
 */

import type { Diagnostic } from "../diagnostics.js";
import type {
  ComparisonOperand,
  Condition,
  ForeachNode,
  PipelineNode,
  SourcePosition,
  TemplateAst,
  TemplateNode,
  VariableOrIncludeNode,
} from "./ast.js";
import { findFilter, type FilterOutputKind, type TemplateFilter } from "./filters.js";
import { asIs, type Printer } from "./output.js";
import { makeProblem, type ProblemSite, type TemplateProblem, type TemplateProblemCode } from "./problem.js";
import { lookupFor } from "./scope.js";
import {
  describeValue,
  Html,
  isTemplateMap,
  toUnsigned,
  unsignedToString,
  type TemplateMap,
  type TemplateValue,
  type UnsignedInteger,
} from "./value.js";

/** Mutable state of one render; the only per-render allocation besides output. */
export interface RenderState {
  /** The scope stack, outermost first; foreach pushes and pops frames. */
  readonly frames: TemplateMap[];
  readonly used: Set<string> | undefined;
  readonly onProblem: ((problem: TemplateProblem) => void) | undefined;
  readonly maxDepth: number;
  /** Current include/foreach nesting. */
  depth: number;
  /** Set once the depth limit is hit: everything left renders as "". */
  aborted: boolean;
}

export type CompiledTemplate = (state: RenderState) => string;

/** One template name of a set: what `{name}` and `{list%name}` include. */
export interface TemplateSlot {
  readonly name: string;
  /** Undefined when the template is missing or broken (both render as ""). */
  render: CompiledTemplate | undefined;
  /** The template exists but has syntax errors. */
  broken: boolean;
}

export interface CompileContext {
  /** Name of the template being compiled; undefined for a root `{page}` string. */
  readonly template: string | undefined;
  /** Its path, for problem reports. */
  readonly file: string | undefined;
  /** The slot of template `name` in the set being compiled. */
  slot(name: string): TemplateSlot;
  /** Compile-time warnings (unknown filters) go here. */
  readonly diagnostics: Diagnostic[];
  /** How values are printed into the set's output (HTML or XML). */
  readonly printer: Printer;
}

const EMPTY: CompiledTemplate = () => "";

/** Compiles a parsed template into a render function. */
export function compileTemplate(ast: TemplateAst, ctx: CompileContext): CompiledTemplate {
  return compileBlock(ast.body, ctx);
}

/** Compiles the root string `{name}` a page render evaluates. */
export function compileRoot(name: string, ctx: CompileContext): CompiledTemplate {
  return compileVariableOrInclude({ kind: "variable-or-include", name, position: { offset: 0, line: 1, column: 1 } }, ctx);
}

function compileBlock(nodes: readonly TemplateNode[], ctx: CompileContext): CompiledTemplate {
  // Output is texts[0] + parts[0] + texts[1] + … + texts[n]: no call per text run.
  const texts: string[] = [];
  const parts: CompiledTemplate[] = [];
  let pending = "";
  for (const node of nodes) {
    if (node.kind === "text") {
      pending += node.value;
    } else {
      texts.push(pending);
      pending = "";
      parts.push(compileNode(node, ctx));
    }
  }
  texts.push(pending);

  const t0 = texts[0]!;
  switch (parts.length) {
    case 0:
      return t0 === "" ? EMPTY : () => t0;
    case 1: {
      const p0 = parts[0]!;
      const t1 = texts[1]!;
      if (t0 === "" && t1 === "") return p0;
      return (st) => t0 + p0(st) + t1;
    }
    default: {
      const n = parts.length;
      return (st) => {
        let out = t0;
        for (let i = 0; i < n; i++) {
          out += parts[i]!(st);
          out += texts[i + 1]!;
        }
        return out;
      };
    }
  }
}

function compileNode(node: Exclude<TemplateNode, { kind: "text" }>, ctx: CompileContext): CompiledTemplate {
  switch (node.kind) {
    case "variable-or-include":
      return compileVariableOrInclude(node, ctx);
    case "pipeline":
      return compilePipeline(node, ctx);
    case "foreach":
      return compileForeach(node, ctx);
    case "if": {
      const test = compileCondition(node.condition, siteOf(node.position, ctx));
      const then = compileBlock(node.then, ctx);
      const otherwise = compileBlock(node.else, ctx);
      return (st) => (test(st) ? then(st) : otherwise(st));
    }
  }
}

function siteOf(position: SourcePosition, ctx: CompileContext): ProblemSite {
  return { template: ctx.template, file: ctx.file, line: position.line, column: position.column };
}

function report(
  st: RenderState,
  site: ProblemSite,
  severity: "error" | "warning",
  code: TemplateProblemCode,
  message: string,
): void {
  if (st.onProblem !== undefined) st.onProblem(makeProblem(site, severity, code, message));
}

function compileVariableOrInclude(node: VariableOrIncludeNode, ctx: CompileContext): CompiledTemplate {
  const name = node.name;
  const lookup = lookupFor(name);
  const slot = ctx.slot(name);
  const site = siteOf(node.position, ctx);
  const { text, html } = ctx.printer;
  return (st) => {
    const v = lookup(st.frames, name);
    if (v === undefined) return include(st, slot, site, true);
    if (typeof v === "string") return text(v);
    if (v instanceof Html) return html(v.html);
    return printValue(v, st, site, name);
  };
}

/** Decimal for integers; anything else is a problem and prints nothing. */
function printValue(v: TemplateValue, st: RenderState, site: ProblemSite, name: string): string {
  const u = toUnsigned(v);
  if (u !== undefined) return unsignedToString(u);
  report(st, site, "warning", "template/unprintable-value", `cannot print variable '${name}': it is ${describeValue(v)}`);
  return "";
}

function include(st: RenderState, slot: TemplateSlot, site: ProblemSite, orVariable: boolean): string {
  if (st.used !== undefined) st.used.add(slot.name);
  if (st.aborted) return "";
  const render = slot.render;
  if (render === undefined) {
    reportUnrenderable(st, slot, site, orVariable);
    return "";
  }
  if (st.depth >= st.maxDepth) {
    abort(st, site, slot.name);
    return "";
  }
  st.depth++;
  const out = render(st);
  st.depth--;
  return out;
}

function reportUnrenderable(st: RenderState, slot: TemplateSlot, site: ProblemSite, orVariable: boolean): void {
  if (slot.broken) {
    report(st, site, "warning", "template/broken-template",
      `template '${slot.name}' has syntax errors and renders as empty`);
  } else {
    report(st, site, "warning", "template/missing-template",
      orVariable ? `no variable or template named '${slot.name}'` : `no template named '${slot.name}'`);
  }
}

function abort(st: RenderState, site: ProblemSite, name: string): void {
  st.aborted = true;
  report(st, site, "error", "template/recursion-limit",
    `templates nest deeper than ${st.maxDepth} levels at '${name}' (runaway recursion?); the page renders as empty`);
}

interface ResolvedFilter {
  readonly name: string;
  readonly filter: TemplateFilter;
  readonly site: ProblemSite;
}

function compilePipeline(node: PipelineNode, ctx: CompileContext): CompiledTemplate {
  const name = node.name;
  const lookup = lookupFor(name);
  const site = siteOf(node.position, ctx);
  const chain: ResolvedFilter[] = [];
  for (const f of node.filters) {
    const filter = findFilter(f.name);
    if (filter !== undefined) {
      chain.push({ name: f.name, filter, site: siteOf(f.position, ctx) });
    } else {
      const d: Diagnostic = {
        line: f.position.line,
        column: f.position.column,
        severity: "warning",
        code: "template/unknown-filter",
        message: `unknown filter '${f.name}' does nothing (known: escape, urlescape, date, time, zulu, rfc822)`,
      };
      const file = ctx.file ?? ctx.template;
      if (file !== undefined) d.file = file;
      ctx.diagnostics.push(d);
    }
  }

  const printer = ctx.printer;
  const only = chain.length === 1 ? chain[0]! : undefined;
  if (only !== undefined && only.filter.accepts === "string") {
    // `{title|escape}`, `{tag|urlescape}`: the hot case gets its own closure.
    const apply = only.filter.apply;
    const print = printFor(only.filter.produces, printer);
    return (st) => {
      const v = lookup(st.frames, name);
      if (typeof v === "string") return print(apply(v));
      if (v === undefined) return "";
      return runPipeline(v, chain, printer, st, site, name);
    };
  }
  return (st) => {
    const v = lookup(st.frames, name);
    if (v === undefined) return "";
    return runPipeline(v, chain, printer, st, site, name);
  };
}

/** How a string of kind `kind` is printed: text escaped, HTML as is (both fit for the output), inert strings untouched. */
function printFor(kind: FilterOutputKind, printer: Printer): (s: string) => string {
  switch (kind) {
    case "text":
      return printer.text;
    case "html":
      return printer.html;
    case "inert":
      return asIs;
  }
}

function runPipeline(
  v: TemplateValue,
  chain: readonly ResolvedFilter[],
  printer: Printer,
  st: RenderState,
  site: ProblemSite,
  name: string,
): string {
  let cur: string | UnsignedInteger;
  let kind: FilterOutputKind = "text";
  if (typeof v === "string") {
    cur = v;
  } else if (v instanceof Html) {
    cur = v.html;
    kind = "html";
  } else {
    const u = toUnsigned(v);
    if (u === undefined) {
      report(st, site, "warning", "template/filter-input", `cannot filter variable '${name}': it is ${describeValue(v)}`);
      return "";
    }
    cur = u;
  }
  for (const { name: fname, filter, site: fsite } of chain) {
    if (filter.accepts === "string") {
      if (typeof cur !== "string") {
        report(st, fsite, "warning", "template/filter-input", `filter '${fname}' needs a string, not an integer`);
        return "";
      }
      cur = filter.apply(cur);
    } else {
      if (typeof cur === "string") {
        report(st, fsite, "warning", "template/filter-input", `filter '${fname}' needs an integer (Unix seconds), not a string`);
        return "";
      }
      const out = filter.apply(cur);
      if (out === undefined) {
        report(st, fsite, "warning", "template/time-out-of-range",
          `filter '${fname}' cannot format ${unsignedToString(cur)} seconds (out of range)`);
        return "";
      }
      cur = out;
    }
    kind = filter.produces;
  }
  if (typeof cur !== "string") return unsignedToString(cur);
  return kind === "text" ? printer.text(cur) : kind === "html" ? printer.html(cur) : cur;
}

function compileForeach(node: ForeachNode, ctx: CompileContext): CompiledTemplate {
  const listName = node.list;
  const lookup = lookupFor(listName);
  const slot = ctx.slot(node.template);
  const site = siteOf(node.position, ctx);
  return (st) => {
    const list = lookup(st.frames, listName);
    if (list === undefined) return "";
    if (!Array.isArray(list)) {
      report(st, site, "warning", "template/not-a-list", `cannot loop over variable '${listName}': it is ${describeValue(list)}`);
      return "";
    }
    const items = list as readonly TemplateValue[];
    if (items.length === 0) return "";
    if (st.used !== undefined) st.used.add(slot.name);
    if (st.aborted) return "";
    const render = slot.render;
    if (render === undefined) {
      reportUnrenderable(st, slot, site, false);
      return "";
    }
    if (st.depth >= st.maxDepth) {
      abort(st, site, slot.name);
      return "";
    }
    st.depth++;
    const frames = st.frames;
    // A string (or HTML) element is bound under the list's own name; one reused frame suffices.
    let stringFrame: Record<string, TemplateValue> | undefined;
    let out = "";
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item === "string" || item instanceof Html) {
        stringFrame ??= Object.create(null) as Record<string, TemplateValue>;
        stringFrame[listName] = item;
        frames.push(stringFrame);
      } else if (isTemplateMap(item)) {
        frames.push(item);
      } else {
        report(st, site, "warning", "template/bad-list-element",
          `element ${i} of '${listName}' is ${describeValue(item)}, not a map or a string; skipped`);
        continue;
      }
      out += render(st);
      frames.pop();
      if (st.aborted) break;
    }
    st.depth--;
    return out;
  };
}

type Test = (st: RenderState) => boolean;
type Operand = (st: RenderState) => UnsignedInteger;

function compileCondition(c: Condition, site: ProblemSite): Test {
  if (c.kind === "ifset") {
    const name = c.name;
    const lookup = lookupFor(name);
    return (st) => lookup(st.frames, name) !== undefined;
  }
  const left = compileOperand(c.left, site, c.kind);
  const right = compileOperand(c.right, site, c.kind);
  switch (c.kind) {
    case "ifeq":
      // Loose equality compares a number and a bigint by value.
      return (st) => left(st) == right(st);
    case "ifgt":
      return (st) => left(st) > right(st);
    case "iflt":
      return (st) => left(st) < right(st);
  }
}

function compileOperand(op: ComparisonOperand, site: ProblemSite, fn: string): Operand {
  if (op.kind === "literal") {
    const value = op.value;
    return () => value;
  }
  const name = op.name;
  const lookup = lookupFor(name);
  return (st) => {
    const v = lookup(st.frames, name);
    if (v === undefined) return 0;
    if (typeof v === "number" && v >= 0 && Number.isSafeInteger(v)) return v;
    const u = toUnsigned(v);
    if (u !== undefined) return u;
    report(st, site, "warning", "template/not-an-integer",
      `${fn}() argument '${name}' is ${describeValue(v)}, not an integer; it counts as 0`);
    return 0;
  };
}
