/**
 * The syntax tree of one template file. The condition stack of blahgd is
 * static (every `if…`, `else()` and `endif()` runs whether or not its region
 * is emitted), so the parser resolves it into nested `if` nodes.
 */

import type { UnsignedInteger } from "./value.js";

/** Where a node starts in its template source. */
export interface SourcePosition {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters of the line. */
  readonly column: number;
}

/** Literal text, copied to the output as is. */
export interface TextNode {
  readonly kind: "text";
  readonly value: string;
}

/** `{name}`: print variable `name` if it is set, else include template `name`. */
export interface VariableOrIncludeNode {
  readonly kind: "variable-or-include";
  readonly name: string;
  readonly position: SourcePosition;
}

export interface FilterRef {
  readonly name: string;
  readonly position: SourcePosition;
}

/** `{name|f1|f2}`: print variable `name` through filters; nothing if unset. */
export interface PipelineNode {
  readonly kind: "pipeline";
  readonly name: string;
  readonly filters: readonly FilterRef[];
  readonly position: SourcePosition;
}

/** `{list%template}`: render `template` once per element of `list`. */
export interface ForeachNode {
  readonly kind: "foreach";
  readonly list: string;
  readonly template: string;
  readonly position: SourcePosition;
}

/** An argument of `ifeq`/`ifgt`/`iflt`: a decimal literal or a variable name. */
export type ComparisonOperand =
  | { readonly kind: "literal"; readonly value: UnsignedInteger }
  | { readonly kind: "variable"; readonly name: string };

export type Condition =
  | { readonly kind: "ifset"; readonly name: string }
  | {
      readonly kind: "ifeq" | "ifgt" | "iflt";
      readonly left: ComparisonOperand;
      readonly right: ComparisonOperand;
    };

/**
 * `{ifX(…)}` up to its `{endif()}` (or the end of the file). Successive
 * `{else()}`s flip the condition back and forth; only one polarity is ever
 * emitted, so the regions of each polarity are joined in order.
 */
export interface IfNode {
  readonly kind: "if";
  readonly condition: Condition;
  readonly then: readonly TemplateNode[];
  readonly else: readonly TemplateNode[];
  readonly position: SourcePosition;
}

export type TemplateNode = TextNode | VariableOrIncludeNode | PipelineNode | ForeachNode | IfNode;

export interface TemplateAst {
  readonly body: readonly TemplateNode[];
}
