/**
 * Reading a file that should be a regular file (a post, its metadata, a
 * comment, a listing, a template, a web file) without ever blocking: the
 * type is checked before opening (a FIFO would block open() and read()
 * forever, a device never ends), the open is non-blocking in case the file
 * was swapped meanwhile, and the type is checked again on the open file.
 * Sizes can be limited, and text is decoded strictly: invalid UTF-8 is
 * reported with its line and column instead of being silently replaced.
 */

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { isUtf8 } from "node:buffer";
import type { Diagnostic } from "../diagnostics.js";

/** Why a file was refused; `code` is an errno code or one of blahg's own. */
export class FileRefused extends Error {
  constructor(
    readonly path: string,
    readonly code: "ENOTREG" | "EFBIG",
    message: string,
  ) {
    super(message);
  }
}

/** What a non-regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isDirectory()) return "a directory";
  return "not a file";
}

function check(path: string, stats: Stats, maxSize: number, limitName: string | undefined): void {
  if (!stats.isFile()) throw new FileRefused(path, "ENOTREG", `is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxSize) {
    const limit = limitName === undefined ? "" : ` (${limitName})`;
    throw new FileRefused(path, "EFBIG", `is ${stats.size} bytes, over the limit of ${maxSize} bytes${limit}`);
  }
}

export interface ReadOptions {
  /** Larger files are refused (default: no limit). */
  maxSize?: number | undefined;
  /** The setting that sets maxSize, named in the message. */
  limitName?: string | undefined;
}

/** `O_NONBLOCK`: open() of a FIFO swapped in after the check must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Opens a file only if it is a regular file within the size limit; the
 * caller reads `size` bytes and closes `fd`. Throws FileRefused or the
 * system's error (ENOENT, EACCES, ...).
 */
export function openRegularFile(path: string, options: ReadOptions = {}): { fd: number; size: number } {
  const maxSize = options.maxSize ?? Infinity;
  check(path, statSync(path), maxSize, options.limitName);
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    check(path, stats, maxSize, options.limitName);
    return { fd, size: stats.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads up to `size` bytes of an open file into `into` (or a new buffer). */
export function readOpenFile(fd: number, size: number, into?: Buffer): Buffer {
  const buffer = into && into.length >= size ? into : Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const n = readSync(fd, buffer, length, size - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/** The bytes of a regular file (see openRegularFile for what is refused). */
export function readRegularFile(path: string, options: ReadOptions = {}): Buffer {
  const { fd, size } = openRegularFile(path, options);
  try {
    return readOpenFile(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Why a read failed, in words for a diagnostic: "is a FIFO, not a regular file" or an errno code. */
export function readErrorText(e: unknown): string {
  if (e instanceof FileRefused) return e.message;
  return (e as NodeJS.ErrnoException)?.code ?? String(e);
}

/** The place of the first byte of `bytes` that is not valid UTF-8, or undefined when it all is. */
export function invalidUtf8Place(bytes: Uint8Array): { offset: number; line: number; column: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) return { offset: i, line, column };
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else {
      // Columns count characters as the diagnostics of decoded text do: UTF-16 code units.
      column += length === 4 ? 2 : 1;
    }
    i += length;
  }
  return undefined;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or values above U+10FFFF), 0 when invalid. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Decodes UTF-8 text. Invalid bytes become U+FFFD, as they always did, but
 * no longer silently: the first one is reported as a diagnostic with its place.
 */
export function decodeText(bytes: Uint8Array, path: string, diagnostics: Diagnostic[]): string {
  const place = invalidUtf8Place(bytes);
  if (place !== undefined) {
    diagnostics.push({
      file: path,
      line: place.line,
      column: place.column,
      severity: "error",
      code: "content/invalid-utf8",
      message: `invalid UTF-8 (byte 0x${bytes[place.offset]!.toString(16).padStart(2, "0")} at offset ${place.offset}); shown as U+FFFD`,
    });
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** Reads a regular file as UTF-8 text, reporting invalid bytes (see decodeText). Throws as readRegularFile does. */
export function readTextFile(path: string, diagnostics: Diagnostic[], options: ReadOptions = {}): string {
  return decodeText(readRegularFile(path, options), path, diagnostics);
}
