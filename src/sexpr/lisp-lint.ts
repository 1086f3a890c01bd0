/**
 * The checks of blahgd's `lisplint` (spec §10.3) for post.lisp, comment
 * meta.lisp and the config file, as pure functions of the parsed datum, plus
 * checks for what blahgd would crash on or silently misread (a non-string tag,
 * a time it cannot parse, a post format it cannot render).
 *
 * Diagnostics carry the line and column of the offending pair (or element, or
 * of the whole datum when it is not an alist) and no file; the caller adds it.
 * Where lisplint printed numeric type codes, the messages name the kinds.
 */

import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  configKey,
  configWrongTypeMessage,
  firstEntries,
  hasConfigType,
} from "../config/config.js";
import type { Config } from "../config/config.js";
import type { Diagnostic, Severity } from "../diagnostics.js";
import { alistEntries, describeKind, entryKey, listItems, wrongTypeMessage } from "./alist.js";
import type { AlistEntry } from "./alist.js";
import type { Datum } from "./datum.js";
import { positionOf } from "./datum.js";
import { formatBlahgdTime, isCanonicalBlahgdTime, parseBlahgdTime } from "./time.js";

type FieldType = "string" | "integer" | "boolean" | "list";

const EXPECTED: Readonly<Record<FieldType, string>> = {
  string: "a string",
  integer: "an integer",
  boolean: "a boolean (#t or #f)",
  list: "a list",
};

interface FieldRule {
  readonly key: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** Further checks of a value that has the right type. */
  readonly check?: (value: Datum, entry: AlistEntry, out: Diagnostic[]) => void;
}

function diagnostic(at: Datum, severity: Severity, code: string, message: string): Diagnostic {
  return { ...positionOf(at), severity, code, message };
}

function hasType(value: Datum, type: FieldType): boolean {
  switch (type) {
    case "string":
      return value.kind === "string";
    case "integer":
      return value.kind === "int";
    case "boolean":
      return value.kind === "bool";
    case "list":
      return listItems(value) !== undefined;
  }
}

function wrongType(key: string, type: FieldType, value: Datum): string {
  return wrongTypeMessage(key, EXPECTED[type], value, type === "list" ? undefined : (d) => hasType(d, type));
}

/**
 * The shared start of every lint: the datum must be a list; elements that are
 * not `(key . value)` pairs and repeated keys are reported. Returns the entries
 * lookups see (the first of each key), or undefined when it is no list.
 */
function lintAlistShape(
  datum: Datum,
  what: string,
  knownKeys: ReadonlySet<string> | undefined,
  out: Diagnostic[],
): Map<string, AlistEntry> | undefined {
  const items = listItems(datum);
  const entries = alistEntries(datum);
  if (items === undefined || entries === undefined) {
    out.push(
      diagnostic(datum, "error", "lint/not-an-alist", `${what} must be a list of (key . value) pairs, but it is ${describeKind(datum)}`),
    );
    return undefined;
  }
  for (const element of items) {
    if (entryKey(element) === undefined) {
      out.push(
        diagnostic(
          element,
          "warning",
          "lint/not-a-pair",
          `this element is ${describeKind(element)}, not a (key . value) pair with a symbol or string key; blahgd ignores it`,
        ),
      );
    }
  }
  const first = firstEntries(entries);
  for (const entry of entries) {
    const firstEntry = first.get(entry.key)!;
    if (firstEntry !== entry && (knownKeys === undefined || knownKeys.has(entry.key))) {
      out.push(
        diagnostic(
          entry.pair,
          "warning",
          "lint/duplicate-key",
          `\`${entry.key}\` appears again; blahgd uses only the first one (line ${positionOf(firstEntry.pair).line})`,
        ),
      );
    }
  }
  return first;
}

function lintFields(
  datum: Datum,
  first: Map<string, AlistEntry>,
  rules: readonly FieldRule[],
  out: Diagnostic[],
): void {
  for (const rule of rules) {
    const entry = first.get(rule.key);
    if (entry === undefined) {
      if (rule.required) {
        out.push(
          diagnostic(datum, "error", "lint/missing-key", `the required key \`${rule.key}\` (${EXPECTED[rule.type]}) is missing`),
        );
      }
      continue;
    }
    if (!hasType(entry.value, rule.type)) {
      out.push(diagnostic(entry.pair, "error", "lint/wrong-type", wrongType(rule.key, rule.type, entry.value)));
      continue;
    }
    rule.check?.(entry.value, entry, out);
  }
}

/** blahgd reads `time` with strptime; warn when that reads something else than what is written. */
function checkTime(value: Datum, entry: AlistEntry, out: Diagnostic[]): void {
  if (value.kind !== "string" || isCanonicalBlahgdTime(value.value)) return;
  const seconds = parseBlahgdTime(value.value);
  if (seconds === undefined) {
    out.push(
      diagnostic(
        entry.pair,
        "warning",
        "lint/time-unparsable",
        `\`${entry.key}\` ${JSON.stringify(value.value)} is not a time of the form "YYYY-MM-DD HH:MM"; blahgd cannot read it and shows a wrong date`,
      ),
    );
    return;
  }
  out.push(
    diagnostic(
      entry.pair,
      "warning",
      "lint/time-format",
      `\`${entry.key}\` ${JSON.stringify(value.value)} is not of the form "YYYY-MM-DD HH:MM"; blahgd reads it as ${formatBlahgdTime(seconds)}`,
    ),
  );
}

/** Tag matching lower-cases ASCII letters only. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function checkTags(value: Datum, _entry: AlistEntry, out: Diagnostic[]): void {
  const seen = new Map<string, string>();
  for (const tag of listItems(value) ?? []) {
    if (tag.kind !== "string") {
      out.push(
        diagnostic(tag, "error", "lint/bad-tag", `every tag must be a string, but this one is ${describeKind(tag)} (blahgd aborts on it)`),
      );
      continue;
    }
    const folded = asciiLower(tag.value);
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      out.push(
        diagnostic(
          tag,
          "warning",
          "lint/duplicate-tag",
          `the tag ${JSON.stringify(tag.value)} repeats ${JSON.stringify(earlier)} (tags ignore case); blahgd keeps the first`,
        ),
      );
    } else {
      seen.set(folded, tag.value);
    }
  }
}

function checkCommentIds(value: Datum, _entry: AlistEntry, out: Diagnostic[]): void {
  for (const id of listItems(value) ?? []) {
    if (id.kind !== "int") {
      out.push(
        diagnostic(id, "error", "lint/bad-comment-id", `every comment id must be an integer, but this one is ${describeKind(id)} (blahgd aborts on it)`),
      );
    }
  }
}

const POST_RULES: readonly FieldRule[] = [
  { key: "time", type: "string", required: true, check: checkTime },
  { key: "title", type: "string", required: true },
  { key: "tags", type: "list", required: false, check: checkTags },
  { key: "cats", type: "list", required: false },
  { key: "comments", type: "list", required: false, check: checkCommentIds },
  { key: "listed", type: "boolean", required: false },
  { key: "page", type: "boolean", required: false },
  { key: "parent", type: "integer", required: false },
  { key: "order", type: "integer", required: false },
  { key: "slug", type: "string", required: false },
  { key: "aliases", type: "list", required: false },
];
const POST_KEYS: ReadonlySet<string> = new Set(["fmt", ...POST_RULES.map((r) => r.key)]);
/** Beside a post.md every key is optional: the front matter may hold the title and date. */
const MARKDOWN_POST_RULES: readonly FieldRule[] = POST_RULES.map((r) => ({ ...r, required: false }));

/**
 * Lints the datum of a post.lisp. Beside a post.md (`markdownBody`), `fmt`
 * is ignored (it names blahgd's formats; the body file says which markup
 * the post uses) and no key is required.
 */
export function lintPostMeta(datum: Datum, markdownBody = false): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = lintAlistShape(datum, "post.lisp", POST_KEYS, out);
  if (first === undefined) return out;
  if (markdownBody) {
    lintFields(datum, first, MARKDOWN_POST_RULES, out);
    return out;
  }
  const fmtEntry = first.get("fmt");
  if (fmtEntry === undefined) {
    out.push(diagnostic(datum, "error", "lint/missing-key", "the required key `fmt` (an integer, normally 3) is missing"));
    return out;
  }
  const fmt = fmtEntry.value;
  if (fmt.kind !== "int") {
    out.push(diagnostic(fmtEntry.pair, "error", "lint/wrong-type", wrongType("fmt", "integer", fmt)));
    return out;
  }
  if (fmt.value === 1n || fmt.value === 2n || fmt.value === 3n) {
    lintFields(datum, first, POST_RULES, out);
  }
  if (fmt.value === 3n) return out;
  if (fmt.value === 1n || fmt.value === 2n || fmt.value === 4n) {
    out.push(
      diagnostic(
        fmtEntry.pair,
        "error",
        "lint/unsupported-fmt",
        `post format ${fmt.value} is valid metadata, but neither blahgd nor blahg can render it; only fmt 3 is rendered`,
      ),
    );
  } else {
    out.push(
      diagnostic(
        fmtEntry.pair,
        "error",
        "lint/invalid-fmt",
        `\`fmt\` ${fmt.value} is not a post format (1 to 4; only 3 is rendered)`,
      ),
    );
  }
  return out;
}

const COMMENT_RULES: readonly FieldRule[] = [
  { key: "author", type: "string", required: true },
  { key: "email", type: "string", required: true },
  { key: "time", type: "string", required: true, check: checkTime },
  { key: "moderated", type: "boolean", required: true },
  { key: "ip", type: "string", required: false },
  { key: "type", type: "string", required: false },
];
const COMMENT_KEYS: ReadonlySet<string> = new Set(["url", ...COMMENT_RULES.map((r) => r.key)]);

/** Lints the datum of a comment meta.lisp. */
export function lintCommentMeta(datum: Datum): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = lintAlistShape(datum, "meta.lisp", COMMENT_KEYS, out);
  if (first === undefined) return out;
  lintFields(datum, first, COMMENT_RULES, out);
  const url = first.get("url");
  if (url !== undefined && url.value.kind !== "string") {
    let message = wrongType("url", "string", url.value);
    if (url.value.kind === "nil") {
      message +=
        `: blahgd writes ("url") when the commenter gave no URL; write ("url" . "") or remove the entry`;
    }
    out.push(diagnostic(url.pair, "error", "lint/wrong-type", message));
  }
  return out;
}

const CONFIG_KEY_NAMES: ReadonlySet<string> = new Set(CONFIG_KEYS.map((k) => k.name));

/**
 * Lints the datum of a config file: every key optional with the type of
 * spec §3.1 (a wrong type is an error here, though blahgd merely ignores the
 * key), values blahgd adjusts and keys it does not know are warnings.
 */
export function lintConfig(datum: Datum): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = lintAlistShape(datum, "the config", CONFIG_KEY_NAMES, out);
  if (first === undefined) return out;
  const scratch: Config = { ...DEFAULT_CONFIG, categoryToTag: new Map(), siteAliases: new Map() };
  for (const entry of first.values()) {
    const key = configKey(entry.key);
    if (key === undefined) {
      out.push(
        diagnostic(entry.pair, "warning", "lint/unknown-key", `\`${entry.key}\` is not a config key; it is ignored`),
      );
      continue;
    }
    if (!hasConfigType(entry.value, key.type)) {
      out.push(diagnostic(entry.pair, "error", "lint/wrong-type", configWrongTypeMessage(key, entry.value)));
      continue;
    }
    for (const note of key.apply(scratch, entry.value)) {
      const d = diagnostic(note.at ?? entry.pair, note.severity ?? "warning", note.code, note.message);
      out.push({ ...d, column: d.column + (note.offset ?? 0) });
    }
  }
  return out;
}
