/**
 * The snippet of a search result: a piece of the body's plain text around
 * the first match (the first phrase found, else the first searched word),
 * with the matched words in `<mark>` and everything else escaped.
 */

import { escapeHtml } from "../text/escape.js";
import { queryTerms, type SearchQuery } from "./query.js";
import { STOP_WORDS, tokenize, type Token } from "./tokenize.js";

const BEFORE = 80;
const LENGTH = 240;

/** Tokens that match: every phrase occurrence, and the words searched for (stop words only in a phrase or a query of nothing else). */
function marked(tokens: readonly Token[], query: SearchQuery): boolean[] {
  const marks = new Array<boolean>(tokens.length).fill(false);
  const words = new Set<string>();
  const onlyStopWords = [...queryTerms(query)].every((t) => STOP_WORDS.has(t));
  for (const g of query.groups) if (!g.phrase && (onlyStopWords || !STOP_WORDS.has(g.terms[0]!))) words.add(g.terms[0]!);
  for (let i = 0; i < tokens.length; i++) if (words.has(tokens[i]!.term)) marks[i] = true;
  for (const g of query.groups) {
    if (!g.phrase) continue;
    for (let i = 0; i + g.terms.length <= tokens.length; i++) {
      if (g.terms.every((t, k) => tokens[i + k]!.term === t)) for (let k = 0; k < g.terms.length; k++) marks[i + k] = true;
    }
  }
  return marks;
}

/** Where to start: the first phrase found, else the first marked word, else the beginning. */
function firstMatch(tokens: readonly Token[], marks: readonly boolean[], query: SearchQuery): number {
  const phrases = query.groups.filter((g) => g.phrase);
  for (let i = 0; i < tokens.length; i++) {
    if (!marks[i]) continue;
    if (phrases.length === 0 || phrases.some((g) => g.terms.every((t, k) => tokens[i + k]?.term === t))) return i;
  }
  const any = marks.indexOf(true);
  return any < 0 ? -1 : any;
}

/** The snippet as HTML. */
export function snippetHtml(text: string, query: SearchQuery): string {
  const tokens = tokenize(text);
  const marks = marked(tokens, query);
  const first = firstMatch(tokens, marks, query);
  let from = 0;
  if (first >= 0 && tokens[first]!.start > BEFORE) {
    // Back to the start of a word about BEFORE characters earlier.
    const target = tokens[first]!.start - BEFORE;
    let i = first;
    while (i > 0 && tokens[i - 1]!.start >= target) i--;
    from = tokens[i]!.start;
  }
  let to = Math.min(text.length, from + LENGTH);
  if (to < text.length) {
    // Forward to the end of the word the cut falls in.
    const cutToken = tokens.find((t) => t.end >= to);
    if (cutToken && cutToken.start < to) to = cutToken.end;
  }
  let html = from > 0 ? "\u2026 " : "";
  let at = from;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.end <= from || !marks[i]) continue;
    if (token.start >= to) break;
    html += escapeHtml(text.slice(at, token.start)) + "<mark>" + escapeHtml(text.slice(token.start, token.end)) + "</mark>";
    at = token.end;
  }
  html += escapeHtml(text.slice(at, to));
  html = html.replace(/\s+/g, " ").trim();
  return to < text.length ? `${html} \u2026` : html;
}
