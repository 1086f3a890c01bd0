/**
 * The fmt3 command table: which commands exist and which arguments each one
 * takes (spec 5.4). An unknown command renders `[INVAL CMD 'name']`; a known
 * one given the wrong arguments is a syntax error.
 */

export type ArgRule = "required" | "allowed" | "prohibited";

export interface CommandSpec {
  /** The `[...]` argument. */
  opt: ArgRule;
  /** The `{...}` argument. */
  arg: ArgRule;
}

const NONE: CommandSpec = { opt: "prohibited", arg: "prohibited" };
const REQUIRED: CommandSpec = { opt: "prohibited", arg: "required" };
const OPTIONAL: CommandSpec = { opt: "allowed", arg: "required" };

export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map([
  ["leftarrow", NONE],
  ["rightarrow", NONE],
  ["leftrightarrow", NONE],
  ["tm", NONE],
  // Legacy or metadata commands that print nothing.
  ["category", REQUIRED],
  ["tag", REQUIRED],
  ["title", REQUIRED],
  ["published", REQUIRED],
  ["abbrev", OPTIONAL],
  ["img", OPTIONAL],
  ["item", OPTIONAL],
  ["link", OPTIONAL],
  ["listing", OPTIONAL],
  ["photo", OPTIONAL],
  ["photolink", OPTIONAL],
  ["post", OPTIONAL],
  ["taglink", OPTIONAL],
  ["wiki", OPTIONAL],
  ["begin", REQUIRED],
  ["end", REQUIRED],
  ["bug", REQUIRED],
  ["degree", REQUIRED],
  ["emph", REQUIRED],
  ["section", REQUIRED],
  ["subsection", REQUIRED],
  ["subsubsection", REQUIRED],
  ["textbf", REQUIRED],
  ["textit", REQUIRED],
  ["texttt", REQUIRED],
  ["trow", REQUIRED],
]);

/** Environments `\begin{...}` knows; anything else renders `[INVAL ENVIRON 'name']`. */
export const ENVIRONMENTS: ReadonlySet<string> = new Set([
  "itemize",
  "enumerate",
  "description",
  "quote",
  "tabular",
  "texttt",
]);

/** Explains an argument mismatch, or returns undefined when the arguments fit. */
export function checkArguments(name: string, spec: CommandSpec, hasOpt: boolean, hasArg: boolean): string | undefined {
  if (hasOpt && spec.opt === "prohibited") return `\\${name} takes no [optional] argument`;
  if (!hasArg && spec.arg === "required") {
    return `\\${name} needs a {argument} right after its name (no space before the brace)`;
  }
  if (hasArg && spec.arg === "prohibited") return `\\${name} takes no {argument}`;
  return undefined;
}
