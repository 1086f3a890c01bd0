/**
 * Faster tokens for markdown-it. Its build makes every token through a
 * helper that defines the thirteen fields one at a time by computed key (its
 * class-field transform); on typical posts that cost about a third of
 * markdown-it's time. This gives markdown-it's block and inline states `push`
 * methods that make the same tokens (the same prototype, the same fields in
 * the same order with the same values) by plain assignment, doing what
 * markdown-it's own methods do.
 *
 * It is installed only over the methods it was written against: their
 * source text must have the fingerprint below (markdown-it 15.0) and a token
 * the expected fields; any other markdown-it is left as it is, only slower.
 * The states are shared by every parser of the process, so it is installed
 * once for all.
 */

import type { MarkdownIt, StateBlock, StateInline, Token } from "markdown-it";
import { sourceFingerprint } from "./source-fingerprint.js";

/** SHA-256 of the source of StateBlock#push, StateInline#push and StateInline#pushPending, whitespace collapsed. */
const FINGERPRINT = "bc189af3af9be43a5607f3e24869913e80d3a9b197f1b88bd5c104752ec77320";

/** A token's own fields, in the order markdown-it's constructor makes them. */
const FIELDS = ["map", "level", "children", "content", "markup", "info", "block", "hidden", "type", "tag", "attrs", "nesting", "meta"];

type Nesting = Token["nesting"];
type TokenClass = new (type: string, tag: string, nesting: Nesting) => Token;

/** markdown-it's internals that the methods below use (not in its type declarations). */
interface InlineInternals {
  pendingLevel: number;
  delimiters: unknown[];
  _prev_delimiters: unknown[][];
  tokens_meta: Array<{ delimiters: unknown[] } | undefined>;
}

let installed: boolean | undefined;

/** Source fingerprint of the methods this replaces. */
export function pushMethodsFingerprint(md: MarkdownIt): string {
  const block = md.block.State.prototype;
  const inline = md.inline.State.prototype;
  return sourceFingerprint(block.push, inline.push, inline.pushPending);
}

/** Installs the faster tokens if markdown-it is the one they were written for; says whether they are in place. */
export function installFastTokens(md: MarkdownIt): boolean {
  if (installed !== undefined) return installed;
  const Token = new md.core.State("", md, {}).Token as unknown as TokenClass;
  installed = pushMethodsFingerprint(md) === FINGERPRINT && Object.keys(new Token("", "", 0)).join() === FIELDS.join();
  if (!installed) return false;

  // A constructor function sharing Token's prototype: tokens are still `instanceof Token`, with its methods.
  const FastToken = function (this: Token, type: string, tag: string, nesting: Nesting): void {
    this.map = null;
    this.level = 0;
    this.children = null;
    this.content = "";
    this.markup = "";
    this.info = "";
    this.block = false;
    this.hidden = false;
    this.type = type;
    this.tag = tag;
    this.attrs = null;
    this.nesting = nesting;
    this.meta = null;
  } as unknown as TokenClass;
  FastToken.prototype = Token.prototype;

  md.block.State.prototype.push = function (this: StateBlock, type: string, tag: string, nesting: Nesting): Token {
    const token = new FastToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  };

  md.inline.State.prototype.pushPending = function (this: StateInline & InlineInternals): Token {
    const token = new FastToken("text", "", 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = "";
    return token;
  };

  // A closing token restores the delimiter list of its opening one; an opening token starts a new list.
  md.inline.State.prototype.push = function (this: StateInline & InlineInternals, type: string, tag: string, nesting: Nesting): Token {
    if (this.pending) this.pushPending();
    const token = new FastToken(type, tag, nesting);
    let meta: { delimiters: unknown[] } | undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop()!;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      meta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(meta);
    return token;
  };
  return true;
}
