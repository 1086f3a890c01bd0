/**
 * Front matter of Jekyll and Hugo files: YAML between `---` lines, or (Hugo)
 * TOML between `+++` lines, read into plain values. Problems carry their line
 * and column in the source file; a file whose front matter cannot be read is
 * not `ok` and is not imported.
 */

import { isMap, LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { readSimpleYaml } from "./simple-yaml.js";
import { parseTomlSubset } from "./toml-subset.js";

export interface SourceFrontMatter {
  data: Record<string, unknown>;
  /** The text after the front matter. */
  body: string;
  /** The 1-based line of the file where `body` starts. */
  bodyLine: number;
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** The line of the file where the front matter sets `key` (YAML `key:` or TOML `key =`), or 1. */
export function lineOfKey(source: string, key: string): number {
  const m = new RegExp(`^[ \\t]*["']?${key}["']?[ \\t]*[:=]`, "m").exec(source.slice(0, 65536));
  return m ? source.slice(0, m.index).split("\n").length : 1;
}

function problem(line: number, column: number, code: string, message: string, severity: Diagnostic["severity"] = "error"): Diagnostic {
  return { line, column, severity, code, message };
}

/** The block between an opening `fence` line and the next line that is `fence` (or `...` for YAML). */
function fenced(text: string, fence: "---" | "+++"): { inner: string; rest: string; lines: number } | undefined {
  const open = new RegExp(`^${fence === "---" ? "---" : "\\+\\+\\+"}[ \\t]*\\r?\\n`).exec(text);
  if (!open) return undefined;
  const close = fence === "---" ? /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm : /^\+\+\+[ \t]*(?:\r?\n|$)/gm;
  close.lastIndex = open[0].length;
  const m = close.exec(text);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) lines++;
  return { inner: text.slice(open[0].length, m.index), rest: text.slice(end), lines };
}

export function readSourceFrontMatter(source: string): SourceFrontMatter {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (/^(?:---|\+\+\+)[ \t]*\r?\n/.test(text)) {
    const fence = text.startsWith("+++") ? "+++" : "---";
    const block = fenced(text, fence);
    if (!block) {
      return { data: {}, body: text, bodyLine: 1, diagnostics: [problem(1, 1, "import/front-matter-unclosed", `front matter: no closing \`${fence}\` line`)], ok: false };
    }
    const read = fence === "---" ? readYaml(block.inner) : readToml(block.inner);
    return { ...read, body: block.rest, bodyLine: block.lines + 1 };
  }
  if (/^\{\s*\r?\n/.test(text)) {
    return { data: {}, body: text, bodyLine: 1, diagnostics: [problem(1, 1, "import/front-matter-json", "front matter: JSON front matter is not supported (use YAML or TOML)")], ok: false };
  }
  return { data: {}, body: text, bodyLine: 1, diagnostics: [], ok: true };
}

/** YAML's line 1 is the file's line 2 (after the opening fence). */
function readYaml(yaml: string): Omit<SourceFrontMatter, "body" | "bodyLine"> {
  const simple = readSimpleYaml(yaml);
  if (simple !== undefined) return { data: simple, diagnostics: [], ok: true };
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + 1, column: pos.col };
  };
  const diagnostics = doc.errors.map((e) => {
    const { line, column } = at(e.pos[0]);
    return problem(line, column, "import/front-matter-syntax", `front matter: ${e.message.split("\n")[0]!.split(" at line ")[0]}`);
  });
  if (diagnostics.length > 0) return { data: {}, diagnostics, ok: false };
  if (doc.contents === null) return { data: {}, diagnostics, ok: true };
  if (!isMap(doc.contents)) {
    return { data: {}, diagnostics: [problem(2, 1, "import/front-matter-not-a-map", "front matter must be a map of keys to values")], ok: false };
  }
  try {
    // toJS bounds alias expansion (maxAliasCount), so a "billion laughs" document fails here.
    const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
    return { data, diagnostics, ok: true };
  } catch (e) {
    return { data: {}, diagnostics: [problem(2, 1, "import/front-matter-syntax", `front matter: ${(e as Error).message}`)], ok: false };
  }
}

function readToml(toml: string): Omit<SourceFrontMatter, "body" | "bodyLine"> {
  const { table, problems } = parseTomlSubset(toml);
  const diagnostics = problems.map((p) =>
    problem(p.line + 1, p.column, "import/front-matter-toml", `front matter: ${p.message}${p.unsupported ? "; the key is skipped" : ""}`, p.unsupported ? "warning" : "error"),
  );
  return { data: table, diagnostics, ok: problems.every((p) => p.unsupported) };
}
