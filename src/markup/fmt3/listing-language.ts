/**
 * The language of an fmt3 listing, for highlighting: `\begin{listing}[c]`
 * names it in a hint (dropped from the code only when the language is known),
 * `\listing[c]{file}` in its optional argument, else the file's extension.
 */

import { canonicalLanguage, languageOfFileName } from "../highlight/highlight-code.js";
import type { ListingNode } from "./ast.js";

export function listingCode(node: ListingNode): { code: string; language: string | undefined } {
  const language = canonicalLanguage(node.hint?.language);
  return language === undefined ? { code: node.raw, language } : { code: node.raw.slice(node.hint!.length), language };
}

export function listingFileLanguage(hint: string | undefined, fileName: string): string | undefined {
  return canonicalLanguage(hint) ?? languageOfFileName(fileName);
}
