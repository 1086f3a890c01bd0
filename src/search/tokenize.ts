/**
 * Words of a text as search terms: Unicode letters and digits, folded
 * (compatibility forms, case, accents: "Café" and "CAFE" are one term),
 * with a light English plural stemmer ("queues" finds "queue"). Han, kana
 * and other scripts written without spaces give one term per character, so
 * a quoted run of them is searched as a phrase. Each token keeps where it
 * came from in the original text, for snippets.
 */

/** One character per token for scripts written without spaces between words. */
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
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

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** What the character at `i` is to the tokenizer, with its length in code units (0 at the end). */
function classify(text: string, i: number): { kind: "word" | "unspaced" | "other"; length: number } {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return { kind: "other", length: 0 };
  if (c < 128) return { kind: isAsciiAlnum(c) ? "word" : "other", length: 1 };
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  if (UNSPACED.test(ch)) return { kind: "unspaced", length: ch.length };
  return { kind: WORD_CHAR.test(ch) ? "word" : "other", length: ch.length };
}

/**
 * Calls `each` with every term of `text`, in order; stops early when it
 * returns false. A hand-written scanner: ASCII, nearly all of most blogs,
 * never reaches a regular expression or Unicode normalisation.
 */
export function forEachTerm(text: string, each: (term: string, start: number, end: number) => boolean | void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && !isAsciiAlnum(c)) {
      i++;
      continue;
    }
    if (c >= 128) {
      const { kind, length } = classify(text, i);
      if (kind === "unspaced") {
        if (each(foldWord(text.slice(i, i + length)), i, i + length) === false) return;
        i += length;
        continue;
      }
      if (kind === "other") {
        i += length;
        continue;
      }
    }
    const start = i;
    let plain = true;
    let upper = false;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128 && isAsciiAlnum(d)) {
        if (d <= 90 && d >= 65) upper = true;
        i++;
        continue;
      }
      if (d === 39 /* ' */ || d === 0x2019) {
        // An apostrophe inside a word joins it ("don't").
        if (classify(text, i + 1).kind !== "word") break;
        plain = false;
        i++;
        continue;
      }
      if (d < 128) break;
      const { kind, length } = classify(text, i);
      if (kind !== "word") break;
      plain = false;
      i += length;
    }
    let term: string;
    if (plain) {
      term = upper ? text.slice(start, i).toLowerCase() : text.slice(start, i);
      term = stemPlural(term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term);
    } else {
      term = foldWord(text.slice(start, i));
    }
    if (term.length > 0 && each(term, start, i) === false) return;
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
