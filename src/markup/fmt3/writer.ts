/** What the three fmt3 writers have in common: they take paragraphs in order and give the output at the end. */

import type { Severity } from "../../diagnostics.js";
import type { Paragraph } from "./ast.js";

/** A problem in a body, found by the parser or a writer (a formula the TeX converter cannot read), at an offset into it. */
export interface MarkupProblem {
  offset: number;
  severity: Severity;
  code: string;
  message: string;
}

/** Where a writer reports problems; the parser turns them into diagnostics with line and column. */
export type ReportProblem = (problem: MarkupProblem) => void;

export interface Fmt3Writer {
  paragraph(p: Paragraph, report?: ReportProblem): void;
  finish(): string;
}
