/**
 * The search index file, `<data>/.blahg-search`, and how the serving thread
 * reads it. Derived data, like the start-up snapshot: written by a worker
 * (./write-index-file.ts) through a temporary file renamed over it, never
 * fsynced; anything wrong with it (truncated, damaged, another format,
 * data directory, settings or blahg version) makes it ignored and rebuilt,
 * and deleting it is always safe.
 *
 * Layout: a 512-byte header (magic, format, fingerprint, SHA-1 of the rest,
 * then JSON with the sections' places), then
 * - texts: each post's plain text, deflated, for snippets without a render;
 * - postings: per term, its document entries (document delta, `tf << 1 |
 *   inTitleOrTags`, title and tag counts if flagged, the byte length of its
 *   positions) and then its positions (deltas), all LEB128;
 * - documents: a fixed-size record per document (post id, time, lengths,
 *   its text's place, and what the body file looked like when indexed);
 * - dictionary: the terms in UTF-8 byte order, each with its document
 *   count and the place of its postings.
 * Documents are numbered newest first, so a query cut short by its read
 * budget has ranked the newest posts.
 *
 * The serving thread keeps only the dictionary and the document table (a
 * few bytes per term and per post) and reads postings with positioned reads
 * per query, at most MAX_QUERY_READ bytes of them.
 */

import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { decodePositions, type PostingCursor } from "./postings.js";
import type { SearchQuery } from "./query.js";
import { rankInto, type RankedDoc, type RankScale } from "./rank.js";
import type { TopHits } from "./top-hits.js";

export const SEARCH_FILE = ".blahg-search";
export const MAGIC = "blahg-search";
/** Bump when the layout or what goes into it changes. */
export const FORMAT = 1;
export const HEADER_SIZE = 512;
/** Bytes of one document record. */
export const DOC_RECORD = 72;
/** Fixed bytes of a dictionary entry besides the term: length, document count, postings' lengths and place. */
export const DICT_FIXED = 19;

/** Most bytes of postings one query reads: past it, the query ranks what it has read (the newest posts). */
export const MAX_QUERY_READ = 1024 * 1024;
const WINDOW = 64 * 1024;

/** Where the sections are, as the header's JSON gives them (offsets from the start of the file). */
export interface IndexLayout {
  docs: number;
  terms: number;
  /** When the build started (ms since the epoch): a body written around then may have changed unseen. */
  builtAt: number;
  /** Body terms of every document. */
  bodyLength: number;
  texts: [offset: number, length: number];
  postings: [offset: number, length: number];
  docTable: [offset: number, length: number];
  dictionary: [offset: number, length: number];
}

/** What a post's body file looked like when it was indexed, and a digest of the rest of what was indexed. */
export interface DocStamp {
  bodySize: number;
  bodyMtime: number;
  bodyIno: number;
  /** 8 bytes of a digest of the title, tags, time, format and body path, as hex. */
  meta: string;
}

export class UnusableIndex extends Error {}

export function encodeHeader(fingerprint: string, sum: string, layout: IndexLayout): Buffer {
  const text = `${MAGIC} ${FORMAT} ${fingerprint} ${sum}\n${JSON.stringify(layout)}\n`;
  const header = Buffer.alloc(HEADER_SIZE, 0x20);
  if (header.write(text, "utf8") !== Buffer.byteLength(text)) throw new Error("the search index header does not fit");
  return header;
}

function isSection(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n) && n >= 0);
}

/** Reads and checks the header (not the checksum): throws UnusableIndex saying why. */
export function readHeader(fd: number, fingerprint: string): { sum: string; layout: IndexLayout; size: number } {
  const stat = fstatSync(fd);
  if (!stat.isFile()) throw new UnusableIndex("it is not a file");
  const size = stat.size;
  const header = Buffer.alloc(HEADER_SIZE);
  if (size < HEADER_SIZE || readSync(fd, header, 0, HEADER_SIZE, 0) !== HEADER_SIZE) throw new UnusableIndex("it is truncated");
  const lines = header.toString("utf8").split("\n");
  const first = (lines[0] ?? "").split(" ");
  if (first.length !== 4 || first[0] !== MAGIC) throw new UnusableIndex("it is not a blahg search index");
  if (first[1] !== String(FORMAT)) throw new UnusableIndex(`it has format ${first[1]}, this blahg writes ${FORMAT}`);
  if (first[2] !== fingerprint) throw new UnusableIndex("it was made for another data directory, settings or blahg version");
  let layout: IndexLayout;
  try {
    layout = JSON.parse(lines[1] ?? "") as IndexLayout;
  } catch {
    throw new UnusableIndex("its header is damaged");
  }
  const sections = [layout.texts, layout.postings, layout.docTable, layout.dictionary];
  if (typeof layout !== "object" || layout === null || !sections.every(isSection) || ![layout.docs, layout.terms, layout.builtAt, layout.bodyLength].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new UnusableIndex("its header is damaged");
  }
  if (sections.some(([offset, length]) => offset < HEADER_SIZE || offset + length > size) || layout.docTable[1] !== layout.docs * DOC_RECORD) {
    throw new UnusableIndex("it is truncated");
  }
  return { sum: first[3]!, layout, size };
}

/** Opens for reading without blocking on a FIFO put in the file's place (readHeader then refuses it). */
function openForReading(path: string): number {
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

/** Checks the whole file against its checksum (reads all of it: for a worker thread). Throws UnusableIndex. */
export function verifyIndexFile(path: string, fingerprint: string): IndexLayout {
  let fd: number;
  try {
    fd = openForReading(path);
  } catch (e) {
    throw new UnusableIndex((e as NodeJS.ErrnoException).code === "ENOENT" ? "there is none yet" : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  try {
    const { sum, layout, size } = readHeader(fd, fingerprint);
    const hash = createHash("sha1");
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let at = HEADER_SIZE; at < size;) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at);
      if (n <= 0) throw new UnusableIndex("it is truncated");
      hash.update(buffer.subarray(0, n));
      at += n;
    }
    if (hash.digest("hex") !== sum) throw new UnusableIndex("its checksum does not match (truncated or damaged)");
    return layout;
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `offset`. */
function readAt(fd: number, offset: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n <= 0) throw new UnusableIndex("it is truncated");
    done += n;
  }
  return out;
}

/** The post ids and stamps of every document (for deciding what changed since the file was written). */
export function readDocStamps(path: string, layout: IndexLayout): Map<number, DocStamp> {
  const fd = openForReading(path);
  try {
    const table = readAt(fd, layout.docTable[0], layout.docTable[1]);
    const stamps = new Map<number, DocStamp>();
    for (let at = 0; at < table.length; at += DOC_RECORD) {
      stamps.set(table.readDoubleLE(at), {
        bodySize: table.readDoubleLE(at + 40),
        bodyMtime: table.readDoubleLE(at + 48),
        bodyIno: table.readDoubleLE(at + 56),
        meta: table.subarray(at + 64, at + 72).toString("hex"),
      });
    }
    return stamps;
  } finally {
    closeSync(fd);
  }
}

/** The bytes a query may still read; once spent, cursors end early. */
interface ReadBudget {
  left: number;
  spent: boolean;
}

/** A stretch of the file read in windows, as a cursor moves forward through it. */
class Window {
  bytes: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;

  constructor(
    private readonly fd: number,
    private readonly base: number,
    private readonly length: number,
    private readonly budget: ReadBudget,
  ) {}

  /** Makes bytes [at, at + n) (those within the stretch) readable at `bytes[i - start]`; false when the budget is spent. */
  ensure(at: number, n: number): boolean {
    const end = Math.min(at + n, this.length);
    if (at >= this.start && end <= this.end) return true;
    const length = Math.min(Math.max(end - at, WINDOW), this.length - at);
    if (this.budget.left < length) {
      this.budget.spent = true;
      return false;
    }
    this.budget.left -= length;
    if (this.bytes.length < length) this.bytes = Buffer.allocUnsafe(Math.max(length, WINDOW));
    let done = 0;
    while (done < length) {
      const got = readSync(this.fd, this.bytes, done, length - done, this.base + at + done);
      if (got <= 0) break;
      done += got;
    }
    this.start = at;
    this.end = at + done;
    return done === length;
  }
}

/** A term's postings in the file, read forward as the query advances. */
class FileCursor implements PostingCursor {
  doc = -1;
  tf = 0;
  titleTf = 0;
  tagTf = 0;
  idf = 0;
  private at = 0;
  private positionsAt = 0;
  private positionBytes = 0;
  private readonly docs: Window;
  private readonly positionWindow: Window | undefined;

  constructor(
    fd: number,
    postings: number,
    readonly count: number,
    private readonly docsLength: number,
    positionsLength: number,
    withPositions: boolean,
    budget: ReadBudget,
  ) {
    this.docs = new Window(fd, postings, docsLength, budget);
    if (withPositions) this.positionWindow = new Window(fd, postings + docsLength, positionsLength, budget);
  }

  private varint(): number {
    const w = this.docs;
    let byte = w.bytes[this.at++ - w.start]!;
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = w.bytes[this.at++ - w.start]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
      shift += 7;
    }
  }

  next(): boolean {
    // An entry is at most five LEB128 integers of five bytes.
    if (this.at >= this.docsLength || !this.docs.ensure(this.at, 25)) {
      this.doc = Infinity;
      return false;
    }
    this.positionsAt += this.positionBytes;
    this.doc = (this.doc < 0 ? -1 : this.doc) + this.varint();
    const counts = this.varint();
    this.tf = counts >>> 1;
    if (counts & 1) {
      this.titleTf = this.varint();
      this.tagTf = this.varint();
    } else {
      this.titleTf = this.tagTf = 0;
    }
    this.positionBytes = this.varint();
    return true;
  }

  advanceTo(target: number): boolean {
    while (this.doc < target) if (!this.next()) return false;
    return this.doc !== Infinity;
  }

  positions(): number[] {
    const w = this.positionWindow;
    // A spent budget leaves the phrase unmatched (and the query ends at its next step).
    if (!w || !w.ensure(this.positionsAt, this.positionBytes)) return [];
    return decodePositions(w.bytes, this.positionsAt - w.start, this.tf);
  }
}

/** An index file opened for queries: its dictionary and document table in memory, the rest read as needed. */
export class IndexFile {
  private readonly ids: Float64Array;
  private readonly times: Float64Array;
  private readonly lengths: Uint32Array;
  private readonly titleEnds: Uint32Array;
  private readonly tagsEnds: Uint32Array;
  private readonly textOffsets: Float64Array;
  private readonly textLengths: Uint32Array;
  /** Document numbers in the order of their post ids, for lookups by id. */
  private readonly byId: Uint32Array;
  /** The dictionary section, and where each entry starts in it. */
  private readonly dictionary: Buffer;
  private readonly entries: Uint32Array;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly layout: IndexLayout,
  ) {
    const n = layout.docs;
    const table = readAt(fd, layout.docTable[0], layout.docTable[1]);
    this.ids = new Float64Array(n);
    this.times = new Float64Array(n);
    this.lengths = new Uint32Array(n);
    this.titleEnds = new Uint32Array(n);
    this.tagsEnds = new Uint32Array(n);
    this.textOffsets = new Float64Array(n);
    this.textLengths = new Uint32Array(n);
    for (let doc = 0; doc < n; doc++) {
      const at = doc * DOC_RECORD;
      this.ids[doc] = table.readDoubleLE(at);
      this.times[doc] = table.readDoubleLE(at + 8);
      this.lengths[doc] = table.readUInt32LE(at + 16);
      this.titleEnds[doc] = table.readUInt32LE(at + 20);
      this.tagsEnds[doc] = table.readUInt32LE(at + 24);
      this.textLengths[doc] = table.readUInt32LE(at + 28);
      this.textOffsets[doc] = table.readDoubleLE(at + 32);
    }
    this.byId = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => this.ids[a]! - this.ids[b]!);
    this.dictionary = readAt(fd, layout.dictionary[0], layout.dictionary[1]);
    this.entries = new Uint32Array(layout.terms);
    let at = 0;
    for (let i = 0; i < layout.terms; i++) {
      if (at >= this.dictionary.length) throw new UnusableIndex("its dictionary is damaged");
      this.entries[i] = at;
      at += 1 + this.dictionary[at]! + DICT_FIXED - 1;
    }
    if (at !== this.dictionary.length) throw new UnusableIndex("its dictionary is damaged");
  }

  /** Opens a file a worker checked; throws UnusableIndex when it is not one (or no longer the one checked). */
  static open(path: string, fingerprint: string): IndexFile {
    const fd = openForReading(path);
    try {
      const { layout } = readHeader(fd, fingerprint);
      return new IndexFile(fd, layout);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Documents in the file. */
  get size(): number {
    return this.layout.docs;
  }

  get bodyLength(): number {
    return this.layout.bodyLength;
  }

  /** Bytes held in memory for the dictionary and the document table. */
  memory(): number {
    return this.dictionary.byteLength + this.entries.byteLength + this.layout.docs * (8 * 3 + 4 * 5);
  }

  private docOf(id: number): number {
    let lo = 0;
    let hi = this.byId.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const doc = this.byId[mid]!;
      const at = this.ids[doc]!;
      if (at === id) return doc;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  has(id: number): boolean {
    return this.docOf(id) >= 0;
  }

  /** A document's body length, for keeping averages right when it is replaced. */
  bodyLengthOf(id: number): number {
    const doc = this.docOf(id);
    return doc < 0 ? 0 : this.lengths[doc]!;
  }

  /** The post's plain text as it was indexed. */
  text(id: number): string | undefined {
    const doc = this.docOf(id);
    if (doc < 0 || this.closed) return undefined;
    return inflateRawSync(readAt(this.fd, this.textOffsets[doc]!, this.textLengths[doc]!)).toString("utf8");
  }

  /** The dictionary entry of `term`, or -1. */
  private entry(term: string): number {
    const key = Buffer.from(term, "utf8");
    const dictionary = this.dictionary;
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.entries[mid]!;
      const c = Buffer.compare(dictionary.subarray(at + 1, at + 1 + dictionary[at]!), key);
      if (c === 0) return at;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Documents holding `term`. */
  df(term: string): number {
    const at = this.entry(term);
    return at < 0 ? 0 : this.dictionary.readUInt32LE(at + 1 + this.dictionary[at]!);
  }

  /**
   * Offers the matching documents (but those of `hidden` posts) to `top`;
   * returns how many matched and whether the read budget cut the query short.
   */
  rankInto(query: SearchQuery, scale: RankScale, top: TopHits, hidden: ReadonlySet<number>): { total: number; partial: boolean } {
    if (this.closed) return { total: 0, partial: false };
    const budget: ReadBudget = { left: MAX_QUERY_READ, spent: false };
    const info: RankedDoc = { id: 0, time: 0, length: 0, titleEnd: 0, tagsEnd: 0 };
    const postingsStart = this.layout.postings[0];
    const total = rankInto(query, {
      cursor: (term, withPositions) => {
        const at = this.entry(term);
        if (at < 0) return undefined;
        const d = this.dictionary;
        const fixed = at + 1 + d[at]!;
        const count = d.readUInt32LE(fixed);
        const docsLength = d.readUInt32LE(fixed + 4);
        const positionsLength = d.readUInt32LE(fixed + 8);
        const offset = d.readUIntLE(fixed + 12, 6);
        return new FileCursor(this.fd, postingsStart + offset, count, docsLength, positionsLength, withPositions, budget);
      },
      doc: (doc) => {
        if (doc >= this.layout.docs) return undefined;
        const id = this.ids[doc]!;
        if (hidden.has(id)) return undefined;
        info.id = id;
        info.time = this.times[doc]!;
        info.length = this.lengths[doc]!;
        info.titleEnd = this.titleEnds[doc]!;
        info.tagsEnd = this.tagsEnds[doc]!;
        return info;
      },
    }, scale, top);
    return { total, partial: budget.spent };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
