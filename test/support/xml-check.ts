/** Feed checks: well-formed XML by a real parser, plus what it does not check (only XML's own entities). */

import { XMLValidator } from "fast-xml-parser";

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const result = XMLValidator.validate(xml);
  if (result !== true) problems.push(`${result.err.code} at ${result.err.line}:${result.err.col}: ${result.err.msg}`);
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  for (const m of outsideCdata.matchAll(/&([^;\s<]*);?/g)) {
    if (!/^(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/.test(m[1]!) || !m[0].endsWith(";")) problems.push(`entity ${m[0]} is not XML`);
  }
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(xml)) problems.push("no XML declaration with UTF-8");
  return problems;
}
