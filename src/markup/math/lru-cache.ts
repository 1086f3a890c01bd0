/**
 * A bounded least-recently-used cache of strings to values: at most
 * `maxEntries` entries and `maxCharacters` characters of keys and values
 * together, so memory stays bounded whatever a blog's formulas are.
 */

export class LruCache<V> {
  /** A Map keeps insertion order: the first key is the least recently used. */
  private readonly entries = new Map<string, { value: V; size: number }>();
  private characters = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxCharacters: number,
    /** The size of a value in characters (its key is counted as well). */
    private readonly sizeOf: (value: V) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Move it to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const size = key.length + this.sizeOf(value);
    if (size > this.maxCharacters) return; // would evict everything else for one entry
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.characters -= old.size;
    }
    this.entries.set(key, { value, size });
    this.characters += size;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.characters <= this.maxCharacters) break;
      this.entries.delete(oldest);
      this.characters -= entry.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.characters = 0;
  }
}
