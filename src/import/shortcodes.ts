/**
 * Hugo shortcodes in post bodies: `highlight` becomes a fenced code block,
 * `figure` an image (with its caption and link), `ref` and `relref` the URL
 * of the imported post; a commented-out shortcode (Hugo's way of writing one
 * as text) becomes that text. Any other
 * shortcode stays in the text as written and is reported with its place.
 */

import type { Diagnostic } from "../diagnostics.js";
import { BodyPlaces, fencedCode, linkDestination, linkText, linkTitle, quoted } from "./markdown-out.js";
import type { PostLinker } from "./source-site.js";

export interface ShortcodeInput {
  body: string;
  file: string;
  bodyLine: number;
  linkTo: PostLinker;
  /** Maps a URL written in the post (a page bundle's `img.png`) to where it is served now. */
  resolveUrl: (url: string) => string;
}

interface Shortcode {
  start: number;
  end: number;
  /** `<` or `%`. */
  delimiter: string;
  closing: boolean;
  name: string;
  positional: string[];
  named: Map<string, string>;
}

const OPEN = /\{\{([<%])/g;

/** Splits shortcode arguments: `"quoted"`, `` `raw` ``, `key="value"` or bare words. */
function parseArguments(text: string): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  const arg = /\s*(?:([A-Za-z_][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+))/gy;
  for (let m = arg.exec(text); m; m = arg.exec(text)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? m[4] ?? "");
    if (m[1] !== undefined) named.set(m[1], value);
    else positional.push(value);
  }
  return { positional, named };
}

function readShortcode(body: string, start: number, delimiter: string): Shortcode | undefined {
  const closeMark = `${delimiter}}}`;
  const close = body.indexOf(closeMark, start + 3);
  if (close === -1) return undefined;
  let inner = body.slice(start + 3, close).trim();
  const closing = inner.startsWith("/");
  if (closing) inner = inner.slice(1).trim();
  inner = inner.replace(/\/$/, "").trim();
  const name = /^\S*/.exec(inner)![0];
  const { positional, named } = parseArguments(inner.slice(name.length));
  return { start, end: close + closeMark.length, delimiter, closing, name, positional, named };
}

// A shortcode commented out (between `/*` and `*/` inside the delimiters) is how Hugo writes one as text.
const ESCAPED: Readonly<Record<string, RegExp>> = {
  "<": new RegExp("^\\{\\{</\\*([\\s\\S]*?)\\*/>\\}\\}"),
  "%": new RegExp("^\\{\\{%/\\*([\\s\\S]*?)\\*/%\\}\\}"),
};

const closings = new Map<string, RegExp>();

/** The closing `{{< /name >}}` (either delimiter) after `from`. */
function findClosing(body: string, from: number, name: string): { start: number; end: number } | undefined {
  let pattern = closings.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\{\\{[<%]\\s*/\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*[>%]\\}\\}`, "g");
    closings.set(name, pattern);
  }
  pattern.lastIndex = from;
  const m = pattern.exec(body);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function figure(code: Shortcode, resolveUrl: (url: string) => string): string {
  const src = code.named.get("src") ?? code.positional[0] ?? "";
  const alt = code.named.get("alt") ?? code.named.get("caption") ?? code.named.get("title") ?? "";
  const title = code.named.get("title");
  let image = `![${linkText(alt)}](${linkDestination(resolveUrl(src))}${title !== undefined ? ` ${linkTitle(title)}` : ""})`;
  const link = code.named.get("link");
  if (link !== undefined) image = `[${image}](${linkDestination(resolveUrl(link))})`;
  const caption = code.named.get("caption");
  return caption !== undefined && caption !== alt ? `${image}\n*${linkText(caption)}*` : image;
}

export function convertShortcodes(input: ShortcodeInput): { text: string; diagnostics: Diagnostic[] } {
  const { body } = input;
  const places = new BodyPlaces(body, input.file, input.bodyLine);
  const diagnostics: Diagnostic[] = [];
  const report = (offset: number, message: string): void => void diagnostics.push(places.at(offset, "warning", "import/shortcode", message));
  let out = "";
  let pos = 0;
  while (pos < body.length) {
    OPEN.lastIndex = pos;
    const m = OPEN.exec(body);
    if (!m) break;
    const start = m.index;
    const delimiter = m[1]!;
    out += body.slice(pos, start);
    // `{{</* figure */>}}` is how Hugo writes a shortcode as text.
    const escaped = ESCAPED[delimiter]!.exec(body.slice(start, start + 4096));
    if (escaped) {
      out += `{{${delimiter}${escaped[1]}${delimiter === "<" ? ">" : "%"}}}`;
      pos = start + escaped[0].length;
      continue;
    }
    const code = readShortcode(body, start, delimiter === "<" ? ">" : "%");
    if (!code) {
      report(start, "shortcode `{{` is never closed; the rest is kept as text");
      out += body.slice(start);
      pos = body.length;
      break;
    }
    const source = body.slice(code.start, code.end);
    if (code.closing) {
      // The end of a shortcode reported at its start.
      out += source;
      pos = code.end;
      continue;
    }
    switch (code.name) {
      case "highlight": {
        const end = findClosing(body, code.end, "highlight");
        if (!end) {
          report(start, "`highlight` shortcode without `{{< /highlight >}}`: kept as text");
          out += source;
          pos = code.end;
          break;
        }
        const language = /^[A-Za-z0-9_+#.-]*/.exec(code.positional[0] ?? "")![0];
        const atLineStart = out === "" || out.endsWith("\n");
        out += (atLineStart ? "" : "\n") + fencedCode(language, body.slice(code.end, end.start));
        if (body[end.end] !== undefined && body[end.end] !== "\n" && body[end.end] !== "\r") out += "\n";
        pos = end.end;
        break;
      }
      case "figure":
        out += figure(code, input.resolveUrl);
        pos = code.end;
        break;
      case "ref":
      case "relref": {
        const target = code.named.get("path") ?? code.positional[0] ?? "";
        const hash = target.indexOf("#");
        const path = hash === -1 ? target : target.slice(0, hash);
        const fragment = hash === -1 ? "" : target.slice(hash);
        const url = path === "" ? (fragment !== "" ? "" : undefined) : input.linkTo(path);
        if (url === undefined) {
          report(start, `\`${quoted(source)}\` names no imported post; kept as text`);
          out += source;
        } else {
          out += url + fragment;
        }
        pos = code.end;
        break;
      }
      default:
        report(start, `shortcode \`${quoted(source)}\` is not converted; it is kept as text`);
        out += source;
        pos = code.end;
    }
  }
  out += body.slice(pos);
  return { text: out, diagnostics };
}
