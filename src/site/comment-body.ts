/**
 * Comment bodies, made safe to show. blahgd pasted a comment's `text.txt` into pages and feeds as
 * raw HTML (spec §1.4, §8.4): a moderator wrote the file, but the words came from a visitor, so
 * an old comment may hold anything, `<script>` included. `commentBodyHtml` turns plain text (the
 * usual case for new comments) into escaped, auto-linked paragraphs, and runs anything that
 * holds HTML tags through an allowlist sanitizer: a tolerant tokenizer, a small tree builder that
 * keeps the output balanced, and a writer that re-escapes every text and attribute value.
 * Pure, dependency-free, linear in the length of its input, and it never throws.
 */

/** Inline elements kept (with the attributes `inlineAttributes` allows). */
const INLINE = new Set([
  "a", "em", "strong", "b", "i", "u", "s", "code", "q", "cite", "abbr", "sub", "sup", "del", "ins", "span", "br",
]);
/** Blocks that hold inline content only: any other block start closes them. */
const PHRASING_BLOCKS = new Set(["p", "pre", "h3", "h4", "h5", "h6"]);
/** Blocks that may hold blocks or inline content. */
const FLOW_BLOCKS = new Set(["blockquote", "li", "dd", "dt"]);
const LIST_BLOCKS = new Set(["ul", "ol", "dl"]);
const VOID_ELEMENTS = new Set(["br", "hr"]);

/**
 * Removed together with their content. The raw-text ones are skipped by the tokenizer up to
 * their end tag, as a browser reads them; the others by the tree builder, counting nesting.
 */
const RAW_TEXT_REMOVED = new Set([
  "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
]);
const CONTAINERS_REMOVED = new Set(["object", "template", "select", "svg", "math", "head", "applet", "frameset"]);

/**
 * Unknown elements are unwrapped, but these ones stood for a block: their tags end the current
 * paragraph, so `<div>a</div><div>b</div>` stays two paragraphs instead of becoming "ab".
 */
const BLOCK_BOUNDARIES = new Set([
  "div", "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "address",
  "details", "summary", "h1", "h2", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "center",
  "form", "fieldset", "legend", "dir", "menu", "hgroup", "dialog", "search", "body", "html", "listing",
]);

/**
 * Element names that make a comment count as HTML. Anything else after a `<` (`x<y and y>z`,
 * `<3`, `<http://…>`) is taken for plain text: either choice is safe, this one is kinder to
 * visitors who never meant to write HTML.
 */
const KNOWN_ELEMENTS = new Set([
  ...INLINE, ...PHRASING_BLOCKS, ...FLOW_BLOCKS, ...LIST_BLOCKS, ...VOID_ELEMENTS, ...RAW_TEXT_REMOVED,
  ...CONTAINERS_REMOVED, ...BLOCK_BOUNDARIES, "plaintext", "img", "embed", "link", "meta", "base", "input",
  "button", "label", "option", "optgroup", "area", "map", "audio", "video", "source", "track", "picture",
  "canvas", "font", "small", "big", "tt", "kbd", "samp", "var", "mark", "dfn", "bdi", "bdo", "ruby", "rt", "rp",
  "time", "data", "wbr", "col", "colgroup", "frame", "param", "marquee", "blink", "strike", "nobr", "image",
  "isindex", "keygen", "output", "progress", "meter", "datalist", "slot", "portal",
]);

/** Deeper nesting is unwrapped: it bounds every stack search, which keeps the builder linear. */
const MAX_OPEN_ELEMENTS = 100;

const REL = ' rel="nofollow ugc"';

// ---------------------------------------------------------------------------------------------
// Entry point

/** The HTML to show for a comment body (`text.txt`), safe whatever the text holds. */
export function commentBodyHtml(text: string): string {
  if (typeof text !== "string") return "";
  try {
    const clean = normalizeInput(text);
    return looksLikeHtml(clean) ? sanitizeHtml(clean) : plainTextHtml(clean);
  } catch {
    // Nothing above is expected to throw; if it ever does, show nothing rather than break a page.
    return "";
  }
}

/**
 * Line ends become LF (as a browser reads them); form feed becomes a space; NUL, the other C0
 * controls, DEL, U+FFFE/U+FFFF and lone surrogates go, since they are invisible, invalid in the
 * XML feeds these bodies also land in, and a NUL inside `java\0script:` or `<scr\0ipt>` is a
 * classic way past filters.
 */
function normalizeInput(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\f/g, " ")
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffe\uffff]/g, "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** True when the text holds a tag of a known element, a comment or a doctype. */
function looksLikeHtml(s: string): boolean {
  const lastGt = s.lastIndexOf(">");
  if (lastGt < 0) return false;
  for (let i = s.indexOf("<"); i >= 0 && i < lastGt; i = s.indexOf("<", i + 1)) {
    if (s.startsWith("<!--", i) || asciiLower(s.slice(i, i + 9)) === "<!doctype") return true;
    let j = i + 1;
    if (s.charCodeAt(j) === SLASH) j++;
    const start = j;
    if (!isAsciiAlpha(s.charCodeAt(start))) continue;
    while (j - start < 12 && isAsciiAlphanumeric(s.charCodeAt(j))) j++;
    const after = s.charCodeAt(j);
    if ((isHtmlSpace(after) || after === SLASH || after === GT) && KNOWN_ELEMENTS.has(asciiLower(s.slice(start, j)))) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Plain text

/**
 * Blank lines separate paragraphs, single newlines become `<br>`, every special character is
 * escaped (a plain-text `&eacute;` shows as typed), and bare http(s) URLs become links.
 */
function plainTextHtml(s: string): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  for (let start = 0; start <= s.length; ) {
    let end = s.indexOf("\n", start);
    if (end < 0) end = s.length;
    const line = trimSpaces(s.slice(start, end));
    if (line === "") {
      if (lines.length > 0) paragraphs.push(lines.join("<br>\n"));
      lines = [];
    } else {
      lines.push(linkify(line));
    }
    start = end + 1;
  }
  if (lines.length > 0) paragraphs.push(lines.join("<br>\n"));
  return paragraphs.map((p) => `<p>${p}</p>`).join("\n");
}

/** Escapes a line, turning each bare http(s) URL into a nofollow link. */
function linkify(line: string): string {
  const urlStart = /https?:\/\//gi;
  let out = "";
  let done = 0;
  for (let m = urlStart.exec(line); m !== null; m = urlStart.exec(line)) {
    const at = m.index;
    if (at > 0 && isAsciiAlphanumeric(line.charCodeAt(at - 1))) continue; // "xhttp://" is no URL
    const hostStart = at + m[0].length;
    let end = hostStart;
    while (end < line.length && !endsUrl(line.charCodeAt(end))) end++;
    end = trimUrlEnd(line, at, end);
    if (end === hostStart) continue;
    const url = escapeAll(line.slice(at, end));
    out += `${escapeAll(line.slice(done, at))}<a href="${url}"${REL}>${url}</a>`;
    done = end;
    urlStart.lastIndex = end;
  }
  return out + escapeAll(line.slice(done));
}

function endsUrl(c: number): boolean {
  return (
    c <= 0x20 || c === 0x22 /* " */ || c === 0x3c /* < */ || c === GT || c === 0x60 /* ` */ || c === 0x7f ||
    c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x3000
  );
}

/**
 * Punctuation that ends a sentence is not part of the URL before it; a closing parenthesis or
 * bracket is, when the URL opened one (`https://en.wikipedia.org/wiki/Foo_(bar)`).
 */
function trimUrlEnd(line: string, start: number, end: number): number {
  let parens = 0;
  let brackets = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x28) parens++;
    else if (c === 0x29) parens--;
    else if (c === 0x5b) brackets++;
    else if (c === 0x5d) brackets--;
  }
  while (end > start) {
    const c = line.charCodeAt(end - 1);
    if (".,;:!?'*".includes(line.charAt(end - 1))) end--;
    else if (c === 0x29 && parens < 0) (parens++, end--);
    else if (c === 0x5d && brackets < 0) (brackets++, end--);
    else break;
  }
  return end;
}

// ---------------------------------------------------------------------------------------------
// HTML: tokenizer

type Attribute = readonly [name: string, value: string];

interface TokenSink {
  text(raw: string): void;
  startTag(name: string, attributes: readonly Attribute[], selfClosing: boolean): void;
  endTag(name: string): void;
}

interface Tag {
  readonly name: string;
  readonly attributes: Attribute[];
  readonly selfClosing: boolean;
  /** Index just past the closing `>`. */
  readonly end: number;
}

const SLASH = 0x2f;
const GT = 0x3e;
const EQUALS = 0x3d;
const LF = 0x0a;

/**
 * Splits HTML into text, start tags and end tags the way a browser would in body text, minus
 * what a comment never needs: comments, doctypes, processing instructions, CDATA and removed
 * raw-text elements are skipped; a `<` that starts nothing is text; a tag cut off by the end of
 * the input is dropped with the rest, as a browser drops it.
 */
function tokenize(src: string, sink: TokenSink): void {
  const n = src.length;
  let lower: string | undefined;
  let pos = 0;
  while (pos < n) {
    const lt = src.indexOf("<", pos);
    if (lt < 0) {
      sink.text(src.slice(pos));
      return;
    }
    if (lt > pos) sink.text(src.slice(pos, lt));
    const c = src.charCodeAt(lt + 1);
    if (isAsciiAlpha(c)) {
      const tag = readTag(src, lt + 1);
      if (tag === undefined) return;
      pos = tag.end;
      if (tag.name === "plaintext") return; // everything after it would be text of a removed element
      if (RAW_TEXT_REMOVED.has(tag.name)) {
        lower ??= asciiLower(src);
        pos = skipRawText(src, lower, pos, tag.name);
      } else {
        sink.startTag(tag.name, tag.attributes, tag.selfClosing);
      }
    } else if (c === SLASH) {
      const c2 = src.charCodeAt(lt + 2);
      if (isAsciiAlpha(c2)) {
        const tag = readTag(src, lt + 2);
        if (tag === undefined) return;
        pos = tag.end;
        sink.endTag(tag.name);
      } else if (c2 === GT) {
        pos = lt + 3; // "</>" is nothing
      } else if (Number.isNaN(c2)) {
        sink.text("</");
        return;
      } else {
        pos = skipTo(src, ">", lt + 2);
      }
    } else if (c === 0x21 /* ! */) {
      if (src.startsWith("<!--", lt)) pos = skipComment(src, lt + 4);
      else if (src.startsWith("<![CDATA[", lt)) pos = skipTo(src, "]]>", lt + 9);
      else pos = skipTo(src, ">", lt + 2);
    } else if (c === 0x3f /* ? */) {
      pos = skipTo(src, ">", lt + 2);
    } else {
      sink.text("<");
      pos = lt + 1;
    }
  }
}

/** Reads a tag whose name starts at `i`; undefined when the input ends inside it. */
function readTag(src: string, i: number): Tag | undefined {
  const n = src.length;
  let j = i;
  while (j < n && !endsTagName(src.charCodeAt(j))) j++;
  const name = asciiLower(src.slice(i, j));
  const attributes: Attribute[] = [];
  for (;;) {
    while (j < n && (isHtmlSpace(src.charCodeAt(j)) || src.charCodeAt(j) === SLASH)) {
      if (src.charCodeAt(j) === SLASH && src.charCodeAt(j + 1) === GT) {
        return { name, attributes, selfClosing: true, end: j + 2 };
      }
      j++;
    }
    if (j >= n) return undefined;
    if (src.charCodeAt(j) === GT) return { name, attributes, selfClosing: false, end: j + 1 };
    const nameStart = j++; // a first "=" belongs to the name, as in a browser
    while (j < n && !endsTagName(src.charCodeAt(j)) && src.charCodeAt(j) !== EQUALS) j++;
    const attributeName = asciiLower(src.slice(nameStart, j));
    while (j < n && isHtmlSpace(src.charCodeAt(j))) j++;
    let value = "";
    if (src.charCodeAt(j) === EQUALS) {
      j++;
      while (j < n && isHtmlSpace(src.charCodeAt(j))) j++;
      if (j >= n) return undefined;
      const quote = src.charAt(j);
      if (quote === '"' || quote === "'") {
        const close = src.indexOf(quote, j + 1);
        if (close < 0) return undefined;
        value = src.slice(j + 1, close);
        j = close + 1;
      } else {
        const valueStart = j;
        while (j < n && !isHtmlSpace(src.charCodeAt(j)) && src.charCodeAt(j) !== GT) j++;
        value = src.slice(valueStart, j);
      }
    }
    attributes.push([attributeName, value]);
  }
}

function endsTagName(c: number): boolean {
  return isHtmlSpace(c) || c === SLASH || c === GT;
}

/** Index past the end tag closing a raw-text element, or the end of the input. */
function skipRawText(src: string, lower: string, from: number, name: string): number {
  const needle = "</" + name;
  for (let at = lower.indexOf(needle, from); at >= 0; at = lower.indexOf(needle, at + 1)) {
    if (endsTagName(src.charCodeAt(at + needle.length))) return readTag(src, at + 2)?.end ?? src.length;
  }
  return src.length;
}

/** Index past a comment whose text starts at `from` (`-->`, `--!>`, or `<!-->` and `<!--->`). */
function skipComment(src: string, from: number): number {
  if (src.startsWith(">", from)) return from + 1;
  if (src.startsWith("->", from)) return from + 2;
  for (let at = src.indexOf("--", from); at >= 0; at = src.indexOf("--", at + 1)) {
    if (src.charCodeAt(at + 2) === GT) return at + 3;
    if (src.startsWith("!>", at + 2)) return at + 4;
  }
  return src.length;
}

function skipTo(src: string, end: string, from: number): number {
  const at = src.indexOf(end, from);
  return at < 0 ? src.length : at + end.length;
}

// ---------------------------------------------------------------------------------------------
// HTML: tree builder and writer

interface ElementNode {
  readonly name: string;
  /** Serialized attributes, each with its leading space. */
  readonly attributes: string;
  /** A paragraph opened by the sanitizer around top-level inline content. */
  readonly implicit: boolean;
  /** Escaped text, or elements. */
  readonly children: Array<ElementNode | string>;
}

function element(name: string, attributes = "", implicit = false): ElementNode {
  return { name, attributes, implicit, children: [] };
}

/**
 * Builds a well-formed tree from the tokens, a simplified HTML tree construction:
 * - blocks close an open paragraph and any open inline elements (which are not reopened);
 *   `li` closes a sibling `li`, `dt`/`dd` a sibling `dt`/`dd`, `a` an enclosing `a`;
 * - end tags close the element they name if it is open where it may be closed (an inline end
 *   tag never closes a block, `</li>` never leaves its list); stray end tags are ignored;
 * - top-level text and inline elements go into a paragraph opened for them, and a blank line in
 *   the text directly inside such a paragraph starts a new one (the comment's author meant a
 *   paragraph there; in HTML the blank line would have vanished);
 * - whatever is open at the end is closed.
 */
function sanitizeHtml(src: string): string {
  const root = element("");
  const stack: ElementNode[] = [root];
  let removed: { name: string; depth: number } | undefined;
  let stripPreNewline = false;

  const current = (): ElementNode => stack[stack.length - 1] ?? root;
  const nameAt = (i: number): string => stack[i]?.name ?? "";
  const push = (node: ElementNode): boolean => {
    if (stack.length > MAX_OPEN_ELEMENTS) return false;
    current().children.push(node);
    stack.push(node);
    return true;
  };
  const closeInlineAndParagraph = (): void => {
    while (stack.length > 1 && (INLINE.has(current().name) || PHRASING_BLOCKS.has(current().name))) stack.pop();
  };
  const ensureParagraph = (): void => {
    if (stack.length === 1) push(element("p", "", true));
  };

  tokenize(src, {
    text(raw) {
      if (removed !== undefined) return;
      let from = 0;
      if (stripPreNewline) {
        // A browser drops the newline right after <pre>; the writer puts one back when needed.
        stripPreNewline = false;
        if (raw.charCodeAt(0) === LF) from = 1;
      }
      while (from < raw.length) {
        const node = current();
        if (node === root) {
          let j = from;
          while (j < raw.length && isHtmlSpace(raw.charCodeAt(j))) j++;
          if (j > from) {
            root.children.push(raw.slice(from, j));
            from = j;
          } else {
            ensureParagraph();
          }
        } else if (node.implicit) {
          const blank = findBlankLine(raw, from);
          if (blank < 0) {
            node.children.push(escapeText(raw.slice(from)));
            return;
          }
          const before = trimEndSpaces(raw.slice(from, blank));
          if (before !== "") node.children.push(escapeText(before));
          stack.pop();
          from = blank;
        } else {
          node.children.push(escapeText(raw.slice(from)));
          return;
        }
      }
    },

    startTag(name, attributes, selfClosing) {
      stripPreNewline = false;
      if (removed !== undefined) {
        if (name === removed.name && !selfClosing) removed.depth++;
        return;
      }
      if (CONTAINERS_REMOVED.has(name)) {
        // Only foreign elements honour "/>"; for the others it means nothing, as in a browser.
        if (!(selfClosing && (name === "svg" || name === "math"))) removed = { name, depth: 1 };
      } else if (BLOCK_BOUNDARIES.has(name)) {
        closeInlineAndParagraph();
      } else if (INLINE.has(name)) {
        if (name === "a") {
          for (let i = stack.length - 1; i >= 1 && INLINE.has(nameAt(i)); i--) {
            if (nameAt(i) === "a") stack.length = i; // links do not nest
          }
        }
        ensureParagraph();
        if (name === "br") current().children.push(element("br"));
        else push(element(name, inlineAttributes(name, attributes)));
      } else if (PHRASING_BLOCKS.has(name) || FLOW_BLOCKS.has(name) || LIST_BLOCKS.has(name) || name === "hr") {
        closeInlineAndParagraph();
        const open = current().name;
        if ((name === "li" && open === "li") || ((name === "dt" || name === "dd") && (open === "dt" || open === "dd"))) {
          stack.pop();
        }
        if (name === "hr") current().children.push(element("hr"));
        else if (push(element(name, name === "blockquote" ? urlAttribute(attributes, "cite") : "")) && name === "pre") {
          stripPreNewline = true;
        }
      }
      // Any other element is unwrapped: its tags vanish, its content arrives as usual.
    },

    endTag(name) {
      stripPreNewline = false;
      if (removed !== undefined) {
        if (name === removed.name && --removed.depth === 0) removed = undefined;
        return;
      }
      if (BLOCK_BOUNDARIES.has(name)) {
        closeInlineAndParagraph();
      } else if (INLINE.has(name)) {
        for (let i = stack.length - 1; i >= 1 && INLINE.has(nameAt(i)); i--) {
          if (nameAt(i) === name) {
            stack.length = i;
            return;
          }
        }
      } else if (PHRASING_BLOCKS.has(name)) {
        let i = stack.length - 1;
        while (i >= 1 && INLINE.has(nameAt(i))) i--;
        const open = nameAt(i);
        if (i >= 1 && (open === name || (isHeading(open) && isHeading(name)))) stack.length = i;
      } else if (FLOW_BLOCKS.has(name) || LIST_BLOCKS.has(name)) {
        const boundary = name === "li" ? ["ul", "ol"] : name === "dt" || name === "dd" ? ["dl"] : [];
        for (let i = stack.length - 1; i >= 1; i--) {
          if (nameAt(i) === name) {
            stack.length = i;
            return;
          }
          if (boundary.includes(nameAt(i))) return;
        }
      }
    },
  });

  return trimSpaces(writeChildren(root));
}

function isHeading(name: string): boolean {
  return name.length === 2 && name.charCodeAt(0) === 0x68 /* h */ && name >= "h3" && name <= "h6";
}

/**
 * Writes a node's children. Empty inline elements and paragraphs opened by the sanitizer that
 * hold nothing visible are left out, so removing something never leaves `<b></b>` behind.
 */
function writeChildren(node: ElementNode): string {
  let out = "";
  for (const child of node.children) out += typeof child === "string" ? child : writeElement(child);
  return out;
}

function writeElement(node: ElementNode): string {
  if (VOID_ELEMENTS.has(node.name)) return `<${node.name}>`;
  const inner = writeChildren(node);
  if (inner === "" && INLINE.has(node.name)) return "";
  if (node.implicit && trimSpaces(inner) === "") return "";
  // A browser drops a newline right after <pre>: doubling it keeps a leading one.
  const lead = node.name === "pre" && inner.charCodeAt(0) === LF ? "\n" : "";
  return `<${node.name}${node.attributes}>${lead}${inner}</${node.name}>`;
}

/** Attributes kept on inline elements, in a fixed order; every link gets rel="nofollow ugc". */
function inlineAttributes(name: string, attributes: readonly Attribute[]): string {
  switch (name) {
    case "a":
      return urlAttribute(attributes, "href") + textAttribute(attributes, "title") + REL;
    case "abbr":
      return textAttribute(attributes, "title");
    case "q":
      return urlAttribute(attributes, "cite");
    default:
      return "";
  }
}

/** The first attribute of that name, as a browser keeps the first of duplicates. */
function attributeValue(attributes: readonly Attribute[], name: string): string | undefined {
  for (const [n, v] of attributes) if (n === name) return decodeCharRefs(v);
  return undefined;
}

function textAttribute(attributes: readonly Attribute[], name: string): string {
  const value = attributeValue(attributes, name);
  return value === undefined ? "" : ` ${name}="${escapeAll(value)}"`;
}

function urlAttribute(attributes: readonly Attribute[], name: string): string {
  const value = attributeValue(attributes, name);
  const url = value === undefined ? undefined : safeUrl(value);
  return url === undefined ? "" : ` ${name}="${escapeAll(url)}"`;
}

/**
 * The URL a browser would follow, if it is http, https, mailto or relative; undefined otherwise.
 * Takes the entity-decoded value and cleans it as the WHATWG URL parser does (C0 controls and
 * spaces trimmed at both ends, tabs and newlines removed anywhere), so `java&#x09;script:` and
 * ` JaVaScRiPt:` are judged as the browser would read them. Any other colon before the first
 * `/`, `?` or `#` means an unknown scheme (or a malformed one) and is refused.
 */
function safeUrl(decoded: string): string | undefined {
  const s = trimControlsAndSpaces(decoded.replace(/[\t\n\r]/g, ""));
  const colon = s.indexOf(":");
  if (colon < 0) return s;
  for (let i = 0; i < colon; i++) {
    const c = s.charCodeAt(i);
    if (c === SLASH || c === 0x3f /* ? */ || c === 0x23 /* # */) return s; // relative, colon in path
  }
  const scheme = asciiLower(s.slice(0, colon));
  return scheme === "http" || scheme === "https" || scheme === "mailto" ? s : undefined;
}

function trimControlsAndSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

// ---------------------------------------------------------------------------------------------
// Escaping and character references

/** Escapes all five HTML-special characters; for plain text and attribute values. */
function escapeAll(s: string): string {
  return s.replace(/[&<>"']/g, escapeChar);
}

function escapeChar(c: string): string {
  switch (c) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case '"':
      return "&quot;";
    default:
      return "&#39;";
  }
}

/**
 * Escapes HTML text but keeps the character references a moderator wrote (`&amp;`, `&eacute;`,
 * `&#39;`): a reference stays when it is complete (with its `;`) and names a character;
 * any other `&` is escaped. References to C1 controls become the characters a browser shows
 * for them (Windows-1252: `&#150;` is `&#8211;`).
 */
function escapeText(raw: string): string {
  let out = "";
  let done = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x26 && c !== 0x3c && c !== GT && c !== 0x22 && c !== 0x27) continue;
    out += raw.slice(done, i);
    done = i + 1;
    if (c !== 0x26) {
      out += escapeChar(raw.charAt(i));
      continue;
    }
    const ref = readCharRef(raw, i, true);
    if (ref === undefined || ref.codePoint === undefined) {
      out += "&amp;";
    } else {
      out += ref.remapped ? `&#${ref.codePoint};` : raw.slice(i, ref.end);
      i = ref.end - 1;
      done = ref.end;
    }
  }
  return out + raw.slice(done);
}

/** Decodes the character references of an attribute value, as a browser does before use. */
function decodeCharRefs(s: string): string {
  if (!s.includes("&")) return s;
  let out = "";
  let done = 0;
  for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", i + 1)) {
    const ref = readCharRef(s, i, false);
    if (ref === undefined) continue;
    out += s.slice(done, i) + String.fromCodePoint(ref.codePoint ?? 0xfffd);
    done = ref.end;
    i = ref.end - 1;
  }
  return out + s.slice(done);
}

interface CharRef {
  /** Undefined for a numeric reference to no usable character (NUL, surrogate, control…). */
  readonly codePoint: number | undefined;
  /** True when a C1 reference was replaced by its Windows-1252 character. */
  readonly remapped: boolean;
  readonly end: number;
}

/**
 * Reads a character reference at `s[i] === "&"`. Named references need their `;` and a known
 * name; numeric ones need it only when `requireSemicolon` (browsers accept `&#106` without it,
 * which is why attribute values are decoded that way).
 */
function readCharRef(s: string, i: number, requireSemicolon: boolean): CharRef | undefined {
  if (s.charCodeAt(i + 1) !== 0x23 /* # */) {
    let j = i + 1;
    while (j - i <= 32 && isAsciiAlphanumeric(s.charCodeAt(j))) j++;
    if (j === i + 1 || s.charCodeAt(j) !== 0x3b /* ; */) return undefined;
    const codePoint = NAMED_REFERENCES.get(s.slice(i + 1, j));
    return codePoint === undefined ? undefined : { codePoint, remapped: false, end: j + 1 };
  }
  let j = i + 2;
  const hex = s.charCodeAt(j) === 0x78 || s.charCodeAt(j) === 0x58; // x X
  if (hex) j++;
  const digitsStart = j;
  let value = 0;
  for (;;) {
    const d = digitValue(s.charCodeAt(j), hex);
    if (d < 0) break;
    value = Math.min(value * (hex ? 16 : 10) + d, 0x110000);
    j++;
  }
  if (j === digitsStart) return undefined;
  if (s.charCodeAt(j) === 0x3b) j++;
  else if (requireSemicolon) return undefined;
  const remappedTo = value >= 0x80 && value <= 0x9f ? WINDOWS_1252[value - 0x80] : undefined;
  if (remappedTo !== undefined && remappedTo !== 0) return { codePoint: remappedTo, remapped: true, end: j };
  return { codePoint: isUsableCodePoint(value) ? value : undefined, remapped: false, end: j };
}

function digitValue(c: number, hex: boolean): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (!hex) return -1;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** A character that may appear in HTML and XML text: no NUL, controls, surrogates or non-characters. */
function isUsableCodePoint(v: number): boolean {
  if (v === 0x09 || v === 0x0a || v === 0x0d) return true;
  if (v < 0x20 || (v >= 0x7f && v <= 0x9f) || v > 0x10ffff) return false;
  if (v >= 0xd800 && v <= 0xdfff) return false;
  if (v >= 0xfdd0 && v <= 0xfdef) return false;
  return (v & 0xfffe) !== 0xfffe;
}

/** What browsers show for references to 0x80–0x9F; 0 where they keep the control. */
const WINDOWS_1252 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Named references known to the sanitizer: all of HTML 4 plus the HTML5 names that spell
 * punctuation (those are what URL obfuscations use: `&colon;`, `&Tab;`, `&lpar;`). An unknown
 * name is shown literally (its `&` escaped), which is also what a browser does with a name it
 * does not know.
 */
const NAMED_REFERENCES: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  const run = (first: number, names: string): void => {
    names.split(" ").forEach((name, k) => map.set(name, first + k));
  };
  run(
    160,
    "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 " +
      "acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml " +
      "Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde " +
      "Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig " +
      "ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide " +
      "oslash ugrave uacute ucirc uuml yacute thorn yuml",
  );
  run(913, "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho");
  run(931, "Sigma Tau Upsilon Phi Chi Psi Omega");
  run(945, "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma");
  run(964, "tau upsilon phi chi psi omega");
  run(8592, "larr uarr rarr darr harr");
  run(8656, "lArr uArr rArr dArr hArr");
  run(8968, "lceil rceil lfloor rfloor");
  const pairs =
    "quot:34 amp:38 lt:60 gt:62 apos:39 QUOT:34 AMP:38 LT:60 GT:62 COPY:169 REG:174 " +
    "OElig:338 oelig:339 Scaron:352 scaron:353 Yuml:376 fnof:402 circ:710 tilde:732 thetasym:977 upsih:978 piv:982 " +
    "ensp:8194 emsp:8195 thinsp:8201 zwnj:8204 zwj:8205 lrm:8206 rlm:8207 hyphen:8208 dash:8208 ndash:8211 " +
    "mdash:8212 lsquo:8216 rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 dagger:8224 Dagger:8225 " +
    "bull:8226 hellip:8230 permil:8240 prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 oline:8254 frasl:8260 " +
    "euro:8364 image:8465 weierp:8472 real:8476 trade:8482 alefsym:8501 crarr:8629 forall:8704 part:8706 " +
    "exist:8707 empty:8709 nabla:8711 isin:8712 notin:8713 ni:8715 prod:8719 sum:8721 minus:8722 lowast:8727 " +
    "radic:8730 prop:8733 infin:8734 ang:8736 and:8743 or:8744 cap:8745 cup:8746 int:8747 there4:8756 sim:8764 " +
    "cong:8773 asymp:8776 ne:8800 equiv:8801 le:8804 ge:8805 sub:8834 sup:8835 nsub:8836 sube:8838 supe:8839 " +
    "oplus:8853 otimes:8855 perp:8869 sdot:8901 lang:10216 rang:10217 loz:9674 spades:9824 clubs:9827 " +
    "hearts:9829 diams:9830 " +
    "Tab:9 NewLine:10 excl:33 num:35 dollar:36 percnt:37 lpar:40 rpar:41 ast:42 plus:43 comma:44 period:46 " +
    "sol:47 colon:58 semi:59 equals:61 quest:63 commat:64 lsqb:91 lbrack:91 bsol:92 rsqb:93 rbrack:93 Hat:94 " +
    "lowbar:95 grave:96 lcub:123 lbrace:123 verbar:124 vert:124 VerticalLine:124 rcub:125 rbrace:125";
  for (const pair of pairs.split(" ")) {
    const [name = "", code = ""] = pair.split(":");
    map.set(name, Number(code));
  }
  return map;
})();

// ---------------------------------------------------------------------------------------------
// Small helpers (ASCII only: String.prototype.toLowerCase changes lengths for some letters)

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAsciiAlphanumeric(c: number): boolean {
  return isAsciiAlpha(c) || (c >= 0x30 && c <= 0x39);
}

/** HTML's ASCII whitespace: tab, LF, FF, CR, space. */
function isHtmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === LF || c === 0x0c || c === 0x0d;
}

/** Index of the LF that starts a blank line (LF, spaces or tabs, LF) at or after `from`, or -1. */
function findBlankLine(s: string, from: number): number {
  for (let at = s.indexOf("\n", from); at >= 0; ) {
    let j = at + 1;
    while (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09) j++;
    if (s.charCodeAt(j) === LF) return at;
    at = s.indexOf("\n", j);
  }
  return -1;
}

function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isHtmlSpace(s.charCodeAt(start))) start++;
  while (end > start && isHtmlSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function trimEndSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && isHtmlSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}
