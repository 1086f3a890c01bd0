/**
 * The full-text index: for each term, the documents holding it with how
 * often it occurs in the title, the tags and the body, and its positions
 * (for phrases), delta-coded as variable-length integers in byte buffers.
 * Documents get increasing numbers, so adding one appends to the lists;
 * removing one marks it dead, and the lists are rewritten without the dead
 * once they are a quarter of the index. Queries are matched and ranked by
 * ./rank.ts. Pure: no files, no clock. It holds a whole small blog, or the
 * posts changed since the index file (./index-file.ts) was written.
 */

import { Cursor, Postings } from "./postings.js";
import type { SearchQuery } from "./query.js";
import { idf, rankInto, type RankedDoc, type RankScale } from "./rank.js";
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

/** A document's terms with their positions (fields are one position apart, so phrases do not span them). */
export interface AnalyzedDocument {
  occurrences: Map<string, { positions: number[]; title: number; tags: number }>;
  /** Body terms, for BM25's length normalisation. */
  length: number;
  titleEnd: number;
  tagsEnd: number;
}

/** Splits a document into its terms and their positions, title first, then the tags, then the body. */
export function analyzeDocument(document: SearchDocument): AnalyzedDocument {
  const occurrences: AnalyzedDocument["occurrences"] = new Map();
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
  return { occurrences, length: position - tagsEnd - 1, titleEnd, tagsEnd };
}

interface DocInfo extends RankedDoc {
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

  /** The ids of the documents in the index. */
  ids(): number[] {
    return [...this.byId.keys()];
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Adds a document, replacing the one with the same id. */
  add(id: number, document: SearchDocument): void {
    this.remove(id);
    const doc = this.docs.length;
    const { occurrences, length, titleEnd, tagsEnd } = analyzeDocument(document);
    for (const [term, entry] of occurrences) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Postings()));
      list.add(doc, entry.positions, entry.title, entry.tags);
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

  /** Documents holding `term` (the dead included until the next compaction). */
  df(term: string): number {
    return this.postings.get(term)?.count ?? 0;
  }

  /** Body terms of the living documents. */
  get bodyLength(): number {
    return this.liveLength;
  }

  /** The documents matching a query, best first: `limit` of them from `offset`. */
  search(query: SearchQuery, offset = 0, limit = 10): SearchResult {
    if (limit <= 0) return { total: 0, hits: [] };
    const live = this.byId.size;
    const scale: RankScale = { idf: (term) => idf(live, this.df(term)), averageLength: live > 0 ? Math.max(1, this.liveLength / live) : 1 };
    const top = new TopHits(offset + limit);
    const total = this.rankInto(query, scale, top);
    return { total, hits: top.sorted().slice(offset) };
  }

  /** Offers the matching documents to `top`, scored on `scale` (shared with an index file); returns how many matched. */
  rankInto(query: SearchQuery, scale: RankScale, top: TopHits): number {
    return rankInto(query, {
      cursor: (term, withPositions) => {
        const list = this.postings.get(term);
        return list && new Cursor(list, withPositions);
      },
      doc: (doc) => {
        const info = this.docs[doc]!;
        return info.alive ? info : undefined;
      },
    }, scale, top);
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
