/**
 * A faster inline state for markdown-it. Its build makes the state of every
 * paragraph, heading and table cell through a helper that defines twelve
 * fields one at a time by computed key (as for tokens: see fast-tokens.ts),
 * and its delimiter scan (emphasis, strikethrough) tests the characters on
 * each side of every `*`, `_` and `~` run against two large Unicode regular
 * expressions. This makes the same states (same prototype, same fields in
 * the same order) by plain assignment, and scans delimiters as markdown-it
 * does with those tests remembered per character.
 *
 * It is installed only over the code it was written against: the source of
 * markdown-it's StateInline class must have the fingerprint below
 * (markdown-it 15.0) and a state the expected fields; any other markdown-it
 * is left as it is, only slower. The delimiter scan is installed once for
 * all parsers (the state's prototype is shared); the state's constructor is
 * set on each parser.
 */

import type { MarkdownIt, StateInline } from "markdown-it";
import { sourceFingerprint } from "./source-fingerprint.js";

/** SHA-256 of the source of the StateInline class, whitespace collapsed. */
const FINGERPRINT = "614a67f5409332f44abc556d01ca28ed73950100863aba40484947561c27c7c8";

/** An inline state's own fields, in the order markdown-it's constructor makes them. */
const FIELDS = ["pos", "level", "pending", "pendingLevel", "cache", "backticks", "backticksScanned", "skipHtmlSpecial", "linkLevel", "delimiters", "_prev_delimiters", "Token", "src", "env", "md", "tokens", "tokens_meta", "posMax"];

type StateClass = new (src: string, md: MarkdownIt, env: unknown, tokens: unknown[]) => StateInline;

/** What a delimiter scan tells (StateInline#scanDelims). */
interface Delimiters {
  can_open: boolean;
  can_close: boolean;
  length: number;
}

/** The utilities of markdown-it the scan uses (md.utils). */
interface Utils {
  isWhiteSpace(code: number): boolean;
  isMdAsciiPunct(code: number): boolean;
  isPunctCharCode(code: number): boolean;
}

let fastState: StateClass | undefined | null;

/** Source fingerprint of the class this replaces. */
export function inlineStateFingerprint(md: MarkdownIt): string {
  return sourceFingerprint(md.inline.State as unknown as () => unknown);
}

/** markdown-it's isPunctCharCode, remembered for the Basic Multilingual Plane: 0 not yet asked, 1 no, 2 yes. */
function punctuationTest(utils: Utils): (code: number) => boolean {
  const known = new Uint8Array(0x10000);
  return (code) => {
    if (code > 0xffff) return utils.isPunctCharCode(code);
    let k = known[code]!;
    if (k === 0) known[code] = k = utils.isPunctCharCode(code) ? 2 : 1;
    return k === 2;
  };
}

/** markdown-it's StateInline#scanDelims, with punctuation tests remembered. */
function delimiterScan(utils: Utils): (this: StateInline, start: number, canSplitWord: boolean) => Delimiters {
  const isPunct = punctuationTest(utils);
  const { isWhiteSpace, isMdAsciiPunct } = utils;
  return function (this: StateInline, start: number, canSplitWord: boolean): Delimiters {
    const src = this.src;
    const max = this.posMax;
    const marker = src.charCodeAt(start);
    // The characters before and after the run, surrogate pairs combined and lone surrogates read as U+FFFD.
    let lastChar: number;
    if (start === 0) {
      lastChar = 0x20;
    } else if (start === 1) {
      lastChar = src.charCodeAt(0);
      if ((lastChar & 0xf800) === 0xd800) lastChar = 0xfffd;
    } else {
      lastChar = src.charCodeAt(start - 1);
      if ((lastChar & 0xfc00) === 0xdc00) {
        const high = src.charCodeAt(start - 2);
        lastChar = (high & 0xfc00) === 0xd800 ? 0x10000 + ((high - 0xd800) << 10) + (lastChar - 0xdc00) : 0xfffd;
      } else if ((lastChar & 0xfc00) === 0xd800) {
        lastChar = 0xfffd;
      }
    }
    let pos = start;
    while (pos < max && src.charCodeAt(pos) === marker) pos++;
    const count = pos - start;
    let nextChar = pos < max ? src.charCodeAt(pos) : 0x20;
    if ((nextChar & 0xfc00) === 0xd800) {
      const low = src.charCodeAt(pos + 1);
      nextChar = (low & 0xfc00) === 0xdc00 ? 0x10000 + ((nextChar - 0xd800) << 10) + (low - 0xdc00) : 0xfffd;
    } else if ((nextChar & 0xfc00) === 0xdc00) {
      nextChar = 0xfffd;
    }
    const isLastPunctChar = isMdAsciiPunct(lastChar) || isPunct(lastChar);
    const isNextPunctChar = isMdAsciiPunct(nextChar) || isPunct(nextChar);
    const isLastWhiteSpace = isWhiteSpace(lastChar);
    const isNextWhiteSpace = isWhiteSpace(nextChar);
    const leftFlanking = !isNextWhiteSpace && (!isNextPunctChar || isLastWhiteSpace || isLastPunctChar);
    const rightFlanking = !isLastWhiteSpace && (!isLastPunctChar || isNextWhiteSpace || isNextPunctChar);
    return {
      can_open: leftFlanking && (canSplitWord || !rightFlanking || isLastPunctChar),
      can_close: rightFlanking && (canSplitWord || !leftFlanking || isNextPunctChar),
      length: count,
    };
  };
}

/** The fast state class, made and checked once for all parsers; null when this markdown-it is not the one it was written for. */
function fastStateFor(md: MarkdownIt): StateClass | null {
  if (fastState !== undefined) return fastState;
  const Original = md.inline.State as unknown as StateClass;
  const sample = new Original("", md, {}, []) as unknown as Record<string, unknown>;
  if (inlineStateFingerprint(md) !== FINGERPRINT || Object.keys(sample).join() !== FIELDS.join()) return (fastState = null);
  const Token = sample.Token;

  const FastState = function (this: Record<string, unknown>, src: string, mdArg: MarkdownIt, env: unknown, outTokens: unknown[]): void {
    this.pos = 0;
    this.level = 0;
    this.pending = "";
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = Token;
    this.src = src;
    this.env = env;
    this.md = mdArg;
    this.tokens = outTokens;
    this.tokens_meta = new Array(outTokens.length);
    this.posMax = src.length;
  } as unknown as StateClass;
  FastState.prototype = Original.prototype;
  Original.prototype.scanDelims = delimiterScan(md.utils as unknown as Utils);
  return (fastState = FastState);
}

/** Gives `md` the faster inline state if its markdown-it is the one it was written for; says whether it is in place. */
export function installFastInline(md: MarkdownIt): boolean {
  const FastState = fastStateFor(md);
  if (!FastState) return false;
  (md.inline as { State: unknown }).State = FastState;
  return true;
}
