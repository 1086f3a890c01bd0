/**
 * The full-text index: for each term, the documents holding it with how
 * often it occurs in the title, the tags and the body, and its positions
 * (for phrases), delta-coded as variable-length integers in byte buffers.
 * Documents get increasing numbers, so adding one appends to the lists;
 * removing one marks it dead, and the lists are rewritten without the dead
 * once they are a quarter of the index. Queries match every required word
 * and phrase, and rank with BM25 on the body plus bonuses for words in the
 * title and tags, so those matches come first. Pure: no files, no clock.
 */

import { Cursor, Postings } from "./postings.js";
import type { QueryGroup, SearchQuery } from "./query.js";
import { forEachTerm } from "./tokenize.js";
import { TopHits, type SearchHit } from "./top-hits.js";

export interface SearchDocument {
  title: string;
  tags: readonly string[];
  body: string;
  /** Unix seconds: among equal scores, newer first. */
  time: number;
}

export type { SearchHit };

export interface SearchResult {
  /** How many documents match. */
  total: number;
  /** The requested slice of them, best first. */
  hits: SearchHit[];
}

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

function termScore(c: Cursor, relativeLength: number): number {
  const body = c.tf - c.titleTf - c.tagTf;
  let score = body > 0 ? (c.idf * body * (K1 + 1)) / (body + K1 * (1 - B + B * relativeLength)) : 0;
  if (c.titleTf > 0) score += c.idf * TITLE_BONUS;
  if (c.tagTf > 0) score += c.idf * TAG_BONUS;
  return score;
}

/** Where a document's fields end in its position space (fields are one position apart, so phrases do not span them). */
interface DocInfo {
  id: number;
  time: number;
  /** Body terms, for BM25's length normalisation. */
  length: number;
  titleEnd: number;
  tagsEnd: number;
  alive: boolean;
}

export class SearchIndex {
  private postings = new Map<string, Postings>();
  private docs: DocInfo[] = [];
  private readonly byId = new Map<number, number>();
  private liveLength = 0;
  private dead = 0;

  /** Documents in the index. */
  get size(): number {
    return this.byId.size;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Adds a document, replacing the one with the same id. */
  add(id: number, document: SearchDocument): void {
    this.remove(id);
    const doc = this.docs.length;
    const occurrences = new Map<string, { positions: number[]; title: number; tags: number }>();
    let position = 0;
    const field = (text: string, kind: "title" | "tags" | "body"): void => {
      forEachTerm(text, (term) => {
        let entry = occurrences.get(term);
        if (!entry) occurrences.set(term, (entry = { positions: [], title: 0, tags: 0 }));
        entry.positions.push(position++);
        if (kind === "title") entry.title++;
        else if (kind === "tags") entry.tags++;
      });
      position++;
    };
    field(document.title, "title");
    const titleEnd = position;
    for (const tag of document.tags) field(tag, "tags");
    const tagsEnd = position;
    field(document.body, "body");
    const length = position - tagsEnd - 1;
    for (const [term, entry] of occurrences) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Postings()));
      list.docs.push(doc - list.last);
      list.last = doc;
      list.count++;
      const tf = entry.positions.length;
      if (entry.title > 0 || entry.tags > 0) {
        list.docs.push(tf * 2 + 1);
        list.docs.push(entry.title);
        list.docs.push(entry.tags);
      } else {
        list.docs.push(tf * 2);
      }
      let previous = 0;
      for (const p of entry.positions) {
        list.positions.push(p - previous);
        previous = p;
      }
    }
    this.docs.push({ id, time: document.time, length, titleEnd, tagsEnd, alive: true });
    this.byId.set(id, doc);
    this.liveLength += length;
  }

  /** Removes a document (nothing happens when it is not there). */
  remove(id: number): void {
    const doc = this.byId.get(id);
    if (doc === undefined) return;
    const info = this.docs[doc]!;
    info.alive = false;
    this.byId.delete(id);
    this.liveLength -= info.length;
    this.dead++;
    if (this.dead > 64 && this.dead * 4 > this.docs.length) this.compact();
  }

  /** Gives back spare buffer capacity (after a bulk load). */
  trim(): void {
    for (const list of this.postings.values()) {
      list.docs.trim();
      list.positions.trim();
    }
  }

  /** Bytes of the postings' byte buffers (document entries and positions), and how many terms and documents there are. */
  memory(): { docBytes: number; positionBytes: number; terms: number; documents: number } {
    let docBytes = 0;
    let positionBytes = 0;
    for (const list of this.postings.values()) {
      docBytes += list.docs.bytes.byteLength;
      positionBytes += list.positions.bytes.byteLength;
    }
    return { docBytes, positionBytes, terms: this.postings.size, documents: this.docs.length };
  }

  /** The documents matching a query, best first: `limit` of them from `offset`. */
  search(query: SearchQuery, offset = 0, limit = 10): SearchResult {
    const required = query.groups.filter((g) => g.required);
    if (required.length === 0 || limit <= 0) return { total: 0, hits: [] };
    const phrases = query.groups.filter((g) => g.phrase);
    const live = this.byId.size;
    const cursors = new Map<string, Cursor>();
    for (const group of query.groups) {
      for (const term of group.terms) {
        if (cursors.has(term)) continue;
        const list = this.postings.get(term);
        if (!list) {
          if (group.required) return { total: 0, hits: [] };
          continue;
        }
        const cursor = new Cursor(list, phrases.length > 0);
        const df = Math.min(list.count, live);
        cursor.idf = Math.log(1 + (live - df + 0.5) / (df + 0.5));
        cursors.set(term, cursor);
      }
    }
    const requiredTerms = new Set(required.flatMap((g) => g.terms));
    // The rarest term leads: the others only skip ahead to its documents.
    const driving = [...requiredTerms].map((t) => cursors.get(t)!).sort((a, b) => a.postings.count - b.postings.count);
    const optional = [...cursors.entries()].filter(([t]) => !requiredTerms.has(t)).map(([, c]) => c);
    const averageLength = live > 0 ? Math.max(1, this.liveLength / live) : 1;
    const top = new TopHits(offset + limit);
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
      const info = this.docs[doc]!;
      if (!info.alive) continue;
      let score = 0;
      for (const phrase of phrases) {
        const found = this.phraseMatch(phrase, cursors, info);
        if (found < 0) continue outer;
        score += found;
      }
      const relativeLength = info.length / averageLength;
      for (const c of driving) score += termScore(c, relativeLength);
      for (const c of optional) if (c.advanceTo(doc) && c.doc === doc) score += STOP_WORD_WEIGHT * termScore(c, relativeLength);
      total++;
      top.offer(info.id, score, info.time);
    }
    return { total, hits: top.sorted().slice(offset) };
  }

  /** A phrase's bonus in the current document, or -1 when it is not there. */
  private phraseMatch(phrase: QueryGroup, cursors: Map<string, Cursor>, info: DocInfo): number {
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

  /** Rewrites the postings without dead documents, renumbering the living ones. */
  private compact(): void {
    const renumber = new Int32Array(this.docs.length).fill(-1);
    const docs: DocInfo[] = [];
    for (let doc = 0; doc < this.docs.length; doc++) {
      const info = this.docs[doc]!;
      if (!info.alive) continue;
      renumber[doc] = docs.length;
      this.byId.set(info.id, docs.length);
      docs.push(info);
    }
    const postings = new Map<string, Postings>();
    for (const [term, list] of this.postings) {
      const c = new Cursor(list, true);
      let copy: Postings | undefined;
      while (c.next()) {
        const doc = renumber[c.doc]!;
        if (doc < 0) continue;
        copy ??= new Postings();
        copy.docs.push(doc - copy.last);
        copy.last = doc;
        copy.count++;
        if (c.titleTf > 0 || c.tagTf > 0) {
          copy.docs.push(c.tf * 2 + 1);
          copy.docs.push(c.titleTf);
          copy.docs.push(c.tagTf);
        } else {
          copy.docs.push(c.tf * 2);
        }
        let previous = 0;
        for (const p of c.positions()) {
          copy.positions.push(p - previous);
          previous = p;
        }
      }
      if (copy) {
        copy.docs.trim();
        copy.positions.trim();
        postings.set(term, copy);
      }
    }
    this.postings = postings;
    this.docs = docs;
    this.dead = 0;
  }
}
