/**
 * The start-up snapshot, `<data>/.blahg-index`: what loading found for each
 * post (metadata, tags, comments, whether its body parses) with the size,
 * times and inode of every file that went into it. A restart stats those
 * files instead of reading them and loads only the posts whose files
 * changed.
 *
 * It is derived data: written atomically (a temporary file renamed over
 * it) but not fsynced, since losing it only costs one full load. Anything
 * wrong with it (truncated, garbage, a checksum mismatch, another format or
 * blahg version, another data directory or loading settings) makes it
 * ignored whole and rebuilt; deleting it is always safe.
 */

import { createHash } from "node:crypto";
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { FORMATS } from "../markup/formats.js";
import type { Comment, Post } from "./model.js";
import { readErrorText, readRegularFile } from "./read-regular-file.js";

export const SNAPSHOT_FILE = ".blahg-index";

const MAGIC = "blahg-index";
/** Bump when the file's layout or what loading derives from the files changes. */
const FORMAT = 4;

/**
 * The files one post was loaded from, stamped before they were read: for
 * each path (relative to the post directory) four numbers in `stamps`:
 * size, mtime and ctime in milliseconds (with their fractions: nanosecond
 * clocks survive to a microsecond or so) and inode; a size of -1 for a file
 * looked for and absent. Flat arrays: the snapshot stores them as they are.
 */
export interface PostFiles {
  /** When the stamps were taken (ms since the epoch). */
  stampedAt: number;
  paths: string[];
  stamps: number[];
}

const ABSENT = -1;

/** Stamps a file into `out`; false when it cannot even be stat'ed (such a post is never kept). */
function stampInto(path: string, out: number[]): boolean {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    if (s) out.push(s.size, s.mtimeMs, s.ctimeMs, s.ino);
    else out.push(ABSENT, 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

/** Collects the stamps of the files loading reads for one post. */
export class FileStamper {
  private readonly files: PostFiles = { stampedAt: Date.now(), paths: [], stamps: [] };
  private failed = false;

  constructor(private readonly postDir: string) {}

  /** Call before reading `relative` (a later change then shows as a different stamp). */
  stamp(relative: string): void {
    if (stampInto(this.postDir + sep + relative, this.files.stamps)) this.files.paths.push(relative);
    else this.failed = true;
  }

  /** The stamps, or undefined when some file could not be stat'ed. */
  result(): PostFiles | undefined {
    return this.failed ? undefined : this.files;
  }
}

/**
 * Whether a file changed within RACY_MS of its stamp: a write in the same
 * clock tick as the stamp would keep its mtime (file systems keep times in
 * ticks of a few ms, FAT in 2 s), so such a post is not kept (it is loaded
 * again next time), as git treats "racily clean" files.
 */
const RACY_MS = 2000;

function racy(files: PostFiles): boolean {
  const { stamps } = files;
  for (let i = 0; i < stamps.length; i += 4) {
    // Writes set the mtime; the ctime also moves on chmod or rename, which change no contents.
    if (stamps[i] !== ABSENT && stamps[i + 1]! > files.stampedAt - RACY_MS) return true;
  }
  return false;
}

const scratch: number[] = [];

/** Whether every file of a post is as it was stamped. */
export function unchanged(postDir: string, files: PostFiles): boolean {
  const { paths, stamps } = files;
  for (let i = 0; i < paths.length; i++) {
    scratch.length = 0;
    // Concatenated, not join()ed: this runs for every file of every post at each start.
    if (!stampInto(postDir + sep + paths[i], scratch)) return false;
    const at = i * 4;
    if (scratch[0] !== stamps[at] || scratch[1] !== stamps[at + 1] || scratch[2] !== stamps[at + 2] || scratch[3] !== stamps[at + 3]) return false;
  }
  return true;
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

// --- writing

type StoredComment = [id: number, author: string, email: string | null, time: number, ip: string | null, url: string | null, kind: Comment["kind"] | null];
type StoredEntry = [
  id: number,
  stampedAt: number,
  paths: string[],
  stamps: number[],
  title: string,
  time: number,
  tags: string[],
  listed: 0 | 1,
  commentsClosed: 0 | 1,
  twitterImage: string | null,
  bodySize: number,
  checked: 0 | 1,
  comments: StoredComment[],
  format: string,
  slug: string | null,
  summary: string | null,
  aliases: string[] | null,
  page: StoredPageFields,
];

/** What posts imported from WordPress may carry besides (pages, private and sticky posts, authors). */
interface StoredPageFields {
  private?: true;
  sticky?: true;
  author?: string;
  page?: true;
  parent?: number;
  order?: number;
}

function pageFields(post: Post): StoredPageFields {
  const fields: StoredPageFields = {};
  if (post.private) fields.private = true;
  if (post.sticky) fields.sticky = true;
  if (post.author !== undefined) fields.author = post.author;
  if (post.page) fields.page = true;
  if (post.parent !== undefined) fields.parent = post.parent;
  if (post.order !== undefined) fields.order = post.order;
  return fields;
}

function restorePageFields(raw: unknown, post: Post): boolean {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const { private: hidden, sticky, author, page, parent, order, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (hidden !== undefined && hidden !== true) return false;
  if (sticky !== undefined && sticky !== true) return false;
  if (page !== undefined && page !== true) return false;
  if (author !== undefined && !isStr(author)) return false;
  if (parent !== undefined && !isInt(parent)) return false;
  if (order !== undefined && !isNum(order)) return false;
  if (hidden) post.private = true;
  if (sticky) post.sticky = true;
  if (page) post.page = true;
  if (author !== undefined) post.author = author as string;
  if (parent !== undefined) post.parent = parent as number;
  if (order !== undefined) post.order = order as number;
  return true;
}

function store(entry: SnapshotEntry): StoredEntry {
  const { post, files } = entry;
  return [
    post.id,
    files.stampedAt,
    files.paths,
    files.stamps,
    post.title,
    post.time,
    post.tags,
    post.listed ? 1 : 0,
    post.commentsClosed ? 1 : 0,
    post.twitterImage ?? null,
    post.bodySize,
    entry.checked ? 1 : 0,
    post.comments.map((c) => [c.id, c.author, c.email ?? null, c.time, c.ip ?? null, c.url ?? null, c.kind ?? null]),
    post.format,
    post.slug ?? null,
    post.summary ?? null,
    post.aliases ?? null,
    pageFields(post),
  ];
}

/** The snapshot's bytes: a header line (magic, format, fingerprint, checksum of the rest) and the entries as JSON. */
export function encodeSnapshot(key: SnapshotKey, entries: Iterable<SnapshotEntry>): Buffer {
  const stored: StoredEntry[] = [];
  for (const entry of entries) if (!racy(entry.files)) stored.push(store(entry));
  const body = Buffer.from(JSON.stringify(stored), "utf8");
  const sum = createHash("sha256").update(body).digest("hex");
  return Buffer.concat([Buffer.from(`${MAGIC} ${FORMAT} ${fingerprint(key)} ${sum}\n`), body]);
}

/** Writes the snapshot through a temporary file renamed over it; throws what the file system says. */
export function writeSnapshot(key: SnapshotKey, entries: Iterable<SnapshotEntry>): void {
  const path = join(key.dataDir, SNAPSHOT_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, encodeSnapshot(key, entries));
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

// --- reading

export interface ReadSnapshot {
  entries: Map<number, SnapshotEntry>;
  /** Why the snapshot was not used (absent: it was, or there was none). */
  ignored?: string;
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const isOptStr = (v: unknown): v is string | null => v === null || typeof v === "string";
const isFlag = (v: unknown): v is 0 | 1 => v === 0 || v === 1;

class Unusable extends Error {}

/** One string for all equal ones: tags and file names repeat across thousands of posts. */
class Interner {
  private readonly strings = new Map<string, string>();

  get(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

/** Decodes one entry, checking every value: a snapshot is a file like any other. */
function restore(raw: unknown, postsDir: string, strings: Interner): SnapshotEntry {
  if (!Array.isArray(raw) || raw.length !== 18) throw new Unusable("an entry is not what blahg writes");
  const [id, stampedAt, paths, stamps, title, time, tags, listed, commentsClosed, twitterImage, bodySize, checked, comments, formatId, slug, summary, aliases, page] = raw as unknown[];
  const format = FORMATS.find((f) => f.id === formatId);
  if (!format || !isOptStr(slug) || !isOptStr(summary) || (aliases !== null && !(Array.isArray(aliases) && aliases.every(isStr)))) throw new Unusable(`the entry of post ${String(id)} is not what blahg writes`);
  if (!isInt(id) || id < 0 || !isNum(stampedAt) || !Array.isArray(paths) || !Array.isArray(stamps) || !isStr(title) || !isNum(time) || !Array.isArray(tags) ||
    !isFlag(listed) || !isFlag(commentsClosed) || !isOptStr(twitterImage) || !isInt(bodySize) || !isFlag(checked) || !Array.isArray(comments)) {
    throw new Unusable(`the entry of post ${String(id)} is not what blahg writes`);
  }
  if (stamps.length !== paths.length * 4) throw new Unusable(`the file stamps of post ${id} are not what blahg writes`);
  for (const path of paths) if (!isStr(path) || path.startsWith("/") || path.split(/[\\/]/).includes("..")) throw new Unusable(`the file stamps of post ${id} are not what blahg writes`);
  for (const n of stamps) if (!isNum(n)) throw new Unusable(`the file stamps of post ${id} are not what blahg writes`);
  if (!tags.every(isStr)) throw new Unusable(`the tags of post ${id} are not what blahg writes`);
  const dir = postsDir + sep + id;
  const restoredComments: Comment[] = [];
  for (const c of comments as unknown[]) {
    if (!Array.isArray(c) || c.length !== 7 || !isInt(c[0]) || !isStr(c[1]) || !isOptStr(c[2]) || !isNum(c[3]) || !isOptStr(c[4]) || !isOptStr(c[5]) ||
      (c[6] !== null && c[6] !== "pingback" && c[6] !== "trackback")) {
      throw new Unusable(`a comment of post ${id} is not what blahg writes`);
    }
    const comment: Comment = {
      id: c[0],
      author: c[1],
      email: c[2] ?? undefined,
      time: c[3],
      ip: c[4] ?? undefined,
      url: c[5] ?? undefined,
      textPath: `${dir}${sep}comments${sep}${c[0]}${sep}text.txt`,
    };
    if (c[6] !== null) comment.kind = c[6];
    restoredComments.push(comment);
  }
  const post: Post = {
    id,
    dir,
    bodyPath: dir + sep + format.bodyFile,
    format: format.id,
    bodySize,
    title,
    time,
    tags: (tags as string[]).map((tag) => strings.get(tag)),
    listed: listed === 1,
    comments: restoredComments,
    twitterImage: twitterImage ?? undefined,
    commentsClosed: commentsClosed === 1,
  };
  if (slug !== null) post.slug = slug;
  if (summary !== null) post.summary = summary;
  if (aliases !== null) post.aliases = aliases as string[];
  if (!restorePageFields(page, post)) throw new Unusable(`the entry of post ${id} is not what blahg writes`);
  const names = paths as string[];
  for (let i = 0; i < names.length; i++) names[i] = strings.get(names[i]!);
  return { post, files: { stampedAt, paths: names, stamps: stamps as number[] }, checked: checked === 1 };
}

/** Decodes a snapshot's bytes; any problem makes the whole snapshot unusable (say why). */
export function decodeSnapshot(key: SnapshotKey, bytes: Buffer): ReadSnapshot {
  // The paths restored must be the ones loading makes (join() of the data directory as configured).
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
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    return empty("it is not valid JSON");
  }
  if (!Array.isArray(raw)) return empty("it is not what blahg writes");
  const entries = new Map<number, SnapshotEntry>();
  const strings = new Interner();
  try {
    for (const item of raw) {
      const entry = restore(item, postsDir, strings);
      entries.set(entry.post.id, entry);
    }
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
