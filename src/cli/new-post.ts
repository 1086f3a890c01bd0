/**
 * `blahg new [--config FILE] [--data DIR] [--format markdown|fmt3] [--tag T]... [--draft] TITLE`:
 * creates the next post and prints only the path of the file to edit, so
 * that `$EDITOR "$(blahg new 'Hello')"` works. The blog is --data, else the
 * data-dir of --config, else that of ./config.lisp.
 */

import { parseArgs } from "node:util";
import { createPost, type NewPostFormat } from "../content/create-post.js";
import { configPathOrLocal, loadConfigOption } from "./config-option.js";
import { UsageError, type Io } from "./output.js";

export const NEW_USAGE = "blahg new [--config FILE] [--data DIR] [--format markdown|fmt3] [--tag T]... [--draft] TITLE";

const FORMATS: readonly NewPostFormat[] = ["markdown", "fmt3"];

export async function newPostCommand(args: string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      format: { type: "string", default: "markdown" },
      tag: { type: "string", multiple: true, default: [] },
      draft: { type: "boolean", default: false },
    },
  });
  const format = values.format as NewPostFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "no title" : "one title, in quotes if it has spaces");
  const title = positionals[0]!.trim();
  if (title === "" || /[\r\n]/.test(title)) throw new UsageError("the title must be one non-empty line");
  const tags = values.tag.map((t) => t.trim());
  if (tags.some((t) => t === "" || /[\r\n]/.test(t))) throw new UsageError("a tag must be one non-empty line");

  let dataDir = values.data;
  if (dataDir === undefined) {
    const configPath = configPathOrLocal(values.config);
    if (configPath === undefined) {
      io.stderr("blahg new: no blog here: run it in a folder made by `blahg init`, or give --config or --data\n");
      return 1;
    }
    const config = await loadConfigOption(io, configPath);
    if (!config) return 1;
    dataDir = config.dataDir;
  }

  let created;
  try {
    created = createPost(dataDir, { title, format, tags, draft: values.draft, now: now() });
  } catch (e) {
    io.stderr(`blahg new: cannot create a post in ${dataDir}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  io.stderr(`blahg new: post ${created.id}${values.draft ? " (a draft: not listed)" : ""}\n`);
  io.stdout(created.path + "\n");
  return 0;
}
