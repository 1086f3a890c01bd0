/**
 * fmt3 formulas through the full TeX converter: MathML, or the escaped source
 * with a diagnostic at the formula's place in the post when it cannot be read.
 */

import { renderTexMath } from "../math/tex-math.js";
import type { MathInline } from "./ast.js";
import type { ReportProblem } from "./writer.js";

export function texMathHtml(node: MathInline, report: ReportProblem | undefined): string {
  const { html, error } = renderTexMath(node.source, node.display);
  if (error) {
    report?.({
      offset: node.sourcePos + (error.offset ?? 0),
      severity: "warning",
      code: "fmt3/tex",
      message: `cannot render the formula (shown as its source): ${error.message}`,
    });
  }
  return html;
}
