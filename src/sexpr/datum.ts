/**
 * The s-expression data model of libjeffpc (the format of blahgd's config,
 * post.lisp and comment meta.lisp files), plus small constructors for
 * building data in code.
 *
 * Data read from text carry their place in it (see {@link Span}); data built
 * with the constructors below carry none. Equality ({@link datumEquals})
 * ignores places.
 */

/**
 * Where a datum sits in the text it was read from. All four fields are set by
 * the reader and absent on constructed data.
 *
 * Lists written as `(a b c)` have cons cells and a terminating `()` that do not
 * appear as separate text. The reader gives them spans anyway, so that every
 * list or list tail read from text ends just after the `)` that closes it:
 * a tail cons starts at its first element, the implicit `()` starts at the
 * closing `)`. Hence for any cons or nil read from text, `end - 1` is the
 * offset of the closing `)`, and inserting text there appends to that list
 * (this is how new comment ids are added to post.lisp without rewriting it).
 */
export interface Span {
  /** Offset of the first character (UTF-16 code units, as `String.prototype.slice` counts). */
  start?: number;
  /** Offset just past the last character. */
  end?: number;
  /** 1-based line of the first character. */
  line?: number;
  /** 1-based column of the first character. */
  column?: number;
}

export interface BoolDatum extends Span {
  readonly kind: "bool";
  readonly value: boolean;
}

/** `#n`. */
export interface NullDatum extends Span {
  readonly kind: "null";
}

/** An unsigned 64-bit integer (the only kind of number libjeffpc has). */
export interface IntDatum extends Span {
  readonly kind: "int";
  readonly value: bigint;
}

/** A character: `value` is one Unicode code point (1 or 2 UTF-16 code units). */
export interface CharDatum extends Span {
  readonly kind: "char";
  readonly value: string;
}

export interface StringDatum extends Span {
  readonly kind: "string";
  readonly value: string;
}

export interface SymbolDatum extends Span {
  readonly kind: "symbol";
  readonly name: string;
}

/** The empty list `()`. */
export interface NilDatum extends Span {
  readonly kind: "nil";
}

/** A pair; proper lists are chains of pairs ending in nil. */
export interface ConsDatum extends Span {
  readonly kind: "cons";
  readonly car: Datum;
  readonly cdr: Datum;
}

/**
 * `'datum`, which means the list `(quote datum)`. Kept as its own kind so the
 * writer can print it back the way it was written; the alist helpers see it
 * as that two-element list.
 */
export interface QuoteDatum extends Span {
  readonly kind: "quote";
  readonly datum: Datum;
}

export type Datum =
  | BoolDatum
  | NullDatum
  | IntDatum
  | CharDatum
  | StringDatum
  | SymbolDatum
  | NilDatum
  | ConsDatum
  | QuoteDatum;

export type DatumKind = Datum["kind"];

/** The largest integer libjeffpc can hold (2^64 - 1). */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

export const NIL: NilDatum = Object.freeze({ kind: "nil" });
export const NULL: NullDatum = Object.freeze({ kind: "null" });

export function bool(value: boolean): BoolDatum {
  return { kind: "bool", value };
}

/** An integer datum; throws RangeError outside 0 .. 2^64-1 (a programming error, not bad input). */
export function int(value: bigint | number): IntDatum {
  const v = typeof value === "bigint" ? value : Number.isInteger(value) ? BigInt(value) : -1n;
  if (v < 0n || v > U64_MAX) {
    throw new RangeError(`s-expression integers are unsigned 64-bit, got ${String(value)}`);
  }
  return { kind: "int", value: v };
}

export function char(value: string): CharDatum {
  return { kind: "char", value };
}

export function str(value: string): StringDatum {
  return { kind: "string", value };
}

export function sym(name: string): SymbolDatum {
  return { kind: "symbol", name };
}

export function cons(car: Datum, cdr: Datum): ConsDatum {
  return { kind: "cons", car, cdr };
}

export function quote(datum: Datum): QuoteDatum {
  return { kind: "quote", datum };
}

/** A proper list of the given items (`NIL` when there are none). */
export function list(...items: Datum[]): Datum {
  let result: Datum = NIL;
  for (let i = items.length - 1; i >= 0; i--) result = cons(items[i]!, result);
  return result;
}

/**
 * An alist entry `(key . value)`. A string key becomes a string datum, as
 * blahgd writes the keys of pending comments; pass `sym("key")` for the
 * symbol keys hand-written files use.
 */
export function pair(key: string | Datum, value: Datum): ConsDatum {
  return cons(typeof key === "string" ? str(key) : key, value);
}

/** Structural equality, ignoring spans. `'x` and `(quote x)` are different data here. */
export function datumEquals(a: Datum, b: Datum): boolean {
  // Iterate along cdrs so long lists do not use stack; recurse on cars only.
  for (;;) {
    if (a.kind !== b.kind) return false;
    switch (a.kind) {
      case "bool":
        return a.value === (b as BoolDatum).value;
      case "int":
        return a.value === (b as IntDatum).value;
      case "char":
        return a.value === (b as CharDatum).value;
      case "string":
        return a.value === (b as StringDatum).value;
      case "symbol":
        return a.name === (b as SymbolDatum).name;
      case "null":
      case "nil":
        return true;
      case "quote":
        a = a.datum;
        b = (b as QuoteDatum).datum;
        continue;
      case "cons": {
        const bc = b as ConsDatum;
        if (!datumEquals(a.car, bc.car)) return false;
        a = a.cdr;
        b = bc.cdr;
        continue;
      }
    }
  }
}

/** Line and column of a datum for a diagnostic; 1:1 for constructed data. */
export function positionOf(d: Datum): { line: number; column: number } {
  return { line: d.line ?? 1, column: d.column ?? 1 };
}
