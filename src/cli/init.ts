/**
 * `blahg init [--title T] [--author A] [--base-url URL] [DIR]`: starts a blog
 * from nothing in DIR (default: the working directory): DIR/config.lisp and
 * a welcome post DIR/data/posts/1/post.md. Refuses a folder that already
 * holds a blog (a config.lisp or a data/posts directory).
 */

import { LOCAL_BASE_URL } from "../config/config.js";
import { existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeFileDurably } from "../content/durable-files.js";
import { LOCAL_CONFIG } from "./config-option.js";
import { UsageError, type Io } from "./output.js";
import { starterConfig, welcomePost } from "./starter-blog.js";

export const INIT_USAGE = "blahg init [--title T] [--author A] [--base-url URL] [DIR]";

function defaultAuthor(): string {
  try {
    return userInfo().username;
  } catch {
    return ""; // no passwd entry (some containers)
  }
}

export async function initCommand(args: string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      title: { type: "string", default: "My blog" },
      author: { type: "string" },
      "base-url": { type: "string", default: LOCAL_BASE_URL },
    },
  });
  if (positionals.length > 1) throw new UsageError("one folder at most");
  const dir = positionals[0] ?? ".";
  const baseUrl = values["base-url"].replace(/\/+$/, "");
  for (const value of [values.title, values.author ?? "", baseUrl]) {
    if (/[\r\n]/.test(value)) throw new UsageError("--title, --author and --base-url must be one line each");
  }

  const configPath = join(dir, LOCAL_CONFIG);
  const postsDir = join(dir, "data", "posts");
  const existing = [configPath, postsDir].find((p) => existsSync(p));
  if (existing !== undefined) {
    io.stderr(`blahg init: ${existing} exists: ${dir} already holds a blog, and init never overwrites one\n`);
    return 1;
  }
  const welcome = join(postsDir, "1", "post.md");
  try {
    mkdirSync(join(postsDir, "1"), { recursive: true });
    // "wx": a config that appeared meanwhile is not overwritten either.
    writeFileDurably(configPath, starterConfig({ title: values.title, author: values.author ?? defaultAuthor(), baseUrl }));
    writeFileDurably(welcome, welcomePost(now()));
  } catch (e) {
    io.stderr(`blahg init: cannot create the blog in ${dir}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  io.stderr(
    `blahg init: created ${configPath} and the welcome post ${welcome}\n` +
      `next: cd ${dir} && blahg serve   (then open ${baseUrl}/)\n`,
  );
  return 0;
}
