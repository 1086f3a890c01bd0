/**
 * Words of a text as search terms: Unicode letters and digits, folded
 * (compatibility forms, case, accents: "Café" and "CAFE" are one term),
 * with a light English plural stemmer ("queues" finds "queue"). Han, kana
 * and other scripts written without spaces give one term per character, so
 * a quoted run of them is searched as a phrase. Each token keeps where it
 * came from in the original text, for snippets.
 */

/** One character per token for scripts written without spaces between words. */
const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
/** A token: one unspaced character, or a run of letters, digits and marks with inner apostrophes. */
const TOKEN = new RegExp(String.raw`[${UNSPACED}]|[[\p{L}\p{N}\p{M}]--[${UNSPACED}]]+(?:['\u2019][[\p{L}\p{N}\p{M}]--[${UNSPACED}]]+)*`, "gv");
const ASCII_LOWER = /^[a-z0-9]*$/;
const MARKS = /[\p{M}'\u2019]/gu;

/** Longest term kept: longer runs (base64, hashes) are cut, so one word cannot bloat the index. */
export const MAX_TERM_LENGTH = 40;

/**
 * Words too common to tell posts apart. They never make a query fail: a
 * query of only these still matches them, and elsewhere they only rank.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and are as at be but by for from has have he her his i if in into is it its of on or our she so " +
    "than that the their them then there these they this to was we were what when which who will with you your").split(" "),
);

/** Folds one word: compatibility decomposition, accents and apostrophes dropped, lower case, plural cut. */
export function foldWord(word: string): string {
  let folded = word.toLowerCase();
  if (!ASCII_LOWER.test(folded)) folded = folded.normalize("NFKD").replace(MARKS, "").normalize("NFC").replaceAll("\u00df", "ss");
  if (folded.length > MAX_TERM_LENGTH) folded = folded.slice(0, MAX_TERM_LENGTH);
  return stemPlural(folded);
}

/**
 * Harman's "S" stemmer: the lightest English stemmer (plurals only), so a
 * stemmed term is still the word a reader recognises in a snippet.
 */
export function stemPlural(word: string): string {
  const n = word.length;
  if (n < 4 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies")) return word.slice(0, -3) + "y";
  if (word.endsWith("es") && !word.endsWith("aes") && !word.endsWith("ees") && !word.endsWith("oes")) return word.slice(0, -1);
  if (word.endsWith("us") || word.endsWith("ss")) return word;
  return word.slice(0, -1);
}

export interface Token {
  term: string;
  /** Offsets in the original text (UTF-16 code units): `text.slice(start, end)` is the word. */
  start: number;
  end: number;
}

/** Calls `each` with every term of `text`, in order; stops early when it returns false. */
export function forEachTerm(text: string, each: (term: string, start: number, end: number) => boolean | void): void {
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const term = foldWord(m[0]);
    if (term.length === 0) continue;
    if (each(term, m.index, m.index + m[0].length) === false) break;
  }
}

/** The terms of `text` with their places. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachTerm(text, (term, start, end) => {
    tokens.push({ term, start, end });
  });
  return tokens;
}

/** Just the terms. */
export function terms(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => {
    out.push(term);
  });
  return out;
}
