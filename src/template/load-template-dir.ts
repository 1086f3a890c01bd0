/**
 * Loads the template set of one format from disk: every `<dir>/<format>/*.tmpl`
 * becomes template `<name>`. The only module of the engine that does I/O;
 * it reports unreadable directories and files as diagnostics, never throws.
 */

import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readErrorText, readTextFile } from "../content/read-regular-file.js";
import type { Diagnostic } from "../diagnostics.js";
import { compileTemplateSet, type CompileTemplateSetResult, type TemplateSource } from "./template-set.js";

/** The output formats blahgd has template directories for. */
export const TEMPLATE_FORMATS = ["html", "atom", "rss2"] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

const TEMPLATE_EXTENSION = ".tmpl";

export interface LoadTemplateDirResult extends CompileTemplateSetResult {
  /** The files read, in name order: what a watcher should watch. */
  readonly files: string[];
}

/** Reads and compiles `<dir>/<format>/*.tmpl`. */
export async function loadTemplateDir(dir: string, format: string): Promise<LoadTemplateDirResult> {
  const formatDir = join(dir, format);
  const diagnostics: Diagnostic[] = [];
  let names: string[];
  try {
    const entries = await readdir(formatDir, { withFileTypes: true });
    names = entries
      // Not only regular files: a FIFO or socket named *.tmpl gets a diagnostic below.
      .filter((e) => e.name.endsWith(TEMPLATE_EXTENSION) && !e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (e) {
    diagnostics.push(ioDiagnostic(formatDir, "template/missing-dir", `cannot read template directory: ${errorText(e)}`));
    names = [];
  }

  const sources: TemplateSource[] = [];
  const files: string[] = [];
  await Promise.all(
    names.map(async (fileName, i) => {
      const path = join(formatDir, fileName);
      try {
        const source = readTextFile(path, diagnostics);
        sources[i] = { name: fileName.slice(0, -TEMPLATE_EXTENSION.length), source, path };
      } catch (e) {
        diagnostics.push(ioDiagnostic(path, "template/read-failed", `cannot read template: ${readErrorText(e)}`));
      }
    }),
  );
  const loaded = sources.filter((s) => s !== undefined);
  for (const s of loaded) files.push(s.path!);

  const compiled = compileTemplateSet(loaded, { format });
  return { set: compiled.set, diagnostics: [...diagnostics, ...compiled.diagnostics], files };
}

function ioDiagnostic(file: string, code: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity: "error", code, message };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
