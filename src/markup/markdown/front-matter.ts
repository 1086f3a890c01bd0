/**
 * YAML front matter at the top of post.md: a `---` line, YAML, then a `---`
 * (or `...`) line, when what is between starts with a key. Parsed with the `yaml` package; every problem is a
 * diagnostic with its line and column in post.md. A syntax error or a value
 * of the wrong type in a known key makes the post unusable (it is skipped as
 * a broken fmt3 post is); an unknown key is a warning and is ignored.
 */

import { createRequire } from "node:module";
import type { Node } from "yaml";

/** The yaml package, loaded on first use: 0.1 s at start-up otherwise, and most starts never read front matter (the snapshot has it). */
let yamlModule: typeof import("yaml") | undefined;
function yaml(): typeof import("yaml") {
  yamlModule ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yamlModule;
}
import type { Diagnostic } from "../../diagnostics.js";
import type { BodyMeta } from "../body-meta.js";
import { parsePostDate } from "./post-date.js";

export interface FrontMatter {
  meta: BodyMeta;
  /** The Markdown after the front matter, with the front matter's lines left blank so that line numbers stay those of post.md. */
  body: string;
  diagnostics: Diagnostic[];
  /** False when the front matter has an error: the post cannot be used. */
  ok: boolean;
}

export const FRONT_MATTER_KEYS: readonly string[] = ["title", "date", "tags", "draft", "slug", "summary", "comments", "aliases", "type", "parent", "order", "private", "sticky", "author"];

/**
 * Front matter is a map, so it starts with a key: `---`, `Foo`, `---` stays
 * Markdown (a thematic break and a setext heading, CommonMark example 96),
 * and so does `---` right after `---`.
 */
const LOOKS_LIKE_A_MAP = /^(?:[ \t]*(?:#.*)?\r?\n)*[ \t]*(?:[^\s#:][^\n:]*|"[^"\n]*"|'[^'\n]*'):(?:[ \t]|\r?\n|$)/;

/** The front matter's YAML text and where it ends, or undefined when the source has none. */
function splitFrontMatter(source: string): { yaml: string; lines: number; rest: string } | undefined {
  const start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = /^---[ \t]*\r?\n/.exec(source.slice(start, start + 16));
  if (!first) return undefined;
  const from = start + first[0].length;
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  close.lastIndex = from;
  // A line `---` or `...` ends it; an opening `---` never closed is a thematic break, not front matter.
  for (let m = close.exec(source); m; m = close.exec(source)) {
    if (m.index < from) continue;
    const yaml = source.slice(from, m.index);
    if (!LOOKS_LIKE_A_MAP.test(yaml)) return undefined;
    const end = m.index + m[0].length;
    const lines = countLines(source, 0, end);
    return { yaml, lines, rest: source.slice(end) };
  }
  return undefined;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  // The last line of the front matter may end the file without a newline.
  return to === text.length && !text.endsWith("\n") ? n + 1 : n;
}

/**
 * The body without its front matter (whose lines are left blank), without
 * reading the YAML: what rendering needs, since the front matter was read
 * when the post was loaded (a post whose front matter is broken is never
 * rendered).
 */
export function skipFrontMatter(source: string): string {
  const split = splitFrontMatter(source);
  return split ? "\n".repeat(split.lines) + split.rest : source;
}

export function readFrontMatter(source: string): FrontMatter {
  const split = splitFrontMatter(source);
  if (!split) return { meta: { tags: [] }, body: source, diagnostics: [], ok: true };
  const diagnostics: Diagnostic[] = [];
  const meta: BodyMeta = { tags: [] };
  const body = "\n".repeat(split.lines) + split.rest;
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: true, uniqueKeys: true });
  // Line 1 of the YAML is line 2 of post.md (after the opening `---`).
  const at = (offset: number | undefined): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line + 1, column: pos.col };
  };
  const report = (offset: number | undefined, severity: Diagnostic["severity"], code: string, message: string): void => {
    diagnostics.push({ ...at(offset), severity, code, message });
  };
  for (const error of doc.errors) {
    report(error.pos[0], "error", "markdown/front-matter-syntax", `front matter: ${error.message.split(" at line ")[0]}`);
  }
  for (const warning of doc.warnings) {
    report(warning.pos[0], "warning", "markdown/front-matter-syntax", `front matter: ${warning.message.split(" at line ")[0]}`);
  }
  if (doc.errors.length > 0) return { meta, body, diagnostics, ok: false };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return { meta, body, diagnostics, ok: true };
  if (!isMap(root)) {
    report(root.range?.[0], "error", "markdown/front-matter-not-a-map", "front matter must be a map of keys to values, like `title: My post`");
    return { meta, body, diagnostics, ok: false };
  }
  let ok = true;
  const wrong = (node: Node | null, key: string, expected: string): void => {
    report(node?.range?.[0], "error", "markdown/front-matter-type", `front matter: \`${key}\` must be ${expected}`);
    ok = false;
  };
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    const valueNode = pair.value as Node | null;
    const scalar = isScalar(valueNode) ? valueNode.value : undefined;
    switch (key) {
      case "title":
      case "slug":
      case "summary":
      case "author":
        if (typeof scalar === "string" || typeof scalar === "number") meta[key] = String(scalar);
        else wrong(valueNode, key, "a string");
        break;
      case "date": {
        const time = typeof scalar === "string" ? parsePostDate(scalar) : undefined;
        if (time === undefined) wrong(valueNode, key, 'a date like 2024-05-01, "2024-05-01 10:30" or 2024-05-01T10:30:00+02:00');
        else meta.time = time;
        break;
      }
      case "tags":
        if (isSeq(valueNode)) {
          for (const item of valueNode.items as Array<Node | null>) {
            const value = isScalar(item) ? item.value : undefined;
            if (typeof value === "string" || typeof value === "number") meta.tags.push(String(value));
            else wrong(item, "tags", "a list of strings");
          }
        } else if (typeof scalar === "string") {
          meta.tags.push(...scalar.split(",").map((t) => t.trim()).filter((t) => t !== ""));
        } else if (scalar !== null || !isScalar(valueNode)) {
          wrong(valueNode, key, "a list of strings or a comma-separated string");
        }
        break;
      case "aliases": {
        const aliases: string[] = [];
        if (isSeq(valueNode)) {
          for (const item of valueNode.items as Array<Node | null>) {
            const value = isScalar(item) ? item.value : undefined;
            if (typeof value === "string") aliases.push(value);
            else wrong(item, "aliases", "a list of paths");
          }
        } else if (typeof scalar === "string") {
          aliases.push(scalar);
        } else if (scalar !== null || !isScalar(valueNode)) {
          wrong(valueNode, key, "a list of paths like /2013/01/11/old-slug/");
        }
        meta.aliases = aliases;
        break;
      }
      case "draft":
        if (typeof scalar === "boolean") meta.listed = !scalar;
        else wrong(valueNode, key, "true or false");
        break;
      case "private":
      case "sticky":
        if (typeof scalar === "boolean") meta[key] = scalar;
        else wrong(valueNode, key, "true or false");
        break;
      case "comments":
        if (scalar === "open" || scalar === true) meta.commentsClosed = false;
        else if (scalar === "closed" || scalar === false) meta.commentsClosed = true;
        else wrong(valueNode, key, "open, closed, true or false");
        break;
      case "type":
        if (scalar === "page" || scalar === "post") meta.page = scalar === "page";
        else wrong(valueNode, key, "post or page");
        break;
      case "parent":
        if (typeof scalar === "number" && Number.isSafeInteger(scalar) && scalar > 0) meta.parent = scalar;
        else wrong(valueNode, key, "the id of the parent page (a positive integer)");
        break;
      case "order":
        if (typeof scalar === "number" && Number.isSafeInteger(scalar)) meta.order = scalar;
        else wrong(valueNode, key, "an integer");
        break;
      default:
        report(keyNode?.range?.[0], "warning", "markdown/unknown-front-matter-key", `front matter: unknown key \`${key ?? "?"}\` is ignored (known: ${FRONT_MATTER_KEYS.join(", ")})`);
    }
  }
  return { meta, body, diagnostics, ok };
}
