/**
 * The per-site secret: 32 random bytes kept in the data directory
 * (`.blahg-secret`, readable by the owner only), created on first start.
 * It signs comment form timestamps, derives the captcha and signs admin
 * sessions, so none of them can be forged and all survive restarts.
 */

import { createHmac, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export const SECRET_FILE = ".blahg-secret";

export class SiteSecret {
  constructor(private readonly key: Buffer) {}

  /** HMAC-SHA256 of `message` for the given purpose, base64url. */
  sign(purpose: string, message: string): string {
    return createHmac("sha256", this.key).update(purpose).update("\0").update(message).digest("base64url");
  }

  /** Deterministic bytes for a purpose (the captcha's addends). */
  derive(purpose: string): Buffer {
    return createHmac("sha256", this.key).update("derive\0").update(purpose).digest();
  }
}

/** Reads the secret of a data directory, creating it (atomically, mode 0600) when there is none. */
export function loadSiteSecret(dataDir: string): SiteSecret {
  const path = join(dataDir, SECRET_FILE);
  try {
    const hex = readFileSync(path, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return new SiteSecret(Buffer.from(hex, "hex"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const key = randomBytes(32);
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, key.toString("hex") + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // link() fails when the file exists: if another process (a second worker) won the race, its secret is the one.
  try {
    linkSync(temporary, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(temporary);
  }
  return new SiteSecret(Buffer.from(readFileSync(path, "utf8").trim(), "hex"));
}
