/**
 * Writes a search index file (the layout is in ./index-file.ts) in bounded
 * memory: documents are indexed in batches whose postings are written, term
 * by term in byte order, to temporary run files once they reach a few
 * megabytes; the runs are then merged term by term into the file. Texts go
 * straight into the file as each document comes. Meant for a worker thread:
 * it reads and writes synchronously.
 */

import { createHash, type Hash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { threadId } from "node:worker_threads";
import { deflateRawSync } from "node:zlib";
import { DOC_RECORD, encodeHeader, HEADER_SIZE, type DocStamp, type IndexLayout } from "./index-file.js";
import { Postings } from "./postings.js";
import { analyzeDocument, type SearchDocument } from "./search-index.js";

/** Postings bytes a batch holds before it is written out as a run (default). */
const RUN_BYTES = 8 * 1024 * 1024;
const OUTPUT_BUFFER = 1 << 20;

export interface IndexedDocument extends SearchDocument {
  id: number;
  stamp: DocStamp;
}

/** Appends to a file through a buffer, optionally hashing what it writes. */
class Output {
  position: number;
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(
    private readonly fd: number,
    start: number,
    private readonly hash?: Hash,
  ) {
    this.position = start;
  }

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    this.buffered += bytes.length;
    this.position += bytes.length;
    if (this.buffered >= OUTPUT_BUFFER) this.flush();
  }

  flush(): void {
    if (this.buffered === 0) return;
    const all = Buffer.concat(this.chunks, this.buffered);
    this.hash?.update(all);
    let done = 0;
    const at = this.position - this.buffered;
    while (done < all.length) done += writeSync(this.fd, all, done, all.length - done, at + done);
    this.chunks = [];
    this.buffered = 0;
  }
}

function varint(value: number, into: number[]): void {
  while (value >= 0x80) {
    into.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  into.push(value);
}

/** One term's entry in a run: its postings for the batch's documents (the first delta counted from -1). */
interface RunEntry {
  term: Buffer;
  count: number;
  lastDoc: number;
  docs: Buffer;
  positions: Buffer;
}

/** Reads a run file's entries in order. */
class RunReader {
  private bytes = Buffer.alloc(0);
  private at = 0;
  private position = 0;
  private readonly size: number;
  head: RunEntry | undefined;

  constructor(readonly fd: number) {
    this.size = fstatSync(fd).size;
    this.advance();
  }

  private take(n: number): Buffer {
    if (this.bytes.length - this.at < n) {
      const rest = this.bytes.subarray(this.at);
      const more = Math.min(Math.max(n - rest.length, OUTPUT_BUFFER), this.size - this.position);
      const next = Buffer.allocUnsafe(rest.length + more);
      rest.copy(next);
      let done = 0;
      while (done < more) {
        const got = readSync(this.fd, next, rest.length + done, more - done, this.position + done);
        if (got <= 0) throw new Error("a search index run file ended early");
        done += got;
      }
      this.position += more;
      this.bytes = next;
      this.at = 0;
    }
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  advance(): void {
    if (this.at >= this.bytes.length && this.position >= this.size) {
      this.head = undefined;
      return;
    }
    const length = this.take(1)[0]!;
    const term = this.take(length);
    const fixed = this.take(16);
    const docsLength = fixed.readUInt32LE(8);
    const positionsLength = fixed.readUInt32LE(12);
    this.head = { term, count: fixed.readUInt32LE(0), lastDoc: fixed.readUInt32LE(4), docs: this.take(docsLength), positions: this.take(positionsLength) };
  }
}

export class IndexFileWriter {
  private readonly temporary: string;
  private readonly fd: number;
  private readonly hash = createHash("sha1");
  private readonly texts: Output;
  private readonly docTable: Buffer[] = [];
  private batch = new Map<string, Postings>();
  private batchBytes = 0;
  private readonly runs: string[] = [];
  private docs = 0;
  private bodyLength = 0;
  private readonly builtAt = Date.now();

  constructor(
    private readonly path: string,
    private readonly fingerprint: string,
    private readonly runBytes = RUN_BYTES,
  ) {
    this.temporary = `${path}.${process.pid}-${threadId}.tmp`;
    this.fd = openSync(this.temporary, "w");
    this.texts = new Output(this.fd, HEADER_SIZE, this.hash);
  }

  /** Adds the next document: documents come newest first (their order is the file's document order). */
  add(document: IndexedDocument): void {
    const doc = this.docs++;
    const { occurrences, length, titleEnd, tagsEnd } = analyzeDocument(document);
    const text = deflateRawSync(Buffer.from(document.body, "utf8"));
    const record = Buffer.alloc(DOC_RECORD);
    record.writeDoubleLE(document.id, 0);
    record.writeDoubleLE(document.time, 8);
    record.writeUInt32LE(length, 16);
    record.writeUInt32LE(titleEnd, 20);
    record.writeUInt32LE(tagsEnd, 24);
    record.writeUInt32LE(text.length, 28);
    record.writeDoubleLE(this.texts.position, 32);
    record.writeDoubleLE(document.stamp.bodySize, 40);
    record.writeDoubleLE(document.stamp.bodyMtime, 48);
    record.writeDoubleLE(document.stamp.bodyIno, 56);
    Buffer.from(document.stamp.meta, "hex").copy(record, 64, 0, 8);
    this.docTable.push(record);
    this.texts.write(text);
    this.bodyLength += length;
    for (const [term, entry] of occurrences) {
      let list = this.batch.get(term);
      if (!list) this.batch.set(term, (list = new Postings()));
      const docsBefore = list.docs.length;
      const positionsBefore = list.positions.length;
      list.add(doc, entry.positions, entry.title, entry.tags);
      // The file's entries also say how many bytes of positions they have, so that a reader can skip them.
      list.docs.push(list.positions.length - positionsBefore);
      this.batchBytes += list.docs.length - docsBefore + list.positions.length - positionsBefore;
    }
    if (this.batchBytes >= this.runBytes) this.writeRun();
  }

  /** Writes the batch's postings, terms in byte order, to a run file. */
  private writeRun(): void {
    if (this.batch.size === 0) return;
    const path = `${this.temporary}.run${this.runs.length}`;
    this.runs.push(path);
    const fd = openSync(path, "w");
    try {
      const out = new Output(fd, 0);
      const terms = [...this.batch.keys()].map((t) => Buffer.from(t, "utf8")).sort(Buffer.compare);
      const fixed = Buffer.alloc(16);
      for (const term of terms) {
        const list = this.batch.get(term.toString("utf8"))!;
        out.write(Uint8Array.of(term.length));
        out.write(term);
        fixed.writeUInt32LE(list.count, 0);
        fixed.writeUInt32LE(list.last, 4);
        fixed.writeUInt32LE(list.docs.length, 8);
        fixed.writeUInt32LE(list.positions.length, 12);
        out.write(Buffer.from(fixed));
        out.write(list.docs.bytes.subarray(0, list.docs.length));
        out.write(list.positions.bytes.subarray(0, list.positions.length));
      }
      out.flush();
    } finally {
      closeSync(fd);
    }
    this.batch = new Map();
    this.batchBytes = 0;
  }

  /** Run files written so far. */
  get runCount(): number {
    return this.runs.length;
  }

  /** Merges the runs into the file and puts it in place. */
  finish(): void {
    try {
      this.writeRun();
      this.texts.flush();
      const textsSection: [number, number] = [HEADER_SIZE, this.texts.position - HEADER_SIZE];
      const out = new Output(this.fd, this.texts.position, this.hash);
      const postingsStart = out.position;
      const dictionary: Buffer[] = [];
      let terms = 0;
      const readers = this.runs.map((path) => new RunReader(openSync(path, "r")));
      try {
        for (;;) {
          let smallest: Buffer | undefined;
          for (const r of readers) if (r.head && (!smallest || Buffer.compare(r.head.term, smallest) < 0)) smallest = r.head.term;
          if (!smallest) break;
          const term = Buffer.from(smallest);
          const offset = out.position - postingsStart;
          let count = 0;
          let last = -1;
          let docsLength = 0;
          const positions: Buffer[] = [];
          // Runs hold consecutive stretches of documents, in order: their lists are joined, each first delta counted from the last document before it.
          for (const r of readers) {
            const head = r.head;
            if (!head || !head.term.equals(term)) continue;
            let at = 0;
            let first = 0;
            let shift = 0;
            for (;;) {
              const byte = head.docs[at++]!;
              first |= (byte & 0x7f) << shift;
              if (byte < 0x80) break;
              shift += 7;
            }
            const firstDoc = (first >>> 0) - 1;
            const delta: number[] = [];
            varint(firstDoc - last, delta);
            out.write(Uint8Array.from(delta));
            out.write(head.docs.subarray(at));
            docsLength += delta.length + head.docs.length - at;
            positions.push(head.positions);
            count += head.count;
            last = head.lastDoc;
            r.advance();
          }
          let positionsLength = 0;
          for (const p of positions) {
            out.write(p);
            positionsLength += p.length;
          }
          const entry = Buffer.alloc(1 + term.length + 18);
          entry[0] = term.length;
          term.copy(entry, 1);
          const fixed = 1 + term.length;
          entry.writeUInt32LE(count, fixed);
          entry.writeUInt32LE(docsLength, fixed + 4);
          entry.writeUInt32LE(positionsLength, fixed + 8);
          entry.writeUIntLE(offset, fixed + 12, 6);
          dictionary.push(entry);
          terms++;
        }
      } finally {
        for (const r of readers) closeSync(r.fd);
      }
      const postingsSection: [number, number] = [postingsStart, out.position - postingsStart];
      const docTableStart = out.position;
      for (const record of this.docTable) out.write(record);
      const dictionaryStart = out.position;
      for (const entry of dictionary) out.write(entry);
      out.flush();
      const layout: IndexLayout = {
        docs: this.docs,
        terms,
        builtAt: this.builtAt,
        bodyLength: this.bodyLength,
        texts: textsSection,
        postings: postingsSection,
        docTable: [docTableStart, dictionaryStart - docTableStart],
        dictionary: [dictionaryStart, out.position - dictionaryStart],
      };
      writeSync(this.fd, encodeHeader(this.fingerprint, this.hash.digest("hex"), layout), 0, HEADER_SIZE, 0);
      closeSync(this.fd);
      renameSync(this.temporary, this.path);
    } catch (e) {
      this.abort();
      throw e;
    } finally {
      for (const run of this.runs) rmSync(run, { force: true });
    }
  }

  /** Drops the temporary files. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    rmSync(this.temporary, { force: true });
    for (const run of this.runs) rmSync(run, { force: true });
  }
}
