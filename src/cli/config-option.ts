/** `--config FILE`: the blahgd config file, shared by every command. */

import { existsSync } from "node:fs";
import type { Config } from "../config/config.js";
import { loadConfigFile } from "../config/load-config.js";
import { hasErrors } from "../diagnostics.js";
import { printDiagnostics, type Io } from "./output.js";

/** The config a blog made by `blahg init` keeps beside its data, used when a command runs inside it. */
export const LOCAL_CONFIG = "config.lisp";

/** The config file to use: `--config`, else ./config.lisp when the working directory has one. */
export function configPathOrLocal(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  return existsSync(LOCAL_CONFIG) ? LOCAL_CONFIG : undefined;
}

/** Loads the config file; prints its problems; undefined when it is unusable. */
export async function loadConfigOption(io: Io, path: string): Promise<Config | undefined> {
  const { config, diagnostics } = await loadConfigFile(path);
  printDiagnostics(io, diagnostics);
  return config && !hasErrors(diagnostics) ? config : undefined;
}
