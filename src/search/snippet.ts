/**
 * The snippet of a search result: a piece of the body's plain text around
 * the first match (the first phrase found, else the first searched word),
 * with the matched words in `<mark>` and everything else escaped. The text
 * is scanned only up to the first match, and only the shown piece is
 * tokenized again, so a long body costs little.
 */

import { escapeHtml } from "../text/escape.js";
import { queryTerms, type SearchQuery } from "./query.js";
import { forEachTerm, STOP_WORDS, tokenize, type Token } from "./tokenize.js";

const BEFORE = 80;
const LENGTH = 240;

/** The words to mark: those searched for, stop words only in a query of nothing else. */
function markedWords(query: SearchQuery): Set<string> {
  const words = new Set<string>();
  const onlyStopWords = [...queryTerms(query)].every((t) => STOP_WORDS.has(t));
  for (const g of query.groups) if (!g.phrase && (onlyStopWords || !STOP_WORDS.has(g.terms[0]!))) words.add(g.terms[0]!);
  return words;
}

/** Where the first phrase starts, else the first marked word; -1 when neither is in the text. */
function firstMatch(text: string, words: ReadonlySet<string>, phrases: readonly string[][]): number {
  const longest = phrases.reduce((n, p) => Math.max(n, p.length), 0);
  const recentTerms: string[] = [];
  const recentStarts: number[] = [];
  let firstWord = -1;
  let found = -1;
  forEachTerm(text, (term, start) => {
    if (firstWord < 0 && words.has(term)) {
      firstWord = start;
      if (phrases.length === 0) return false;
    }
    if (longest === 0) return true;
    recentTerms.push(term);
    recentStarts.push(start);
    if (recentTerms.length > longest) {
      recentTerms.shift();
      recentStarts.shift();
    }
    for (const phrase of phrases) {
      const at = recentTerms.length - phrase.length;
      if (at >= 0 && phrase.every((t, k) => recentTerms[at + k] === t)) {
        found = recentStarts[at]!;
        return false;
      }
    }
    return true;
  });
  return found >= 0 ? found : firstWord;
}

/** Marks of the shown tokens: marked words, and every whole phrase among them. */
function marks(tokens: readonly Token[], words: ReadonlySet<string>, phrases: readonly string[][]): boolean[] {
  const marked = tokens.map((t) => words.has(t.term));
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (phrase.every((t, k) => tokens[i + k]!.term === t)) for (let k = 0; k < phrase.length; k++) marked[i + k] = true;
    }
  }
  return marked;
}

/** The snippet as HTML. */
export function snippetHtml(text: string, query: SearchQuery): string {
  const words = markedWords(query);
  const phrases = query.groups.filter((g) => g.phrase).map((g) => g.terms);
  const match = firstMatch(text, words, phrases);
  // The words of the piece shown, and a little around it.
  const windowStart = match > BEFORE ? match - BEFORE - 1 : 0;
  const windowEnd = Math.min(text.length, windowStart + BEFORE + LENGTH + 64);
  const tokens = tokenize(text.slice(windowStart, windowEnd)).map((t) => ({ ...t, start: t.start + windowStart, end: t.end + windowStart }));
  let from = 0;
  if (windowStart > 0) {
    // The first whole word in the window.
    const first = tokens.find((t) => t.start > windowStart);
    from = first?.start ?? match;
  }
  let to = Math.min(text.length, from + LENGTH);
  const cut = tokens.find((t) => t.end >= to);
  if (cut && cut.start < to && cut.end < windowEnd) to = cut.end;
  const marked = marks(tokens, words, phrases);
  let html = from > 0 ? "\u2026 " : "";
  let at = from;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start < from || !marked[i]) continue;
    if (token.end > to) break;
    html += escapeHtml(text.slice(at, token.start)) + "<mark>" + escapeHtml(text.slice(token.start, token.end)) + "</mark>";
    at = token.end;
  }
  html += escapeHtml(text.slice(at, to));
  html = html.replace(/\s+/g, " ").trim();
  return to < text.length ? `${html} \u2026` : html;
}
