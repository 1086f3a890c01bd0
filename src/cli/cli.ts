/** The `blahg` command line: dispatches to its subcommands. */

import { version } from "../version.js";
import { processIo, UsageError, type Io } from "./output.js";

interface Command {
  run: (args: string[], io: Io) => Promise<number>;
  usage: string;
}

/**
 * Each command's module is loaded when the command runs: `blahg render`
 * need not load the server, the importers and their dependencies (a fifth
 * of a second at every start otherwise).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => { const m = await import("./init.js"); return { run: m.initCommand, usage: m.INIT_USAGE }; },
  new: async () => { const m = await import("./new-post.js"); return { run: m.newPostCommand, usage: m.NEW_USAGE }; },
  render: async () => { const m = await import("./render.js"); return { run: m.renderCommand, usage: m.RENDER_USAGE }; },
  lint: async () => { const m = await import("./lint.js"); return { run: m.lintCommand, usage: m.LINT_USAGE }; },
  serve: async () => { const m = await import("./serve.js"); return { run: m.serveCommand, usage: m.SERVE_USAGE }; },
  build: async () => { const m = await import("./build.js"); return { run: (args, io) => m.buildCommand(args, io), usage: m.BUILD_USAGE }; },
  comments: async () => { const m = await import("./comments.js"); return { run: m.commentsCommand, usage: m.COMMENTS_USAGE }; },
  passwd: async () => { const m = await import("./passwd.js"); return { run: m.passwdCommand, usage: m.PASSWD_USAGE }; },
  import: async () => { const m = await import("./import.js"); return { run: m.importCommand, usage: m.IMPORT_USAGE }; },
};

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return ["usage:", ...commands.map((c) => "  " + c.usage), "  blahg --version"].join("\n") + "\n";
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === "--version" || name === "-v") {
    io.stdout(`blahg ${version()}\n`);
    return 0;
  }
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(await usage());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`blahg: unknown command '${name}'\n${await usage()}`);
    return 2;
  }
  const command = await load();
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
