/**
 * `blahg passwd --config FILE`: sets the password of the comment moderation
 * page. Reads the new password (asked twice, unechoed, on a terminal; one
 * line when piped), hashes it with scrypt and stores the hash in the config
 * file as `(admin-password . "<hash>")`. Only that entry changes: the rest
 * of the file (comments, order, spacing) stays byte for byte, and the file
 * is replaced atomically with its mode (and, where allowed, owner) kept.
 */

import { readFileSync, realpathSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { Writable, type Readable } from "node:stream";
import { parseArgs } from "node:util";
import { replaceFileAtomically } from "../content/durable-files.js";
import { hashPassword } from "../comments/password.js";
import { alistEntries, listItems } from "../sexpr/alist.js";
import { readDataFile } from "../sexpr/reader.js";
import { writeString } from "../sexpr/writer.js";
import { UsageError, type Io } from "./output.js";

export const PASSWD_USAGE =
  "blahg passwd --config FILE\n" +
  "    sets the moderation page's password (admin-password): asked twice on a terminal, else one line from stdin";

export const ADMIN_PASSWORD_KEY = "admin-password";
/** Shorter passwords are refused: the login throttle slows guessing, it does not stop it. */
export const MIN_PASSWORD_LENGTH = 8;

/** The edited text, or why there is none (`message` starts with `line:column: ` when it has a place). */
export type ConfigEdit = { ok: true; text: string } | { ok: false; message: string };

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

/**
 * The config text with `(admin-password . "<hash>")`: every existing
 * admin-password entry is replaced (the first is the one read; a stale
 * later one would only confuse), or, when there is none, the entry is added
 * as the alist's last element, on a line of its own when the others have one.
 */
export function setAdminPasswordEntry(text: string, hash: string): ConfigEdit {
  const read = readDataFile(text);
  const error = read.diagnostics.find((d) => d.severity === "error");
  if (error) return { ok: false, message: `${error.line}:${error.column}: ${error.message}` };
  const datum = read.datum;
  const entries = datum && alistEntries(datum);
  const items = datum && listItems(datum);
  if (!datum || !entries || !items || datum.end === undefined || (datum.kind !== "cons" && datum.kind !== "nil")) {
    return { ok: false, message: "the config is not a list of (key . value) pairs" };
  }
  const entry = `(${ADMIN_PASSWORD_KEY} . ${writeString(hash)})`;

  const existing = entries.filter((e) => e.key === ADMIN_PASSWORD_KEY);
  if (existing.length > 0) {
    let out = text;
    for (const { pair } of existing.reverse()) {
      if (pair.start === undefined || pair.end === undefined) return { ok: false, message: "cannot find the admin-password entry in the text" };
      out = splice(out, pair.start, pair.end - pair.start, entry);
    }
    return { ok: true, text: out };
  }

  const close = datum.end - 1;
  const last = items[items.length - 1];
  if (last?.start === undefined) return { ok: true, text: splice(text, close, 0, entry) };
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lineStart = text.lastIndexOf("\n", last.start - 1) + 1;
  const indent = text.slice(lineStart, last.start);
  const ownLine = /^[ \t]*$/.test(indent);
  // A `)` alone on its line (after a comment, say) stays there: the entry goes on the line before.
  let k = close;
  while (k > 0 && (text[k - 1] === " " || text[k - 1] === "\t")) k--;
  if (text[k - 1] === "\n") return { ok: true, text: splice(text, k, 0, `${ownLine ? indent : " "}${entry}${eol}`) };
  return { ok: true, text: splice(text, close, 0, ownLine ? `${eol}${indent}${entry}` : ` ${entry}`) };
}

/** A terminal line read with echo off (the prompt shows; what is typed does not). */
async function askHidden(input: Readable, io: Io, prompt: string): Promise<string | undefined> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (!muted) io.stderr(chunk.toString());
      done();
    },
  });
  const rl = createInterface({ input, output, terminal: true });
  try {
    return await new Promise<string | undefined>((resolve) => {
      rl.on("SIGINT", () => rl.close());
      rl.on("close", () => resolve(undefined));
      rl.question(prompt, resolve);
      muted = true;
    });
  } finally {
    muted = false;
    rl.close();
    io.stderr("\n");
  }
}

/** The first line of a piped input, without its line end; undefined when there is none. */
async function readFirstLine(input: Readable): Promise<string | undefined> {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  try {
    for await (const line of rl) return line;
    return undefined;
  } finally {
    rl.close();
  }
}

async function readNewPassword(input: Readable & { isTTY?: boolean }, io: Io): Promise<{ password: string } | { problem: string }> {
  if (!input.isTTY) {
    const line = await readFirstLine(input);
    return line === undefined ? { problem: "no password on stdin (pipe one line, or run it in a terminal)" } : { password: line };
  }
  const first = await askHidden(input, io, "New moderation password: ");
  if (first === undefined) return { problem: "cancelled" };
  if ([...first].length < MIN_PASSWORD_LENGTH) return { password: first }; // refused below, without asking again
  const second = await askHidden(input, io, "Once more: ");
  if (second === undefined) return { problem: "cancelled" };
  return first === second ? { password: first } : { problem: "the two passwords differ; nothing was changed" };
}

export async function passwdCommand(args: string[], io: Io, input: Readable & { isTTY?: boolean } = process.stdin): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: "string" } } });
  if (values.config === undefined) throw new UsageError("--config FILE is required");
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const shown = values.config;
  const fail = (message: string): number => {
    io.stderr(`blahg passwd: ${message}\n`);
    return 1;
  };

  // Check the file before asking for a password it could not take.
  let path: string;
  try {
    path = realpathSync(shown);
    const check = setAdminPasswordEntry(readFileSync(path, "utf8"), "scrypt$");
    if (!check.ok) return fail(`${shown}:${/^\d/.test(check.message) ? "" : " "}${check.message}`);
  } catch (e) {
    return fail(`cannot read ${shown}: ${(e as Error).message}`);
  }

  const answer = await readNewPassword(input, io);
  if ("problem" in answer) return fail(answer.problem);
  if (answer.password.trim() === "" || [...answer.password].length < MIN_PASSWORD_LENGTH) {
    return fail(`the password must have at least ${MIN_PASSWORD_LENGTH} characters; nothing was changed`);
  }
  const hash = await hashPassword(answer.password);

  try {
    // Read again: the file may have been edited while the password was typed.
    const edit = setAdminPasswordEntry(readFileSync(path, "utf8"), hash);
    if (!edit.ok) return fail(`${shown}:${/^\d/.test(edit.message) ? "" : " "}${edit.message}`);
    replaceFileAtomically(path, edit.text);
    if ((statSync(path).mode & 0o004) !== 0) {
      io.stderr(`blahg passwd: note: ${shown} is readable by every user of this machine, who could then try to guess the password offline (chmod o-r)\n`);
    }
  } catch (e) {
    return fail(`cannot write ${shown}: ${(e as Error).message}`);
  }
  io.stdout(`The moderation password is set in ${shown}; restart blahg serve to use it. The page is at /?admin.\n`);
  return 0;
}
