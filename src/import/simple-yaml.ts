/**
 * Front matter in the shape nearly every post has (`key: value` lines with
 * one-line plain or quoted strings, booleans, and `- item` lists of such
 * strings), read and written without the yaml library, which costs most of
 * an import's CPU. Anything outside that shape gives undefined and goes
 * through the yaml library, so the results are always the library's: the
 * checks below are deliberately narrower than YAML (see simple-yaml.test.ts,
 * a differential test against the library).
 */

/** YAML 1.2 core schema: plain scalars that are not strings (the yaml library's tag tests). */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NUMBER = /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;

/**
 * A one-line plain scalar both ways: starts with an ASCII letter or digit,
 * `_`, `/`, `(` or a non-ASCII character other than a space (no indicator),
 * has no control or special characters, no `#`, no `: `, and ends in
 * neither a space nor `:`.
 */
const PLAIN = /^(?:[A-Za-z0-9_/(]|[^\x00-\x9f\p{Z}\p{Cs}\uFEFF])(?:[^\x00-\x1f\x7f-\x9f#\uFEFF\u2028\u2029\p{Cs}]*[^\x00-\x1f\x7f-\x9f#\uFEFF\u2028\u2029\p{Cs}: ])?$/u;
const DOUBLE_QUOTED = /^"([^"\\\x00-\x1f\x7f-\x9f\uFEFF\u2028\u2029\p{Cs}]*)"$/u;
const SINGLE_QUOTED = /^'((?:[^'\x00-\x1f\x7f-\x9f\uFEFF\u2028\u2029\p{Cs}]|'')*)'$/u;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const ITEM_LINE = /^( *)- (.*)$/;

function isPlainString(text: string): boolean {
  return PLAIN.test(text) && !text.includes(": ") && !NULL.test(text) && !BOOL.test(text) && !NUMBER.test(text);
}

function isSimpleKey(key: string): boolean {
  return KEY.test(key) && key !== "__proto__" && !NULL.test(key) && !BOOL.test(key);
}

/** A one-line scalar's value, or undefined when it is not simple. */
function readScalar(text: string): string | boolean | undefined {
  if (text.startsWith('"')) return DOUBLE_QUOTED.exec(text)?.[1];
  if (text.startsWith("'")) return SINGLE_QUOTED.exec(text)?.[1]!.replace(/''/g, "'");
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  return isPlainString(text) ? text : undefined;
}

/** The map a simple YAML document (between front matter fences) holds, or undefined when it is not simple. */
export function readSimpleYaml(yaml: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  /** The list being filled, and its items' indentation once the first is read. */
  let list: { items: string[]; indent: number } | undefined;
  let awaitingList = false;
  for (const line of yaml.split("\n")) {
    if (line === "" && !awaitingList) continue;
    const item = ITEM_LINE.exec(line);
    if (item) {
      if (!list || (!awaitingList && item[1]!.length !== list.indent)) return undefined;
      const value = readScalar(item[2]!);
      if (typeof value !== "string") return undefined;
      list.items.push(value);
      list.indent = item[1]!.length;
      awaitingList = false;
      continue;
    }
    if (awaitingList) return undefined;
    list = undefined;
    const pair = KEY_LINE.exec(line);
    if (!pair || !isSimpleKey(pair[1]!) || Object.hasOwn(data, pair[1]!)) return undefined;
    const key = pair[1]!;
    if (pair[2] === undefined || pair[2] === "") {
      list = { items: [], indent: 0 };
      data[key] = list.items;
      awaitingList = true;
      continue;
    }
    const value = readScalar(pair[2]);
    if (value === undefined) return undefined;
    data[key] = value;
  }
  return awaitingList ? undefined : data;
}

/**
 * A map of strings, `true`/`false` and non-empty lists of strings as the yaml
 * library's `stringify(map, { lineWidth: 0, blockQuote: false })` writes it,
 * or undefined when a value needs quotes or another form.
 */
export function writeSimpleYaml(map: Record<string, unknown>): string | undefined {
  let out = "";
  for (const [key, value] of Object.entries(map)) {
    if (!isSimpleKey(key)) return undefined;
    if (typeof value === "boolean") out += `${key}: ${value}\n`;
    else if (typeof value === "string") {
      if (!isPlainString(value)) return undefined;
      out += `${key}: ${value}\n`;
    } else if (Array.isArray(value) && value.length > 0) {
      out += `${key}:\n`;
      for (const item of value) {
        if (typeof item !== "string" || !isPlainString(item)) return undefined;
        out += `  - ${item}\n`;
      }
    } else return undefined;
  }
  return out === "" ? undefined : out;
}
