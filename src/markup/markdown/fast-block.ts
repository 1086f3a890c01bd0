/**
 * A faster block state for markdown-it. Its build makes the state of every
 * body through a helper that defines twelve fields one at a time by computed
 * key (as for tokens: see fast-tokens.ts), then finds the start, end and
 * indentation of every line, appending to five arrays read back through the
 * state at every character. This makes the same state (same prototype, same
 * fields in the same order with the same values) by plain assignment, the
 * line scan appending to the arrays held in local variables.
 *
 * It is installed only over the code it was written against: the source of
 * markdown-it's StateBlock class must have the fingerprint below
 * (markdown-it 15.0) and a state the expected fields; any other markdown-it
 * is left as it is, only slower. The constructor is set on each parser.
 */

import type { MarkdownIt, StateBlock } from "markdown-it";
import { sourceFingerprint } from "./source-fingerprint.js";

/** SHA-256 of the source of the StateBlock class, whitespace collapsed. */
const FINGERPRINT = "850d9beb2f7d604a74d8f83c636ce5c5ef220a2cefd03421ea331656b0b6c042";

/** A block state's own fields, in the order markdown-it's constructor makes them. */
const FIELDS = ["bMarks", "eMarks", "tShift", "sCount", "bsCount", "blkIndent", "line", "lineMax", "tight", "listIndent", "parentType", "level", "Token", "src", "md", "env", "tokens"];

type StateClass = new (src: string, md: MarkdownIt, env: unknown, tokens: unknown[]) => StateBlock;

const TAB = 0x09;
const SPACE = 0x20;
const NEWLINE = 0x0a;

let fastState: StateClass | undefined | null;

/** Source fingerprint of the class this replaces. */
export function blockStateFingerprint(md: MarkdownIt): string {
  return sourceFingerprint(md.block.State as unknown as () => unknown);
}

/** The fast state class, made and checked once for all parsers; null when this markdown-it is not the one it was written for. */
function fastStateFor(md: MarkdownIt): StateClass | null {
  if (fastState !== undefined) return fastState;
  const Original = md.block.State as unknown as StateClass;
  const sample = new Original("", md, {}, []) as unknown as Record<string, unknown>;
  if (blockStateFingerprint(md) !== FINGERPRINT || Object.keys(sample).join() !== FIELDS.join()) return (fastState = null);
  const Token = sample.Token;

  const FastState = function (this: Record<string, unknown>, src: string, mdArg: MarkdownIt, env: unknown, tokens: unknown[]): void {
    const bMarks: number[] = [];
    const eMarks: number[] = [];
    const tShift: number[] = [];
    const sCount: number[] = [];
    const bsCount: number[] = [];
    this.bMarks = bMarks;
    this.eMarks = eMarks;
    this.tShift = tShift;
    this.sCount = sCount;
    this.bsCount = bsCount;
    this.blkIndent = 0;
    this.line = 0;
    this.lineMax = 0;
    this.tight = false;
    this.listIndent = -1;
    this.parentType = "root";
    this.level = 0;
    this.Token = Token;
    this.src = src;
    this.md = mdArg;
    this.env = env;
    this.tokens = tokens;
    // Each line's start, end, indentation in characters and in columns (a tab to the next multiple of 4).
    const len = src.length;
    let start = 0;
    let indent = 0;
    let offset = 0;
    let indentFound = false;
    for (let pos = 0; pos < len; pos++) {
      const ch = src.charCodeAt(pos);
      if (!indentFound) {
        if (ch === TAB || ch === SPACE) {
          indent++;
          if (ch === TAB) offset += 4 - (offset % 4);
          else offset++;
          continue;
        }
        indentFound = true;
      }
      if (ch === NEWLINE || pos === len - 1) {
        if (ch !== NEWLINE) pos++;
        bMarks.push(start);
        eMarks.push(pos);
        tShift.push(indent);
        sCount.push(offset);
        bsCount.push(0);
        indentFound = false;
        indent = 0;
        offset = 0;
        start = pos + 1;
      }
    }
    bMarks.push(len);
    eMarks.push(len);
    tShift.push(0);
    sCount.push(0);
    bsCount.push(0);
    this.lineMax = bMarks.length - 1;
  } as unknown as StateClass;
  FastState.prototype = Original.prototype;
  return (fastState = FastState);
}

/** Gives `md` the faster block state if its markdown-it is the one it was written for; says whether it is in place. */
export function installFastBlock(md: MarkdownIt): boolean {
  const FastState = fastStateFor(md);
  if (!FastState) return false;
  (md.block as { State: unknown }).State = FastState;
  return true;
}
