/** Reading loosely typed front matter values (what YAML or TOML gave) as strings and lists. */

export function stringOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return undefined;
}

/** A list of strings, or one string split by `split` (Jekyll splits tags at spaces; Hugo keeps one). */
export function stringList(value: unknown, split?: RegExp): string[] {
  if (Array.isArray(value)) return value.map(stringOf).filter((s): s is string => s !== undefined && s.trim() !== "").map((s) => s.trim());
  const one = stringOf(value);
  if (one === undefined) return [];
  return (split ? one.split(split) : [one]).map((s) => s.trim()).filter((s) => s !== "");
}

/** Tags without duplicates, compared without case as blahg compares them; the first spelling wins. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

export function table(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, unknown>) : undefined;
}
