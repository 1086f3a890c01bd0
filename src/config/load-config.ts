/**
 * Reading the config file from disk: the I/O edge around configFromDatum.
 * Problems come back as diagnostics naming the file; nothing throws.
 */

import { dirname, isAbsolute, join } from "node:path";
import { readRegularFile } from "../content/read-regular-file.js";
import type { Diagnostic } from "../diagnostics.js";
import { hasErrors, inFile } from "../diagnostics.js";
import { readDataFile } from "../sexpr/reader.js";
import type { Config } from "./config.js";
import { configFromDatum } from "./config.js";

export interface LoadConfigResult {
  /** The config; absent when the file cannot be read or parsed or is not an alist. */
  config?: Config;
  /** Every diagnostic has `file` set to the path. */
  diagnostics: Diagnostic[];
}

/**
 * Loads a config file (UTF-8). A file written the pre-2016 way with a leading
 * quote is accepted with a warning (blahgd would silently ignore all of it).
 */
export async function loadConfigFile(path: string): Promise<LoadConfigResult> {
  let text: string;
  try {
    // A config is small: read at once, and never block on a FIFO.
    text = readRegularFile(path).toString("utf8");
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      diagnostics: [
        {
          file: path,
          line: 1,
          column: 1,
          severity: "error",
          code: "config/unreadable",
          message: `cannot read the config file: ${reason}`,
        },
      ],
    };
  }
  return configFromText(text, path);
}

/** The pure part of loadConfigFile: parses `text` as the config file `path`. */
export function configFromText(text: string, path: string): LoadConfigResult {
  const read = readDataFile(text);
  if (read.datum === undefined) return { diagnostics: inFile(read.diagnostics, path) };
  const { config, diagnostics } = configFromDatum(read.datum);
  const all = inFile([...read.diagnostics, ...diagnostics], path);
  if (config.pathsRelativeTo === "config") resolveAgainst(config, dirname(path));
  return hasErrors(all) ? { diagnostics: all } : { config, diagnostics: all };
}

/** Makes the relative directories of `config` relative to `dir` (the config file's directory) instead of the working directory. */
function resolveAgainst(config: Config, dir: string): void {
  const under = (p: string): string => (isAbsolute(p) ? p : join(dir, p));
  config.dataDir = under(config.dataDir);
  config.webDir = under(config.webDir);
  config.templateDir = under(config.templateDir);
}
