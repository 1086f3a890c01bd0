/**
 * The moderation page's password, stored as an scrypt hash in the config
 * (`admin-password`, written by `blahg passwd`). The hash carries its own
 * parameters and salt, `scrypt$N$r$p$<salt>$<key>` (base64), so stronger
 * parameters can be chosen later without breaking existing configs.
 */

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** CPU/memory cost: 2^15 with r = 8 uses 32 MiB per hash, about 50-100 ms. */
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Node's default (32 MiB) is just too small for the parameters above. */
const MAX_MEMORY = 64 * 1024 * 1024;

interface ParsedHash {
  cost: number;
  blockSize: number;
  parallelism: number;
  salt: Buffer;
  key: Buffer;
}

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a new password with a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N: COST, r: BLOCK_SIZE, p: PARALLELISM, maxmem: MAX_MEMORY });
  return ["scrypt", COST, BLOCK_SIZE, PARALLELISM, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Strict base64 (with or without padding): what Buffer.from would silently skip is refused. */
function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64").replace(/=+$/, "") === text.replace(/=+$/, "") ? bytes : undefined;
}

function positiveInteger(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

function parseHash(hash: string): ParsedHash | undefined {
  const parts = hash.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const cost = positiveInteger(parts[1], 2 ** 20);
  const blockSize = positiveInteger(parts[2], 64);
  const parallelism = positiveInteger(parts[3], 16);
  const salt = decodeBase64(parts[4] ?? "");
  const key = decodeBase64(parts[5] ?? "");
  if (cost === undefined || blockSize === undefined || parallelism === undefined || !salt || !key) return undefined;
  // scrypt needs N a power of two; the memory bound keeps a hand-edited hash from exhausting the server.
  if (cost < 2 || (cost & (cost - 1)) !== 0) return undefined;
  if (128 * blockSize * (cost + parallelism + 2) > MAX_MEMORY) return undefined;
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { cost, blockSize, parallelism, salt, key };
}

/** Whether `hash` has the form hashPassword writes (with sane parameters). */
export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== undefined;
}

/** Whether `password` matches `hash`; false for a malformed hash, never a throw. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (typeof password !== "string" || typeof hash !== "string") return false;
  const parsed = parseHash(hash);
  if (!parsed) return false;
  try {
    const key = await derive(password, parsed.salt, parsed.key.length, {
      N: parsed.cost,
      r: parsed.blockSize,
      p: parsed.parallelism,
      maxmem: MAX_MEMORY,
    });
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}
