/**
 * Jekyll's Liquid in post bodies: `{% raw %}` becomes literal text,
 * `{% highlight %}` a code block, `{% link %}` and `{% post_url %}` the URL of
 * the imported post. Every other tag and every `{{ output }}` stays in the
 * text as written and is reported with its place, so nothing disappears.
 */

import type { Diagnostic } from "../diagnostics.js";
import { BodyPlaces, fencedCode, htmlCode, quoted } from "./markdown-out.js";
import type { PostLinker } from "./source-site.js";

export interface LiquidInput {
  body: string;
  file: string;
  bodyLine: number;
  /** The markup the tags sit in: code blocks are written in it. */
  format: "markdown" | "html";
  linkTo: PostLinker;
}

interface Tag {
  start: number;
  end: number;
  name: string;
  args: string;
}

/** The tag at `start` (which holds `{%`), or undefined when it is never closed. */
function readTag(body: string, start: number): Tag | undefined {
  const close = body.indexOf("%}", start + 2);
  if (close === -1) return undefined;
  const inner = body.slice(start + 2, close).replace(/^-/, "").replace(/-$/, "").trim();
  const m = /^(\S*)\s*([\s\S]*)$/.exec(inner)!;
  return { start, end: close + 2, name: m[1]!, args: m[2]!.trim() };
}

const tagPatterns = new Map<string, RegExp>();

/** The next `{% NAME %}` at or after `from` (NAME: one of the converter's own tag names). */
function findTag(body: string, from: number, name: string): Tag | undefined {
  let pattern = tagPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\{%-?\\s*${name}\\s*-?%\\}`, "g");
    tagPatterns.set(name, pattern);
  }
  pattern.lastIndex = from;
  const m = pattern.exec(body);
  return m ? { start: m.index, end: m.index + m[0].length, name, args: "" } : undefined;
}

export function convertLiquid(input: LiquidInput): { text: string; diagnostics: Diagnostic[] } {
  const { body } = input;
  const places = new BodyPlaces(body, input.file, input.bodyLine);
  const diagnostics: Diagnostic[] = [];
  const report = (offset: number, message: string): void => void diagnostics.push(places.at(offset, "warning", "import/liquid", message));
  let out = "";
  let pos = 0;
  const opening = /\{[%{]/g;
  while (pos < body.length) {
    opening.lastIndex = pos;
    const m = opening.exec(body);
    if (!m) break;
    const start = m.index;
    out += body.slice(pos, start);
    if (body[start + 1] === "{") {
      const close = body.indexOf("}}", start + 2);
      const end = close === -1 ? body.length : close + 2;
      report(start, `Liquid output \`${quoted(body.slice(start, end))}\` is not converted; it is kept as text`);
      out += body.slice(start, end);
      pos = end;
      continue;
    }
    const tag = readTag(body, start);
    if (!tag) {
      report(start, "Liquid tag `{%` is never closed with `%}`; the rest is kept as text");
      out += body.slice(start);
      pos = body.length;
      break;
    }
    const source = body.slice(tag.start, tag.end);
    switch (tag.name) {
      case "raw": {
        const end = findTag(body, tag.end, "endraw");
        if (!end) {
          report(start, "`{% raw %}` without `{% endraw %}`: the rest is kept as literal text");
          out += body.slice(tag.end);
          pos = body.length;
        } else {
          out += body.slice(tag.end, end.start);
          pos = end.end;
        }
        break;
      }
      case "highlight": {
        const end = findTag(body, tag.end, "endhighlight");
        if (!end) {
          report(start, "`{% highlight %}` without `{% endhighlight %}`: kept as text");
          out += source;
          pos = tag.end;
          break;
        }
        const language = /^[A-Za-z0-9_+#.-]*/.exec(tag.args)![0];
        const code = body.slice(tag.end, end.start);
        if (input.format === "html") out += htmlCode(language, code);
        else {
          // A fence must start a line; the tag may have been written after some text.
          const atLineStart = out === "" || out.endsWith("\n");
          out += (atLineStart ? "" : "\n") + fencedCode(language, code);
          if (body[end.end] !== undefined && body[end.end] !== "\n" && body[end.end] !== "\r") out += "\n";
        }
        pos = end.end;
        break;
      }
      case "link":
      case "post_url": {
        const ref = tag.args.replace(/^["']|["']$/g, "");
        const url = ref === "" ? undefined : input.linkTo(ref);
        if (url === undefined) {
          report(start, `\`${quoted(source)}\` names no imported post; kept as text`);
          out += source;
        } else {
          out += url;
        }
        pos = tag.end;
        break;
      }
      default:
        report(start, `Liquid tag \`${quoted(source)}\` is not converted; it is kept as text`);
        out += source;
        pos = tag.end;
    }
  }
  out += body.slice(pos);
  return { text: out, diagnostics };
}
