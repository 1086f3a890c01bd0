/**
 * Matching and ranking, the same for every place postings are kept (the
 * in-memory index, the index file): every required word and phrase must
 * match; the score is BM25 on the body plus bonuses for words in the title
 * and tags, so those matches come first. The caller gives the cursors, the
 * documents' fields and each term's idf, so that an index file and the
 * in-memory changes made since it was written rank on one scale.
 */

import type { PostingCursor } from "./postings.js";
import type { QueryGroup, SearchQuery } from "./query.js";
import type { TopHits } from "./top-hits.js";

// BM25 on the body.
const K1 = 1.2;
const B = 0.75;
/** Per matching term, times its idf: more than BM25 can give a body match ((K1 + 1) × idf). */
const TITLE_BONUS = 3;
const TAG_BONUS = 2.5;
/** Stop words of a query with other words only nudge the ranking. */
const STOP_WORD_WEIGHT = 0.1;
/** Per phrase found as a whole, times its length (a title or tag phrase also gets those bonuses). */
const PHRASE_BONUS = 1;

/** Where a document's fields end in its position space (fields are one position apart, so phrases do not span them). */
export interface RankedDoc {
  id: number;
  time: number;
  /** Body terms, for BM25's length normalisation. */
  length: number;
  titleEnd: number;
  tagsEnd: number;
}

export interface RankSource {
  /** A term's cursor; undefined when no document holds it. */
  cursor(term: string, withPositions: boolean): PostingCursor | undefined;
  /** A document's fields; undefined for one removed or replaced since it was listed. */
  doc(doc: number): RankedDoc | undefined;
}

export interface RankScale {
  /** A term's idf over everything searched. */
  idf(term: string): number;
  /** Average body length over everything searched. */
  averageLength: number;
}

/** BM25's idf of a term in `df` of `live` documents. */
export function idf(live: number, df: number): number {
  const n = Math.min(df, live);
  return Math.log(1 + (live - n + 0.5) / (n + 0.5));
}

function termScore(c: PostingCursor, relativeLength: number): number {
  const body = c.tf - c.titleTf - c.tagTf;
  let score = body > 0 ? (c.idf * body * (K1 + 1)) / (body + K1 * (1 - B + B * relativeLength)) : 0;
  if (c.titleTf > 0) score += c.idf * TITLE_BONUS;
  if (c.tagTf > 0) score += c.idf * TAG_BONUS;
  return score;
}

/** Offers every document of `source` matching `query` to `top`; returns how many matched. */
export function rankInto(query: SearchQuery, source: RankSource, scale: RankScale, top: TopHits): number {
  const required = query.groups.filter((g) => g.required);
  if (required.length === 0) return 0;
  const phrases = query.groups.filter((g) => g.phrase);
  const cursors = new Map<string, PostingCursor>();
  for (const group of query.groups) {
    for (const term of group.terms) {
      if (cursors.has(term)) continue;
      const cursor = source.cursor(term, phrases.length > 0);
      if (!cursor) {
        if (group.required) return 0;
        continue;
      }
      cursor.idf = scale.idf(term);
      cursors.set(term, cursor);
    }
  }
  const requiredTerms = new Set(required.flatMap((g) => g.terms));
  // The rarest term leads: the others only skip ahead to its documents.
  const driving = [...requiredTerms].map((t) => cursors.get(t)!).sort((a, b) => a.count - b.count);
  const optional = [...cursors.entries()].filter(([t]) => !requiredTerms.has(t)).map(([, c]) => c);
  let total = 0;

  for (const c of driving) c.next();
  let candidate = driving[0]!.doc;
  outer: while (candidate !== Infinity) {
    for (const c of driving) {
      if (!c.advanceTo(candidate)) break outer;
      if (c.doc > candidate) {
        candidate = c.doc;
        continue outer;
      }
    }
    const doc = candidate++;
    const info = source.doc(doc);
    if (!info) continue;
    let score = 0;
    for (const phrase of phrases) {
      const found = phraseMatch(phrase, cursors, info);
      if (found < 0) continue outer;
      score += found;
    }
    const relativeLength = info.length / scale.averageLength;
    for (const c of driving) score += termScore(c, relativeLength);
    for (const c of optional) if (c.advanceTo(doc) && c.doc === doc) score += STOP_WORD_WEIGHT * termScore(c, relativeLength);
    total++;
    top.offer(info.id, score, info.time);
  }
  return total;
}

/** A phrase's bonus in the current document, or -1 when it is not there. */
function phraseMatch(phrase: QueryGroup, cursors: Map<string, PostingCursor>, info: RankedDoc): number {
  // Where the phrase could start: the first term's positions, kept while each next term follows (all sorted).
  const starts = cursors.get(phrase.terms[0]!)!.positions();
  let count = starts.length;
  for (let i = 1; i < phrase.terms.length && count > 0; i++) {
    const next = cursors.get(phrase.terms[i]!)!.positions();
    let k = 0;
    let kept = 0;
    for (let j = 0; j < count; j++) {
      const want = starts[j]! + i;
      while (k < next.length && next[k]! < want) k++;
      if (k < next.length && next[k] === want) starts[kept++] = starts[j]!;
    }
    count = kept;
  }
  if (count === 0) return -1;
  let inTitle = false;
  let inTags = false;
  for (let j = 0; j < count; j++) {
    const p = starts[j]!;
    if (p < info.titleEnd) inTitle = true;
    else if (p < info.tagsEnd) inTags = true;
  }
  return phrase.terms.length * (PHRASE_BONUS + (inTitle ? TITLE_BONUS : 0) + (inTags ? TAG_BONUS : 0));
}
