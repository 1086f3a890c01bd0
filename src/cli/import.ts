/** `blahg import KIND ...`: a new blog from another engine's files. */

import { importWordpressCommand, IMPORT_WORDPRESS_USAGE } from "./import-wordpress.js";
import { UsageError, type Io } from "./output.js";

export const IMPORT_USAGE = IMPORT_WORDPRESS_USAGE;

export async function importCommand(args: string[], io: Io): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === "wordpress") return importWordpressCommand(rest, io);
  throw new UsageError("the first argument is the kind of blog: wordpress");
}
