/**
 * Feed checks: well-formed XML by a real parser, plus what it does not check
 * (only XML's own entities, no character XML 1.0 forbids, no stray `]]>`).
 */

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
  // The parser checks neither of these well-formedness rules.
  for (const m of xml.matchAll(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g)) {
    problems.push(`character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} at offset ${m.index}: XML 1.0 forbids it`);
  }
  if (outsideCdata.includes("]]>")) problems.push("']]>' outside a CDATA section");
  return problems;
}
