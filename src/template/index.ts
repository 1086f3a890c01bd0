/**
 * The blahgd template language: parse once, compile to closures, render
 * many times. See template-set.ts for the page-rendering entry point.
 */

export type {
  ComparisonOperand,
  Condition,
  FilterRef,
  ForeachNode,
  IfNode,
  PipelineNode,
  SourcePosition,
  TemplateAst,
  TemplateNode,
  TextNode,
  VariableOrIncludeNode,
} from "./ast.js";
export {
  TEMPLATE_FILTERS,
  escapeHtml,
  findFilter,
  formatDate,
  formatRfc822,
  formatTime,
  formatZulu,
  urlEscape,
  utcTime,
  type FilterOutputKind,
  type TemplateFilter,
  type UtcTime,
} from "./filters.js";
export { lexTemplate, type Token, type TokenKind } from "./lexer.js";
export { loadTemplateDir, TEMPLATE_FORMATS, type LoadTemplateDirResult, type TemplateFormat } from "./load-template-dir.js";
export { parseTemplate, TEMPLATE_FUNCTION_ARITY, type ParseTemplateResult } from "./parser.js";
export type { TemplateProblem, TemplateProblemCode } from "./problem.js";
export { TemplateScope } from "./scope.js";
export {
  compileTemplateSet,
  DEFAULT_MAX_DEPTH,
  TemplateSet,
  type CompileTemplateSetOptions,
  type CompileTemplateSetResult,
  type RenderOptions,
  type TemplateSource,
} from "./template-set.js";
export { outputKindOf, type OutputKind } from "./output.js";
export { Html, trustedHtml, type TemplateMap, type TemplateValue, type UnsignedInteger } from "./value.js";
