/**
 * A search query as a visitor types it: words, all of which must match, and
 * quoted phrases, which must match as written. Bounded: the text is cut at
 * MAX_QUERY_LENGTH characters and at MAX_QUERY_TERMS terms, and what was
 * dropped is noted so the page can say so. Any string parses; the worst
 * case is a query with no terms.
 */

import { STOP_WORDS, terms } from "./tokenize.js";

export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 16;

export interface QueryGroup {
  /** One term for a word, several for a phrase. */
  terms: string[];
  phrase: boolean;
  /** Required for a match (stop words are not, unless the query has nothing else). */
  required: boolean;
}

export interface SearchQuery {
  /** The query text as used (after the length cap). */
  text: string;
  groups: QueryGroup[];
  /** What was ignored: the text past the length cap, terms past the term cap. */
  truncated: boolean;
  tooManyTerms: boolean;
}

export function parseSearchQuery(raw: string): SearchQuery {
  // Cut by code points, so a cut never splits a surrogate pair.
  const chars = [...raw.slice(0, MAX_QUERY_LENGTH * 2)];
  const truncated = chars.length > MAX_QUERY_LENGTH;
  const text = truncated ? chars.slice(0, MAX_QUERY_LENGTH).join("") : raw;
  const groups: QueryGroup[] = [];
  let count = 0;
  let tooManyTerms = false;
  // Between quotes is a phrase; an unclosed quote runs to the end.
  text.split('"').forEach((part, i) => {
    let found = terms(part);
    if (count + found.length > MAX_QUERY_TERMS) {
      tooManyTerms = true;
      found = found.slice(0, MAX_QUERY_TERMS - count);
    }
    count += found.length;
    if (found.length === 0) return;
    if (i % 2 === 1 && found.length > 1) groups.push({ terms: found, phrase: true, required: true });
    else for (const term of found) groups.push({ terms: [term], phrase: false, required: true });
  });
  // Repeated words count once.
  const seen = new Set<string>();
  const unique = groups.filter((g) => {
    const key = (g.phrase ? '"' : "") + g.terms.join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const meaningful = unique.some((g) => g.phrase || !STOP_WORDS.has(g.terms[0]!));
  if (meaningful) for (const g of unique) if (!g.phrase && STOP_WORDS.has(g.terms[0]!)) g.required = false;
  return { text, groups: unique, truncated, tooManyTerms };
}

/** Every term of the query, once. */
export function queryTerms(query: SearchQuery): Set<string> {
  const all = new Set<string>();
  for (const g of query.groups) for (const t of g.terms) all.add(t);
  return all;
}
