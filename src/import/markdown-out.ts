/**
 * Small pieces of Markdown (and HTML, for HTML bodies) that the converters
 * write: code blocks, images, link destinations, and places of problems.
 */

import { LineMap, type Diagnostic } from "../diagnostics.js";

/** A fenced code block that no run of backticks inside `code` can close. */
export function fencedCode(language: string, code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  const body = code.replace(/^\r?\n/, "").replace(/\r?\n[ \t]*$/, "");
  return `${fence}${language}\n${body}\n${fence}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** A code block inside HTML. */
export function htmlCode(language: string, code: string): string {
  const body = code.replace(/^\r?\n/, "").replace(/\r?\n[ \t]*$/, "");
  const cls = language === "" ? "" : ` class="language-${escapeHtml(language)}"`;
  return `<pre><code${cls}>${escapeHtml(body)}</code></pre>`;
}

/** Text for inside `[...]` or `![...]`: brackets, backslashes and line ends cannot end it early. */
export function linkText(text: string): string {
  return text.replace(/[\\[\]`*_<>]/g, (c) => `\\${c}`).replace(/\s*\r?\n\s*/g, " ");
}

/** A link destination: in `<...>` when it has spaces or parentheses. */
export function linkDestination(url: string): string {
  if (/^[^\s()<>\\]*$/.test(url)) return url;
  return `<${url.replace(/[<>\\\n]/g, (c) => (c === "\n" ? " " : `\\${c}`))}>`;
}

export function linkTitle(title: string): string {
  return `"${title.replace(/["\\]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ")}"`;
}

/** Where an offset of a body is in its file, for diagnostics. */
export class BodyPlaces {
  private map: LineMap | undefined;
  constructor(
    private readonly body: string,
    private readonly file: string,
    private readonly firstLine: number,
  ) {}

  at(offset: number, severity: Diagnostic["severity"], code: string, message: string): Diagnostic {
    this.map ??= new LineMap(this.body);
    const { line, column } = this.map.position(offset);
    return { file: this.file, line: line + this.firstLine - 1, column, severity, code, message };
  }
}

/** A tag's text for a message: one line, bounded. */
export function quoted(source: string): string {
  const flat = source.replace(/\s+/g, " ");
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
