/** The `blahg` command line: dispatches to its subcommands. */

import { version } from "../version.js";
import { lintCommand, LINT_USAGE } from "./lint.js";
import { processIo, UsageError, type Io } from "./output.js";
import { renderCommand, RENDER_USAGE } from "./render.js";
import { buildCommand, BUILD_USAGE } from "./build.js";
import { serveCommand, SERVE_USAGE } from "./serve.js";
import { commentsCommand, COMMENTS_USAGE } from "./comments.js";
import { passwdCommand, PASSWD_USAGE } from "./passwd.js";
import { importCommand, IMPORT_USAGE } from "./import.js";
import { initCommand, INIT_USAGE } from "./init.js";
import { newPostCommand, NEW_USAGE } from "./new-post.js";

const COMMANDS: Record<string, { run: (args: string[], io: Io) => Promise<number>; usage: string }> = {
  init: { run: initCommand, usage: INIT_USAGE },
  new: { run: newPostCommand, usage: NEW_USAGE },
  render: { run: renderCommand, usage: RENDER_USAGE },
  lint: { run: lintCommand, usage: LINT_USAGE },
  serve: { run: serveCommand, usage: SERVE_USAGE },
  build: { run: (args, io) => buildCommand(args, io), usage: BUILD_USAGE },
  comments: { run: commentsCommand, usage: COMMENTS_USAGE },
  passwd: { run: passwdCommand, usage: PASSWD_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
};

function usage(): string {
  return ["usage:", ...Object.values(COMMANDS).map((c) => "  " + c.usage), "  blahg --version"].join("\n") + "\n";
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === "--version" || name === "-v") {
    io.stdout(`blahg ${version()}\n`);
    return 0;
  }
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`blahg: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    // parseArgs reports unknown or malformed options by throwing a TypeError with a code.
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`blahg ${name}: ${(e as Error).message}\nusage: ${command.usage}\n`);
      return 2;
    }
    throw e;
  }
}
