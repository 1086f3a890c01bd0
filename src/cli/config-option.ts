/** `--config FILE`: the blahgd config file, shared by every command. */

import type { Config } from "../config/config.js";
import { loadConfigFile } from "../config/load-config.js";
import { hasErrors } from "../diagnostics.js";
import { printDiagnostics, type Io } from "./output.js";

/** Loads the config file; prints its problems; undefined when it is unusable. */
export async function loadConfigOption(io: Io, path: string): Promise<Config | undefined> {
  const { config, diagnostics } = await loadConfigFile(path);
  printDiagnostics(io, diagnostics);
  return config && !hasErrors(diagnostics) ? config : undefined;
}
