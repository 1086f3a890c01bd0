/**
 * The start-up snapshot, `<data>/.blahg-index`: what loading found for each
 * post (metadata, tags, comments, whether its body parses) with a digest of
 * the size, times and inode of every file that went into it. A restart
 * stats those files instead of reading them and loads only the posts whose
 * files changed. Binary (format 5: a string table and counted records,
 * described below), so that decoding 50,000 posts is a walk over the bytes
 * rather than a JSON.parse making hundreds of MB of garbage.
 *
 * It is derived data: written atomically (a temporary file renamed over
 * it) but not fsynced, since losing it only costs one full load. Anything
 * wrong with it (truncated, garbage, a checksum mismatch, another format or
 * blahg version, another data directory or loading settings) makes it
 * ignored whole and rebuilt; deleting it is always safe.
 */

import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { FORMATS } from "../markup/formats.js";
import { writeDerivedFile } from "./derived-files.js";
import type { Comment, Post } from "./model.js";
import { withPaths, type PostFields } from "./post-paths.js";
import { readErrorText, readRegularFile } from "./read-regular-file.js";

export const SNAPSHOT_FILE = ".blahg-index";

const MAGIC = "blahg-index";
/** Bump when the file's layout or what loading derives from the files changes. */
const FORMAT = 5;

/**
 * The files one post was loaded from, stamped before they were read: each
 * file's size, mtime and ctime in milliseconds (with their fractions:
 * nanosecond clocks survive to a microsecond or so) and inode, or a mark
 * for a file looked for and absent, all folded into one 53-bit digest
 * (kept for every post while serving: 4 numbers per file were 9 MB at
 * 50,000 posts). A change shows as another digest; two stamps folding to
 * the same one are a 1 in 2^53 chance.
 */
export interface PostFiles {
  /** Relative to the post directory, in the order stamped; one shared array for each list of names. */
  paths: readonly string[];
  digest: number;
  /** Some file changed just before it was stamped (see RACY_MS): the post is not put in the snapshot. */
  racy: boolean;
}

/**
 * A write in the same clock tick as the stamp would keep its mtime (file
 * systems keep times in ticks of a few ms, FAT in 2 s), so a post with a
 * file modified within RACY_MS of its stamp is not kept (it is loaded
 * again next time), as git treats "racily clean" files.
 */
const RACY_MS = 2000;

const word = new Float64Array(1);
const words = new Uint32Array(word.buffer);

/** Folds stamps into two 32-bit lanes (multiply-xorshift, as MurmurHash3), read out as 53 bits. */
class Folder {
  private a = 0x9e3779b9;
  private b = 0x85ebca6b;

  add(n: number): void {
    word[0] = n;
    for (let i = 0; i < 2; i++) {
      const w = words[i]!;
      this.a = Math.imul(this.a ^ w, 0xcc9e2d51);
      this.a = Math.imul((this.a << 15) | (this.a >>> 17), 0x1b873593);
      this.b = Math.imul(this.b ^ w, 0x85ebca6b);
      this.b = Math.imul((this.b << 13) | (this.b >>> 19), 0xc2b2ae35);
    }
  }

  digest(): number {
    const mix = (h: number): number => {
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const a = mix(this.a ^ this.b);
    const b = mix(this.b + a);
    return (b & 0x1fffff) * 0x100000000 + a;
  }
}

const ABSENT = -1;

/** Folds a file's stamp in; undefined when it cannot even be stat'ed (such a post is never kept), else its mtime (ABSENT for no file). */
function stampInto(path: string, folder: Folder): number | undefined {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    if (!s) {
      folder.add(ABSENT);
      return ABSENT;
    }
    folder.add(s.size);
    folder.add(s.mtimeMs);
    folder.add(s.ctimeMs);
    folder.add(s.ino);
    return s.mtimeMs;
  } catch {
    return undefined;
  }
}

/** Most posts stamp the same file names: one array for each list of them (bounded: lists with comment ids vary). */
const sharedPathLists = new Map<string, readonly string[]>();

let lastShared: readonly string[] = [];

export function sharePaths(paths: readonly string[]): readonly string[] {
  // Posts in a row mostly stamp the same names (the same strings, once decoded or interned).
  if (paths.length === lastShared.length && paths.every((p, i) => p === lastShared[i])) return lastShared;
  const key = paths.join("\n");
  const known = sharedPathLists.get(key);
  if (known) return (lastShared = known);
  if (sharedPathLists.size < 10_000) sharedPathLists.set(key, paths);
  return (lastShared = paths);
}

/** Collects the stamps of the files loading reads for one post. */
export class FileStamper {
  private readonly stampedAt = Date.now();
  private readonly folder = new Folder();
  private readonly paths: string[] = [];
  private racy = false;
  private failed = false;

  constructor(private readonly postDir: string) {}

  /** Call before reading `relative` (a later change then shows as a different stamp). */
  stamp(relative: string): void {
    const mtime = stampInto(this.postDir + sep + relative, this.folder);
    if (mtime === undefined) this.failed = true;
    else this.paths.push(relative);
    // Writes set the mtime; the ctime also moves on chmod or rename, which change no contents.
    if (mtime !== undefined && mtime !== ABSENT && mtime > this.stampedAt - RACY_MS) this.racy = true;
  }

  /** The stamps, or undefined when some file could not be stat'ed. */
  result(): PostFiles | undefined {
    return this.failed ? undefined : { paths: sharePaths(this.paths), digest: this.folder.digest(), racy: this.racy };
  }
}

/** Whether every file of a post is as it was stamped. */
export function unchanged(postDir: string, files: PostFiles): boolean {
  const folder = new Folder();
  for (const path of files.paths) {
    // Concatenated, not join()ed: this runs for every file of every post at each start.
    if (stampInto(postDir + sep + path, folder) === undefined) return false;
  }
  return folder.digest() === files.digest;
}

/** A post as the snapshot keeps it: the paths are derived from the data directory when restored. */
export interface SnapshotEntry {
  post: Post;
  files: PostFiles;
  /** The body was parsed without errors (the background check need not parse it again). */
  checked: boolean;
}

/** What loading depends on besides the files: a snapshot made with other settings is not used. */
export interface SnapshotKey {
  dataDir: string;
  photoBaseUrl: string;
  maxPostSize: number | undefined;
  /** blahg's version. */
  version: string;
}

function fingerprint(key: SnapshotKey): string {
  const what = JSON.stringify([FORMAT, resolve(key.dataDir), key.photoBaseUrl, key.maxPostSize ?? null, key.version, FORMATS.map((f) => [f.id, f.bodyFile])]);
  return createHash("sha256").update(what).digest("hex").slice(0, 32);
}

// --- the binary layout
//
// After the header line, all numbers little-endian:
//   strings:  u32 count, count × u32 byte length, then the UTF-8 bytes of each, one after the other
//   entries:  u32 count, then per post a fixed head and its counted lists:
//     u32 id, f64 digest of the file stamps, f64 time, f64 bodySize, f64 order, i32 parent, u8 format (index in
//     FORMATS), u8 flags (FLAG_*), u32 title, twitterImage, slug, summary, author (string
//     numbers, NONE for absent), u32 tag count, u32 alias count, u32 file count, u32 comment count;
//     tags and aliases as string numbers; per file stamped its path (a string number);
//     per comment u32 id, f64 time, u32 author, email, ip, url (NONE for absent), u8 kind.
// Every string is stored once (titles, tags, authors, file names); decoding reads numbers straight
// from the bytes and makes no other garbage than the strings and objects it returns.

const NONE = 0xffffffff;
const FLAG_LISTED = 1;
const FLAG_COMMENTS_CLOSED = 2;
const FLAG_CHECKED = 4;
const FLAG_PRIVATE = 8;
const FLAG_STICKY = 16;
const FLAG_PAGE = 32;
const FLAG_PARENT = 64;
const FLAG_ORDER = 128;
const COMMENT_KINDS = [undefined, "pingback", "trackback"] as const;
/** Bytes of an entry's fixed head, and the least a file, a comment or a string number takes. */
const HEAD_SIZE = 4 + 8 * 4 + 4 + 1 + 1 + 4 * 5 + 4 * 4;
const FILE_SIZE = 4;
const COMMENT_SIZE = 4 + 8 + 4 * 4 + 1;

/** A buffer that grows as it is written. */
class ByteWriter {
  private bytes = Buffer.allocUnsafe(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  u8(n: number): void {
    this.room(1);
    this.bytes[this.length++] = n;
  }

  u32(n: number): void {
    this.room(4);
    this.length = this.bytes.writeUInt32LE(n, this.length);
  }

  i32(n: number): void {
    this.room(4);
    this.length = this.bytes.writeInt32LE(n, this.length);
  }

  f64(n: number): void {
    this.room(8);
    this.length = this.bytes.writeDoubleLE(n, this.length);
  }

  raw(b: Buffer): void {
    this.room(b.length);
    b.copy(this.bytes, this.length);
    this.length += b.length;
  }

  result(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

/** Numbers every distinct string in the order first written. */
class StringTable {
  private readonly numbers = new Map<string, number>();

  number(s: string | undefined): number {
    if (s === undefined) return NONE;
    let n = this.numbers.get(s);
    if (n === undefined) this.numbers.set(s, (n = this.numbers.size));
    return n;
  }

  write(out: ByteWriter): void {
    const encoded = [...this.numbers.keys()].map((s) => Buffer.from(s, "utf8"));
    out.u32(encoded.length);
    for (const b of encoded) out.u32(b.length);
    for (const b of encoded) out.raw(b);
  }
}

function writeEntry(out: ByteWriter, strings: StringTable, entry: SnapshotEntry): void {
  const { post, files } = entry;
  const flags = (post.listed ? FLAG_LISTED : 0) | (post.commentsClosed ? FLAG_COMMENTS_CLOSED : 0) | (entry.checked ? FLAG_CHECKED : 0) |
    (post.private ? FLAG_PRIVATE : 0) | (post.sticky ? FLAG_STICKY : 0) | (post.page ? FLAG_PAGE : 0) |
    (post.parent !== undefined ? FLAG_PARENT : 0) | (post.order !== undefined ? FLAG_ORDER : 0);
  out.u32(post.id);
  out.f64(files.digest);
  out.f64(post.time);
  out.f64(post.bodySize);
  out.f64(post.order ?? 0);
  out.i32(post.parent ?? 0);
  out.u8(FORMATS.findIndex((f) => f.id === post.format));
  out.u8(flags);
  out.u32(strings.number(post.title));
  out.u32(strings.number(post.twitterImage));
  out.u32(strings.number(post.slug));
  out.u32(strings.number(post.summary));
  out.u32(strings.number(post.author));
  const aliases = post.aliases ?? [];
  out.u32(post.tags.length);
  out.u32(aliases.length);
  out.u32(files.paths.length);
  out.u32(post.comments.length);
  for (const tag of post.tags) out.u32(strings.number(tag));
  for (const alias of aliases) out.u32(strings.number(alias));
  for (const path of files.paths) out.u32(strings.number(path));
  for (const c of post.comments) {
    out.u32(c.id);
    out.f64(c.time);
    out.u32(strings.number(c.author));
    out.u32(strings.number(c.email));
    out.u32(strings.number(c.ip));
    out.u32(strings.number(c.url));
    out.u8(COMMENT_KINDS.indexOf(c.kind));
  }
}

/**
 * Builds the snapshot's bytes one entry at a time, so that a server can
 * encode 50,000 posts in slices between requests rather than in one stall.
 */
export class SnapshotEncoder {
  private readonly strings = new StringTable();
  private readonly records = new ByteWriter();
  private count = 0;

  add(entry: SnapshotEntry): void {
    if (entry.files.racy) return;
    writeEntry(this.records, this.strings, entry);
    this.count++;
  }

  /** A header line (magic, format, fingerprint, checksum of the rest), then the strings and entries in binary. */
  finish(key: SnapshotKey): Buffer {
    const body = new ByteWriter();
    this.strings.write(body);
    body.u32(this.count);
    body.raw(this.records.result());
    const bytes = body.result();
    const sum = createHash("sha256").update(bytes).digest("hex");
    return Buffer.concat([Buffer.from(`${MAGIC} ${FORMAT} ${fingerprint(key)} ${sum}\n`), bytes]);
  }
}

/** The snapshot's bytes for `entries` (see SnapshotEncoder). */
export function encodeSnapshot(key: SnapshotKey, entries: Iterable<SnapshotEntry>): Buffer {
  const encoder = new SnapshotEncoder();
  for (const entry of entries) encoder.add(entry);
  return encoder.finish(key);
}

/** Writes encoded snapshot bytes over the snapshot (derived data: atomic for readers, no fsync); throws what the file system says. */
export function writeSnapshotBytes(dataDir: string, bytes: Buffer): void {
  writeDerivedFile(join(dataDir, SNAPSHOT_FILE), bytes);
}

/** Encodes and writes the snapshot at once. */
export function writeSnapshot(key: SnapshotKey, entries: Iterable<SnapshotEntry>): void {
  writeSnapshotBytes(key.dataDir, encodeSnapshot(key, entries));
}

// --- reading

export interface ReadSnapshot {
  entries: Map<number, SnapshotEntry>;
  /** Why the snapshot was not used (absent: it was, or there was none). */
  ignored?: string;
}

class Unusable extends Error {}

/** Reads the numbers of the layout above, refusing to read past the end. */
class ByteReader {
  at = 0;

  constructor(private readonly bytes: Buffer) {}

  /** Throws unless `n` more bytes are there (before a count's worth of items is read or allocated). */
  need(n: number): void {
    if (n > this.bytes.length - this.at) throw new Unusable("it ends in the middle of an entry");
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }

  u32(): number {
    this.need(4);
    const n = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return n;
  }

  i32(): number {
    this.need(4);
    const n = this.bytes.readInt32LE(this.at);
    this.at += 4;
    return n;
  }

  /** A finite number (a NaN or an infinity is nothing blahg writes). */
  f64(): number {
    this.need(8);
    const n = this.bytes.readDoubleLE(this.at);
    this.at += 8;
    if (!Number.isFinite(n)) throw new Unusable("it holds a number blahg never writes");
    return n;
  }

  /** How many items follow, each at least `size` bytes long. */
  count(size: number): number {
    const n = this.u32();
    this.need(n * size);
    return n;
  }

  utf8(length: number): string {
    this.need(length);
    const s = this.bytes.toString("utf8", this.at, this.at + length);
    this.at += length;
    return s;
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

/** The decoded string table, with a check of each string used as a file path (relative, no `..`). */
class Strings {
  private readonly all: string[];
  private readonly pathChecked: Uint8Array;

  constructor(reader: ByteReader) {
    const count = reader.count(4);
    const lengths = new Uint32Array(count);
    for (let i = 0; i < count; i++) lengths[i] = reader.u32();
    this.all = new Array<string>(count);
    for (let i = 0; i < count; i++) this.all[i] = reader.utf8(lengths[i]!);
    this.pathChecked = new Uint8Array(count);
  }

  get(n: number): string {
    const s = this.all[n];
    if (s === undefined) throw new Unusable("it names a string it does not hold");
    return s;
  }

  optional(n: number): string | undefined {
    return n === NONE ? undefined : this.get(n);
  }

  private lastList: readonly string[] = [];
  private lastNumbers: number[] = [];

  /** A list of `count` file paths, the same array as the last one when it names the same files (most do). */
  pathList(reader: ByteReader, count: number): readonly string[] {
    const numbers = new Array<number>(count);
    let same = count === this.lastNumbers.length;
    for (let i = 0; i < count; i++) {
      numbers[i] = reader.u32();
      same &&= numbers[i] === this.lastNumbers[i];
    }
    if (same) return this.lastList;
    this.lastNumbers = numbers;
    return (this.lastList = sharePaths(numbers.map((n) => this.path(n))));
  }

  path(n: number): string {
    const s = this.get(n);
    if (this.pathChecked[n] === 0) {
      if (s === "" || s.startsWith("/") || s.split(/[\\/]/).includes("..")) throw new Unusable("its file stamps are not what blahg writes");
      this.pathChecked[n] = 1;
    }
    return s;
  }
}

/** blahgd's limit for post ids (as load-posts.ts). */
const MAX_POST_ID = 2_147_483_647;

/** Decodes one entry, checking every value: a snapshot is a file like any other. */
function readEntry(reader: ByteReader, strings: Strings, postsDir: string): SnapshotEntry {
  reader.need(HEAD_SIZE);
  const id = reader.u32();
  const digest = reader.f64();
  const time = reader.f64();
  const bodySize = reader.f64();
  const order = reader.f64();
  const parent = reader.i32();
  const format = FORMATS[reader.u8()];
  const flags = reader.u8();
  const title = strings.get(reader.u32());
  const twitterImage = strings.optional(reader.u32());
  const slug = strings.optional(reader.u32());
  const summary = strings.optional(reader.u32());
  const author = strings.optional(reader.u32());
  if (id > MAX_POST_ID || !format || !Number.isSafeInteger(digest) || digest < 0 || !Number.isSafeInteger(bodySize) || bodySize < 0) throw new Unusable(`the entry of post ${id} is not what blahg writes`);
  const tagCount = reader.count(4);
  const aliasCount = reader.count(4);
  const fileCount = reader.count(FILE_SIZE);
  const commentCount = reader.count(COMMENT_SIZE);
  const tags = new Array<string>(tagCount);
  for (let i = 0; i < tagCount; i++) tags[i] = strings.get(reader.u32());
  const aliases = new Array<string>(aliasCount);
  for (let i = 0; i < aliasCount; i++) aliases[i] = strings.get(reader.u32());
  const paths = strings.pathList(reader, fileCount);
  const comments = new Array<Comment>(commentCount);
  for (let i = 0; i < commentCount; i++) {
    const comment: Comment = {
      id: reader.u32(),
      time: reader.f64(),
      author: strings.get(reader.u32()),
      email: strings.optional(reader.u32()),
      ip: strings.optional(reader.u32()),
      url: strings.optional(reader.u32()),
    };
    const kind = reader.u8();
    if (kind >= COMMENT_KINDS.length) throw new Unusable(`a comment of post ${id} is not what blahg writes`);
    if (kind > 0) comment.kind = COMMENT_KINDS[kind]!;
    comments[i] = comment;
  }
  const post: PostFields = {
    id,
    format: format.id,
    bodySize,
    title,
    time,
    tags,
    listed: (flags & FLAG_LISTED) !== 0,
    comments,
    twitterImage,
    commentsClosed: (flags & FLAG_COMMENTS_CLOSED) !== 0,
  };
  if (slug !== undefined) post.slug = slug;
  if (summary !== undefined) post.summary = summary;
  if (aliasCount > 0) post.aliases = aliases;
  if (flags & FLAG_PRIVATE) post.private = true;
  if (flags & FLAG_STICKY) post.sticky = true;
  if (author !== undefined) post.author = author;
  if (flags & FLAG_PAGE) post.page = true;
  if (flags & FLAG_PARENT) post.parent = parent;
  if (flags & FLAG_ORDER) post.order = order;
  return { post: withPaths(postsDir, post), files: { paths: sharePaths(paths), digest, racy: false }, checked: (flags & FLAG_CHECKED) !== 0 };
}

/** Decodes a snapshot's bytes; any problem makes the whole snapshot unusable (say why). */
export function decodeSnapshot(key: SnapshotKey, bytes: Buffer): ReadSnapshot {
  // The paths derived must be the ones loading makes (join() of the data directory as configured).
  const postsDir = join(key.dataDir, "posts");
  const empty = (ignored: string): ReadSnapshot => ({ entries: new Map(), ignored });
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 || newline > 200) return empty("it has no header");
  const header = bytes.subarray(0, newline).toString("latin1").split(" ");
  if (header.length !== 4 || header[0] !== MAGIC) return empty("it is not a blahg snapshot");
  if (header[1] !== String(FORMAT)) return empty(`it has format ${header[1]}, this blahg writes ${FORMAT}`);
  if (header[2] !== fingerprint(key)) return empty("it was made for another data directory, settings or blahg version");
  const body = bytes.subarray(newline + 1);
  if (createHash("sha256").update(body).digest("hex") !== header[3]) return empty("its checksum does not match (truncated or damaged)");
  const entries = new Map<number, SnapshotEntry>();
  try {
    const reader = new ByteReader(body);
    const strings = new Strings(reader);
    const count = reader.count(HEAD_SIZE);
    for (let i = 0; i < count; i++) {
      const entry = readEntry(reader, strings, postsDir);
      if (entries.has(entry.post.id)) throw new Unusable(`it holds post ${entry.post.id} twice`);
      entries.set(entry.post.id, entry);
    }
    if (!reader.done) throw new Unusable("it has bytes after its last entry");
  } catch (e) {
    if (e instanceof Unusable) return empty(e.message);
    throw e;
  }
  return { entries };
}

/** Far above what a million posts need. */
const MAX_SNAPSHOT_SIZE = 1 << 30;

/** Reads `<data>/.blahg-index`; no file means no entries and nothing to say. */
export function readSnapshot(key: SnapshotKey): ReadSnapshot {
  let bytes: Buffer;
  try {
    // Not readFileSync: a FIFO put in its place must not block the start.
    bytes = readRegularFile(join(key.dataDir, SNAPSHOT_FILE), { maxSize: MAX_SNAPSHOT_SIZE });
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? { entries: new Map() } : { entries: new Map(), ignored: `it cannot be read (${readErrorText(e)})` };
  }
  return decodeSnapshot(key, bytes);
}
