/**
 * Association-list access with blahgd's lookup semantics (spec §2): walk the
 * list; an element matches when it is a pair whose car is a string or symbol
 * equal (case-sensitively) to the key; the first match wins; the value is the
 * cdr. Typed lookups answer `undefined` when the value has another type, the
 * way blahgd treats such a key as missing.
 */

import type { Datum } from "./datum.js";
import { NIL, sym } from "./datum.js";

/** A pair as car and cdr; a quote `'x` is seen as the list `(quote x)`. */
export interface PairView {
  car: Datum;
  cdr: Datum;
}

const QUOTE_SYMBOL = sym("quote");

/** The car and cdr of a pair (a cons, or a quote seen as `(quote x)`); undefined for anything else. */
export function asPair(d: Datum): PairView | undefined {
  if (d.kind === "cons") return d;
  if (d.kind === "quote") return { car: QUOTE_SYMBOL, cdr: { kind: "cons", car: d.datum, cdr: NIL } };
  return undefined;
}

/** The elements of a proper list (`[]` for `()`); undefined when `d` is not one. */
export function listItems(d: Datum): Datum[] | undefined {
  const items: Datum[] = [];
  for (;;) {
    if (d.kind === "nil") return items;
    const p = asPair(d);
    if (p === undefined) return undefined;
    items.push(p.car);
    d = p.cdr;
  }
}

/** True for `()` and for chains of pairs ending in `()`. */
export function isProperList(d: Datum): boolean {
  for (;;) {
    if (d.kind === "nil") return true;
    if (d.kind === "quote") return true; // (quote x)
    if (d.kind !== "cons") return false;
    d = d.cdr;
  }
}

/** The key of an alist element, when it is a pair with a string or symbol car. */
export function entryKey(element: Datum): string | undefined {
  const p = asPair(element);
  if (p === undefined) return undefined;
  const car = p.car;
  if (car.kind === "string") return car.value;
  if (car.kind === "symbol") return car.name;
  return undefined;
}

export interface AlistEntry {
  /** The key's text. */
  key: string;
  /** The key datum (a string or a symbol), for its position. */
  keyDatum: Datum;
  /** The cdr of the pair. */
  value: Datum;
  /** The whole `(key . value)` element, for its position. */
  pair: Datum;
  /** Position of the element in the list, from 0. */
  index: number;
}

/**
 * The elements of an alist that are pairs with a string or symbol key, in
 * order, duplicates included; undefined when `alist` is not a proper list.
 * Other elements are skipped (lookups never match them).
 */
export function alistEntries(alist: Datum): AlistEntry[] | undefined {
  const items = listItems(alist);
  if (items === undefined) return undefined;
  const entries: AlistEntry[] = [];
  items.forEach((pair, index) => {
    const p = asPair(pair);
    if (p === undefined) return;
    const keyDatum = p.car;
    if (keyDatum.kind === "string") {
      entries.push({ key: keyDatum.value, keyDatum, value: p.cdr, pair, index });
    } else if (keyDatum.kind === "symbol") {
      entries.push({ key: keyDatum.name, keyDatum, value: p.cdr, pair, index });
    }
  });
  return entries;
}

/** The value (cdr) of the first entry whose key is `key`; undefined when none matches. */
export function alistLookup(alist: Datum, key: string): Datum | undefined {
  // Walks like listItems, but stops at the first match and tolerates an
  // improper tail the way a C list walk would.
  let d = alist;
  for (;;) {
    const p = asPair(d);
    if (p === undefined) return undefined;
    const element = p.car;
    const ep = asPair(element);
    if (ep !== undefined) {
      const car = ep.car;
      if ((car.kind === "string" && car.value === key) || (car.kind === "symbol" && car.name === key)) {
        return ep.cdr;
      }
    }
    d = p.cdr;
  }
}

export function alistString(alist: Datum, key: string): string | undefined {
  const v = alistLookup(alist, key);
  return v?.kind === "string" ? v.value : undefined;
}

export function alistInteger(alist: Datum, key: string): bigint | undefined {
  const v = alistLookup(alist, key);
  return v?.kind === "int" ? v.value : undefined;
}

export function alistBool(alist: Datum, key: string): boolean | undefined {
  const v = alistLookup(alist, key);
  return v?.kind === "bool" ? v.value : undefined;
}

/** The elements of the value when it is a proper list; `(key)` gives `[]`. */
export function alistList(alist: Datum, key: string): Datum[] | undefined {
  const v = alistLookup(alist, key);
  return v === undefined ? undefined : listItems(v);
}

/** Words for the kind of a datum, for messages: "a string", "an integer", "a list", ... */
export function describeKind(d: Datum): string {
  switch (d.kind) {
    case "bool":
      return "a boolean";
    case "null":
      return "null (#n)";
    case "int":
      return "an integer";
    case "char":
      return "a character";
    case "string":
      return "a string";
    case "symbol":
      return "a symbol";
    case "nil":
      return "the empty list ()";
    case "quote":
      return "a quoted datum";
    case "cons":
      return isProperList(d) ? "a list" : "a dotted pair";
  }
}

/**
 * "`title` must be a string, but it is a symbol". When the value is a
 * one-element list whose element `fits`, the likely slip `(key value)` for
 * `(key . value)` gets a hint.
 */
export function wrongTypeMessage(key: string, expected: string, value: Datum, fits?: (d: Datum) => boolean): string {
  let message = `\`${key}\` must be ${expected}, but it is ${describeKind(value)}`;
  if (fits !== undefined) {
    const items = listItems(value);
    if (items?.length === 1 && fits(items[0]!)) {
      message += ` (write (${key} . value), with a dot, instead of (${key} value))`;
    }
  }
  return message;
}
