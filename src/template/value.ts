/**
 * The values templates see: text (plain strings), HTML ({@link Html}),
 * unsigned integers (number or bigint, since `now` is nanoseconds and
 * passes 2^53), null, lists and name/value maps, plus the few conversions
 * the engine needs (blahgd's integers are C `uint64_t`, so everything
 * integral is read as unsigned 64-bit).
 *
 * Text and HTML are different kinds so that no template, old or new, can
 * forget to escape a visitor's words: printing text escapes it for the
 * output it lands in, printing HTML does not.
 */

/**
 * Markup that blahg produced or checked (a rendered post body, a sanitized
 * comment): printed as is. Every other string a template sees is text.
 * Build it with {@link trustedHtml}, and only from markup that is safe to
 * show: wrapping a visitor's words here undoes the escaping.
 */
export class Html {
  constructor(readonly html: string) {}

  toString(): string {
    return this.html;
  }
}

/** `markup` as an HTML value (see {@link Html} for when that is right). */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/**
 * A value a template can see. Maps are plain records: they are pushed as
 * scope frames by reference (no copy), and a keyed property load is the
 * cheapest lookup V8 offers. `undefined` in a map counts as "not set".
 */
export type TemplateValue =
  | string
  | Html
  | number
  | bigint
  | null
  | readonly TemplateValue[]
  | TemplateMap;

/** A name/value map: a list element in `{posts%story}`, or a scope frame. */
export type TemplateMap = { readonly [name: string]: TemplateValue };

/** An unsigned 64-bit integer as the engine handles it. */
export type UnsignedInteger = number | bigint;

const U64_MAX = (1n << 64n) - 1n;

/** Whether `v` is a map (a record), as opposed to a list, HTML or a scalar. */
export function isTemplateMap(v: unknown): v is TemplateMap {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Html);
}

/**
 * `v` as an unsigned 64-bit integer, or undefined when it is not an integer
 * at all. Negative integers wrap around as they would in a C `uint64_t`.
 * Safe non-negative integers come back unchanged (the common, fast case).
 */
export function toUnsigned(v: unknown): UnsignedInteger | undefined {
  if (typeof v === "number") {
    if (Number.isSafeInteger(v) && v >= 0) return v;
    if (!Number.isInteger(v)) return undefined;
    return normalizeBig(BigInt(v));
  }
  if (typeof v === "bigint") {
    if (v >= 0n && v <= U64_MAX) return v;
    return normalizeBig(v);
  }
  return undefined;
}

function normalizeBig(b: bigint): UnsignedInteger {
  const u = BigInt.asUintN(64, b);
  return u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u;
}

/** Decimal text of an unsigned integer (never exponent notation). */
export function unsignedToString(u: UnsignedInteger): string {
  return typeof u === "number" ? String(u) : u.toString();
}

/**
 * The value of a decimal literal word such as `1` in `ifeq(moreposts,1)`,
 * or undefined when the word is not one (then it names a variable).
 * Like strtoull, a literal beyond 2^64-1 does not parse.
 */
export function parseDecimalLiteral(word: string): UnsignedInteger | undefined {
  if (!/^[0-9]+$/.test(word)) return undefined;
  if (word.length < 16) return Number(word);
  const b = BigInt(word);
  if (b > U64_MAX) return undefined;
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** A short description of a value's kind, for problem messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Html) return "HTML";
  switch (typeof v) {
    case "string":
      return "a string";
    case "number":
    case "bigint":
      return toUnsigned(v) === undefined ? `the non-integer number ${String(v)}` : "an integer";
    case "object":
      return "a map";
    default:
      return `a ${typeof v}`;
  }
}
