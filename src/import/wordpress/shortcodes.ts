/**
 * WordPress shortcodes turned into the HTML WordPress showed for them, once,
 * at import: `[caption]` a figure with its caption, `[code]` and
 * `[sourcecode]` highlighted code blocks, `[embed]`, `[video]`, `[audio]`
 * and bare video URLs on a line of their own links, `[gallery]` a list of
 * the attachment images. Any other shortcode is reported (the post id and
 * its name) and left visible as written; `[[x]]` is WordPress's escape for
 * a literal `[x]`. Values from the export are escaped wherever they land.
 */

import { highlightCode } from "../../markup/highlight/highlight-code.js";
import { decodeEntities } from "../../markup/html/plain-text.js";
import { escapeHtml } from "../../text/escape.js";

export interface Attachment {
  id: number;
  url: string;
  title: string;
  /** The post it was uploaded to, 0 for none. */
  parent: number;
}

export interface ShortcodeContext {
  postId: number;
  /** Attachments by id, for `[gallery ids="..."]` and galleries of a post's own uploads. */
  attachments: ReadonlyMap<number, Attachment>;
  /** Attachments by the post they were uploaded to. */
  attachmentsOf: (postId: number) => readonly Attachment[];
  /** Called once per shortcode left as written (unknown, or known but unusable: an unclosed `[code]`). */
  unconverted: (name: string) => void;
}

type Attributes = Map<string, string>;

/** WordPress's attribute syntax: `a="x" b='y' c=z` and bare positional values. */
export function parseAttributes(text: string): Attributes {
  const attributes: Attributes = new Map();
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g;
  let position = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const name = m[1] ?? m[3] ?? m[5];
    if (name !== undefined) attributes.set(name.toLowerCase(), decodeEntities(m[2] ?? m[4] ?? m[6] ?? ""));
    else attributes.set(String(position++), m[7] ?? m[8] ?? m[9] ?? "");
  }
  return attributes;
}

/** Shortcodes that need their closing tag, and those that stand alone. */
const ENCLOSING = new Set(["caption", "wp_caption", "code", "sourcecode", "embed"]);
const STANDALONE = new Set(["gallery", "video", "audio"]);

/** Hosts whose URLs WordPress turned into an embedded player when alone on a line. */
const VIDEO_HOSTS = /^(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com|dailymotion\.com|dai\.ly|ted\.com|wordpress\.tv|videopress\.com|twitch\.tv|tiktok\.com|flickr\.com|soundcloud\.com|spotify\.com)$/i;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function link(url: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
}

function caption(attributes: Attributes, content: string): string {
  // The image (maybe inside a link) comes first; the rest of the content is the caption.
  const media = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)/i.exec(content);
  const image = media?.[1] ?? "";
  const text = (media ? content.slice(media[0].length) : content).trim() || attributes.get("caption") || "";
  const align = attributes.get("align") ?? "";
  const alignClass = /^align(?:left|right|center|none)$/.test(align) ? ` ${align}` : "";
  const id = attributes.get("id");
  const idAttribute = id && /^[\w-]+$/.test(id) ? ` id="${id}"` : "";
  const width = Number(attributes.get("width"));
  const style = Number.isInteger(width) && width > 0 && width < 10000 ? ` style="max-width: ${width}px"` : "";
  return `<figure${idAttribute} class="wp-caption${alignClass}"${style}>${image}<figcaption>${text}</figcaption></figure>`;
}

function codeBlock(attributes: Attributes, content: string): string {
  // Code is stored raw; an editor that escaped it leaves entities and no raw `<`.
  let code = content.replace(/^\r?\n/, "").replace(/\r?\n$/, "");
  if (!/[<>]/.test(code) && /&(?:lt|gt|amp|quot|#\d+);/.test(code)) code = decodeEntities(code);
  const language = attributes.get("lang") ?? attributes.get("language") ?? attributes.get("0");
  const { html, language: known } = highlightCode(code, language);
  const cls = known === undefined ? "" : ` class="language-${known}"`;
  return `<pre tabindex="0"><code${cls}>${html}</code></pre>`;
}

function gallery(attributes: Attributes, context: ShortcodeContext): string {
  const ids = attributes.get("ids") ?? attributes.get("include");
  const images = ids
    ? ids.split(",").flatMap((id) => {
        const found = context.attachments.get(Number(id.trim()));
        return found ? [found] : [];
      })
    : context.attachmentsOf(context.postId);
  if (images.length === 0) return "";
  const items = images.map((a) => `<li><a href="${escapeHtml(a.url)}"><img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.title)}" loading="lazy" /></a></li>`);
  return `<ul class="gallery">${items.join("")}</ul>`;
}

function media(attributes: Attributes): string | undefined {
  const src = attributes.get("src") ?? [...attributes.entries()].find(([k, v]) => /^(?:mp4|m4v|webm|ogv|wmv|flv|mp3|ogg|wav|m4a)$/.test(k) && v)?.[1];
  return src && isHttpUrl(src) ? `<p>${link(src)}</p>` : undefined;
}

/** The HTML of one known shortcode, or undefined to leave it as written. */
function convert(name: string, attributes: Attributes, content: string | undefined, context: ShortcodeContext): string | undefined {
  switch (name) {
    case "caption":
    case "wp_caption":
      return caption(attributes, content ?? "");
    case "code":
    case "sourcecode":
      return codeBlock(attributes, content ?? "");
    case "embed": {
      const url = decodeEntities((content ?? "").trim());
      return isHttpUrl(url) ? `<p>${link(url)}</p>` : undefined;
    }
    case "gallery":
      return gallery(attributes, context);
    case "video":
    case "audio":
      return media(attributes);
  }
  return undefined;
}

const OPENING = /\[(\[?)([a-zA-Z][\w-]*)(?=[\s\]/])((?:[^\]"']|"[^"]*"|'[^']*')*?)(\/?)\](\]?)/g;

/** Converts the shortcodes of a post body. */
export function convertShortcodes(body: string, context: ShortcodeContext): string {
  const out: string[] = [];
  const lower = body.toLowerCase();
  let last = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(body); m; m = OPENING.exec(body)) {
    const [whole, escapeOpen = "", rawName = "", attributeText = "", selfClosing, escapeClose = ""] = m;
    const name = rawName.toLowerCase();
    const known = ENCLOSING.has(name) || STANDALONE.has(name);
    if (escapeOpen && escapeClose) {
      // `[[gallery]]` shows `[gallery]`.
      out.push(body.slice(last, m.index), whole.slice(1, -1));
      last = m.index + whole.length;
      continue;
    }
    let end = m.index + whole.length;
    let content: string | undefined;
    if (ENCLOSING.has(name) && !selfClosing) {
      const close = lower.indexOf(`[/${name}]`, end);
      if (close !== -1) {
        content = body.slice(end, close);
        end = close + name.length + 3;
      }
    }
    const html = known && (content !== undefined || STANDALONE.has(name)) ? convert(name, parseAttributes(attributeText), content, context) : undefined;
    if (html === undefined) {
      context.unconverted(name);
      // Left as written; what follows it is still looked at.
      continue;
    }
    out.push(body.slice(last, m.index), html);
    last = end;
    OPENING.lastIndex = end;
  }
  out.push(body.slice(last));
  return linkVideoLines(out.join(""));
}

/** URLs of video sites alone on a line (outside `<pre>`) become links, as WordPress embedded them. */
export function linkVideoLines(body: string): string {
  return body
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/i)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/^([ \t]*)(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (line, indent: string, url: string) => {
            if (!isHttpUrl(url) || !VIDEO_HOSTS.test(new URL(url).hostname)) return line;
            return `${indent}${link(url)}`;
          }),
    )
    .join("");
}
