/**
 * A template set: the templates of one output format (html, atom or rss2),
 * parsed and compiled together so includes are linked once. Pages are
 * rendered as blahgd does, by evaluating the root string `{page}`: an
 * include of the page's template, unless a variable of that name shadows it.
 * A set writes HTML or XML (feeds), and prints text escaped for it.
 */

import type { Diagnostic } from "../diagnostics.js";
import { compileRoot, compileTemplate, type CompileContext, type CompiledTemplate, type RenderState, type TemplateSlot } from "./compile.js";
import { findIncludeCycles, type ParsedTemplate } from "./include-cycles.js";
import { outputKindOf, printerFor, type OutputKind, type Printer } from "./output.js";
import { parseTemplate } from "./parser.js";
import { makeProblem, type TemplateProblem } from "./problem.js";
import { TemplateScope } from "./scope.js";
import type { TemplateMap } from "./value.js";

/** One template file: `name` is what `{name}` includes (the file name without `.tmpl`). */
export interface TemplateSource {
  readonly name: string;
  readonly source: string;
  /** Where it was read from; used in diagnostics and problems. */
  readonly path?: string | undefined;
}

export interface RenderOptions {
  /** Receives each render-time problem (the render itself never throws). */
  onProblem?: ((problem: TemplateProblem) => void) | undefined;
  /** Gets every template name the render tried to include, missing ones too: the page's dependencies. */
  used?: Set<string> | undefined;
  /** Deepest include/foreach nesting before the render is abandoned; default {@link DEFAULT_MAX_DEPTH}. */
  maxDepth?: number | undefined;
}

export interface CompileTemplateSetOptions {
  /** A label for the set (`html`, `atom`, `rss2`). */
  format?: string | undefined;
  /** What the set writes; by default XML for `atom` and `rss2`, else HTML. */
  output?: OutputKind | undefined;
}

export interface CompileTemplateSetResult {
  readonly set: TemplateSet;
  /** Syntax errors (their templates render as empty) and warnings, with places. */
  readonly diagnostics: Diagnostic[];
}

/** Nesting deep enough for any real template set (blahgd's stock set needs 4). */
export const DEFAULT_MAX_DEPTH = 100;

const WORD = /^[A-Za-z0-9_]+$/;

/** An `id` attribute in a template's HTML, quoted either way. */
const ID_ATTRIBUTE = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The ids templates write, as RenderContext.reservedIds: each `{...}` in a
 * value becomes `*` (blahg's values there, `{id}` and `{commid}`, are numbers).
 */
export function idsWritten(sources: Iterable<string>): string[] {
  const ids = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(ID_ATTRIBUTE)) {
      const id = (m[1] ?? m[2] ?? "").replace(/\{[^{}]*\}/g, "*").trim();
      if (id !== "" && id !== "*") ids.add(id);
    }
  }
  return [...ids].sort();
}

export class TemplateSet {
  private readonly roots = new Map<string, CompiledTemplate>();

  /** @internal Use {@link compileTemplateSet}. */
  constructor(
    readonly format: string | undefined,
    private readonly printer: Printer,
    private readonly slots: ReadonlyMap<string, TemplateSlot>,
    private readonly paths: ReadonlyMap<string, string | undefined>,
    /** The `id` attributes the set's HTML writes (see idsWritten): a post body's own ids must avoid them. */
    readonly idsInUse: readonly string[] = [],
  ) {}

  /** What the set writes: text is escaped for it. */
  get output(): OutputKind {
    return this.printer.kind;
  }

  /** Names of the templates in the set (broken ones included), sorted. */
  get names(): string[] {
    return [...this.paths.keys()].sort();
  }

  /** Whether the set has a template `name` (possibly a broken one). */
  has(name: string): boolean {
    return this.paths.has(name);
  }

  /** Whether template `name` exists but failed to compile (it renders as ""). */
  isBroken(name: string): boolean {
    return this.slots.get(name)?.broken ?? false;
  }

  /** The path template `name` was loaded from, if any. */
  pathOf(name: string): string | undefined {
    return this.paths.get(name);
  }

  /**
   * Renders page `rootName` by evaluating `{rootName}` with `globals` as the
   * variables. Never throws: problems go to `options.onProblem`, and the
   * constructs that caused them render as "".
   */
  render(rootName: string, globals: TemplateScope | TemplateMap, options?: RenderOptions): string {
    const st: RenderState = {
      frames: globals instanceof TemplateScope ? globals.frames.slice() : isObject(globals) ? [globals] : [],
      used: options?.used,
      onProblem: options?.onProblem,
      maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
      depth: 0,
      aborted: false,
    };
    const root = this.root(rootName, st);
    if (root === undefined) return "";
    let out: string;
    try {
      out = root(st);
    } catch (e) {
      // Only JS limits get here: the stack (with a huge maxDepth) or the
      // longest string. Anything else comes from the caller's own onProblem.
      if (!(e instanceof RangeError)) throw e;
      st.onProblem?.(makeProblem({ template: undefined, file: undefined, line: 1, column: 1 }, "error",
        "template/render-failed", `rendering '${rootName}' hit a JavaScript limit (${e.message}); the page renders as empty`));
      return "";
    }
    return st.aborted ? "" : out;
  }

  private root(rootName: string, st: RenderState): CompiledTemplate | undefined {
    const cached = this.roots.get(rootName);
    if (cached !== undefined) return cached;
    if (!WORD.test(rootName)) {
      st.onProblem?.(makeProblem({ template: undefined, file: undefined, line: 1, column: 1 }, "error",
        "template/bad-root-name", `'{${rootName}}' is not a valid template command`));
      return undefined;
    }
    const slots = this.slots;
    const diagnostics: Diagnostic[] = [];
    const ctx: CompileContext = {
      template: undefined,
      file: undefined,
      slot: (name) => slots.get(name) ?? { name, render: undefined, broken: false },
      diagnostics,
      printer: this.printer,
    };
    const root = compileRoot(rootName, ctx);
    // Cache only real page names, so odd names cannot grow the cache.
    if (slots.has(rootName)) this.roots.set(rootName, root);
    return root;
  }
}

function isObject(v: unknown): v is TemplateMap {
  return typeof v === "object" && v !== null;
}

/**
 * Parses and compiles `files` into one set. Never throws: a template with
 * syntax errors stays in the set but renders as "" (and says so through
 * `onProblem` whenever it is included); its errors are in `diagnostics`.
 * A name given twice keeps the last file.
 */
export function compileTemplateSet(
  files: Iterable<TemplateSource>,
  options?: CompileTemplateSetOptions,
): CompileTemplateSetResult {
  const diagnostics: Diagnostic[] = [];
  const printer = printerFor(options?.output ?? outputKindOf(options?.format));
  const byName = new Map<string, TemplateSource>();
  for (const f of files) {
    const file = f.path ?? f.name;
    if (byName.has(f.name)) {
      diagnostics.push({ file, line: 1, column: 1, severity: "warning", code: "template/duplicate-template",
        message: `template '${f.name}' is defined twice; this file replaces the earlier one` });
    }
    if (!WORD.test(f.name)) {
      diagnostics.push({ file, line: 1, column: 1, severity: "warning", code: "template/unreachable-name",
        message: `template name '${f.name}' is not a word ([A-Za-z0-9_]+), so no template can include it` });
    }
    byName.set(f.name, f);
  }

  const slots = new Map<string, TemplateSlot>();
  const slot = (name: string): TemplateSlot => {
    let s = slots.get(name);
    if (s === undefined) {
      s = { name, render: undefined, broken: false };
      slots.set(name, s);
    }
    return s;
  };
  const paths = new Map<string, string | undefined>();
  for (const name of byName.keys()) slot(name);

  const compiled: ParsedTemplate[] = [];
  for (const [name, f] of byName) {
    paths.set(name, f.path);
    const file = f.path ?? name;
    const parsed = parseTemplate(f.source, file);
    diagnostics.push(...parsed.diagnostics);
    const s = slot(name);
    if (parsed.diagnostics.some((d) => d.severity === "error")) {
      s.broken = true;
      continue;
    }
    s.render = compileTemplate(parsed.ast, { template: name, file: f.path, slot, diagnostics, printer });
    compiled.push({ name, file, ast: parsed.ast });
  }
  diagnostics.push(...findIncludeCycles(compiled));
  const ids = printer.kind === "html" ? idsWritten([...byName.values()].map((f) => f.source)) : [];
  return { set: new TemplateSet(options?.format, printer, slots, paths, ids), diagnostics };
}
