/** What the three fmt3 writers have in common: they take paragraphs in order and give the output at the end. */

import type { Paragraph } from "./ast.js";

export interface Fmt3Writer {
  paragraph(p: Paragraph): void;
  finish(): string;
}
