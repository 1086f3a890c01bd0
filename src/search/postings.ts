/**
 * A term's postings, as the search index stores them: per document, the
 * document number's delta, the term's counts, and (in a second buffer) its
 * positions as deltas, all as unsigned LEB128 integers; and a cursor that
 * reads them in document order, skipping the positions unless asked for.
 */

/** A growable byte buffer of unsigned LEB128 integers. */
export class VarintBuffer {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 8) {
    this.bytes = new Uint8Array(capacity);
  }

  push(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(16, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.bytes[this.length++] = value;
  }

  /** Gives back the spare capacity. */
  trim(): void {
    if (this.bytes.length > this.length) this.bytes = this.bytes.slice(0, this.length);
  }
}

/** The documents holding a term. */
export class Postings {
  /** Per document: the number's delta, `tf << 1 | inTitleOrTags`, and then title and tag counts if flagged. */
  readonly docs = new VarintBuffer();
  /** Per document: its `tf` positions, each as the delta from the previous one. */
  readonly positions = new VarintBuffer();
  last = -1;
  /** Documents listed, the dead included until the next compaction. */
  count = 0;

  /** Appends document `doc` (after every document listed so far) with the term's positions, ascending, and its title and tag counts. */
  add(doc: number, positions: readonly number[], title: number, tags: number): void {
    this.docs.push(doc - this.last);
    this.last = doc;
    this.count++;
    const tf = positions.length;
    if (title > 0 || tags > 0) {
      this.docs.push(tf * 2 + 1);
      this.docs.push(title);
      this.docs.push(tags);
    } else {
      this.docs.push(tf * 2);
    }
    let previous = 0;
    for (const p of positions) {
      this.positions.push(p - previous);
      previous = p;
    }
  }
}

/** A term's postings as a query reads them, wherever they are kept (memory or the index file). */
export interface PostingCursor {
  /** The current document (-1 before the first, Infinity after the last). */
  doc: number;
  tf: number;
  titleTf: number;
  tagTf: number;
  /** The term's idf, set by the query. */
  idf: number;
  /** Documents listed (the lists' length: the rarest term leads a query). */
  readonly count: number;
  next(): boolean;
  advanceTo(target: number): boolean;
  /** The current document's positions, ascending (only when opened with positions). */
  positions(): number[];
}

/** Reads one term's postings in document order. */
export class Cursor implements PostingCursor {
  doc = -1;
  tf = 0;
  titleTf = 0;
  tagTf = 0;
  /** The term's idf, set by the query. */
  idf = 0;
  private at = 0;
  private positionsAt = 0;
  /** Where the current document's positions start. */
  private positionsStart = 0;
  private readonly docs: Uint8Array;
  private readonly docsEnd: number;
  private readonly positionBytes: Uint8Array;

  /** `withPositions`: keep track of where each document's positions are (phrases need them; words do not). */
  constructor(readonly postings: Postings, private readonly withPositions: boolean) {
    this.docs = postings.docs.bytes;
    this.docsEnd = postings.docs.length;
    this.positionBytes = postings.positions.bytes;
  }

  get count(): number {
    return this.postings.count;
  }

  private varint(): number {
    const docs = this.docs;
    let byte = docs[this.at++]!;
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = docs[this.at++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
      shift += 7;
    }
  }

  /** Moves to the next document; false at the end. */
  next(): boolean {
    if (this.at >= this.docsEnd) {
      this.doc = Infinity;
      return false;
    }
    if (this.withPositions && this.doc >= 0) this.skipPositions();
    this.doc = (this.doc < 0 ? -1 : this.doc) + this.varint();
    const counts = this.varint();
    this.tf = counts >>> 1;
    if (counts & 1) {
      this.titleTf = this.varint();
      this.tagTf = this.varint();
    } else {
      this.titleTf = this.tagTf = 0;
    }
    this.positionsStart = this.positionsAt;
    return true;
  }

  /** Moves to the first document at or after `target`; false at the end. */
  advanceTo(target: number): boolean {
    while (this.doc < target) if (!this.next()) return false;
    return this.doc !== Infinity;
  }

  /** The current document's positions, ascending (only with `withPositions`). */
  positions(): number[] {
    return decodePositions(this.positionBytes, this.positionsStart, this.tf);
  }

  private skipPositions(): void {
    let at = this.positionsStart;
    const bytes = this.positionBytes;
    for (let left = this.tf; left > 0; at++) if (bytes[at]! < 0x80) left--;
    this.positionsAt = at;
  }
}

/** `count` positions stored as varint deltas from `at` in `bytes`, ascending: an entry's positions in memory and in the index file alike. */
export function decodePositions(bytes: Uint8Array, at: number, count: number): number[] {
  const out: number[] = [];
  let position = 0;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7;
    }
    position += value >>> 0;
    out.push(position);
  }
  return out;
}
