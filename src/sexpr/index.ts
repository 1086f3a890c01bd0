/**
 * The s-expression data format of blahgd (libjeffpc): data model, reader,
 * writer, alist access and the time format of data files. The linter lives in
 * ./lisp-lint.js (it depends on the config schema, which depends on this).
 */

export type {
  BoolDatum,
  CharDatum,
  ConsDatum,
  Datum,
  DatumKind,
  IntDatum,
  NilDatum,
  NullDatum,
  QuoteDatum,
  Span,
  StringDatum,
  SymbolDatum,
} from "./datum.js";
export {
  NIL,
  NULL,
  U64_MAX,
  bool,
  char,
  cons,
  datumEquals,
  int,
  list,
  pair,
  positionOf,
  quote,
  str,
  sym,
} from "./datum.js";
export type { ReadOptions, ReadResult } from "./reader.js";
export { DEFAULT_MAX_DEPTH, parseSexpr, readDataFile } from "./reader.js";
export { isSymbolName, writeChar, writeSexpr, writeString } from "./writer.js";
export type { AlistEntry, PairView } from "./alist.js";
export {
  alistBool,
  alistEntries,
  alistInteger,
  alistList,
  alistLookup,
  alistString,
  asPair,
  describeKind,
  entryKey,
  isProperList,
  listItems,
  wrongTypeMessage,
} from "./alist.js";
export type { BlahgdTimeFields } from "./time.js";
export {
  blahgdFieldsToSeconds,
  formatBlahgdTime,
  isCanonicalBlahgdTime,
  parseBlahgdTime,
  parseBlahgdTimeFields,
} from "./time.js";
