/**
 * Render-time problems: what would abort the C daemon (printing a list,
 * `escape` on an integer…) or silently yield nothing (a missing template).
 * A render never throws; it renders the offending construct as the empty
 * string and reports one of these through `RenderOptions.onProblem`.
 */

import type { Diagnostic } from "../diagnostics.js";

export type TemplateProblemCode =
  /** `{name}` found neither a variable nor a template; `{list%name}` no template. Warning. */
  | "template/missing-template"
  /** An included template had syntax errors and renders as empty. Warning. */
  | "template/broken-template"
  /** `{name}` printed a list, a map, null or a non-integer number. Warning. */
  | "template/unprintable-value"
  /** A filter got the wrong kind of value (`escape` on an integer, `date` on a string). Warning. */
  | "template/filter-input"
  /** A date filter got a time past 2^53-1 seconds. Warning. */
  | "template/time-out-of-range"
  /** `{list%t}` where `list` is not a list. Warning. */
  | "template/not-a-list"
  /** A list element that is neither a map nor a string. Warning. */
  | "template/bad-list-element"
  /** An `ifeq`/`ifgt`/`iflt` argument that is set but not an integer (counts as 0). Warning. */
  | "template/not-an-integer"
  /** Includes nested past `maxDepth`: the whole render is abandoned and returns "". Error. */
  | "template/recursion-limit"
  /** The render hit a JavaScript limit (stack depth, string length) and returns "". Error. */
  | "template/render-failed"
  /** `render()` got a page name that `{…}` could not hold. Error. */
  | "template/bad-root-name";

/**
 * A render-time problem, placed at the construct that caused it. `file` is
 * the template's path when it was loaded from one, `template` its name; both
 * are absent for the root `{page}` string itself.
 */
export interface TemplateProblem extends Diagnostic {
  code: TemplateProblemCode;
  template?: string;
}

/** Where a construct sits, captured at compile time for problem reports. */
export interface ProblemSite {
  readonly template: string | undefined;
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
}

export function makeProblem(
  site: ProblemSite,
  severity: "error" | "warning",
  code: TemplateProblemCode,
  message: string,
): TemplateProblem {
  const p: TemplateProblem = { line: site.line, column: site.column, severity, code, message };
  if (site.template !== undefined) p.template = site.template;
  if (site.file !== undefined) p.file = site.file;
  return p;
}
