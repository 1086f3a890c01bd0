/**
 * `blahg comments list|show|approve|reject`: moderating the comments that
 * wait in `<data-dir>/pending-comments/`. NAME is a pending comment's
 * directory name, as `list` shows it; `--all` approves or rejects every
 * pending comment (of one post with `--post N`).
 */

import { parseArgs } from "node:util";
import { DEFAULT_CONFIG } from "../config/config.js";
import { approveComment, ModerationError, rejectComment } from "../comments/moderation.js";
import { listPendingComments, readPendingComment, type PendingComment } from "../comments/pending-store.js";
import { formatBlahgdTime } from "../sexpr/time.js";
import { loadConfigOption } from "./config-option.js";
import { UsageError, type Io } from "./output.js";

export const COMMENTS_USAGE =
  "blahg comments list|show NAME|approve NAME...|reject NAME... [--all] [--post N] [--config FILE] [--data DIR]";

function oneLine(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? flat.slice(0, length - 1) + "\u2026" : flat;
}

function describe(comment: PendingComment): string {
  const { meta } = comment;
  return [
    `name:    ${comment.name}`,
    `post:    ${comment.postId}`,
    `time:    ${formatBlahgdTime(meta.time)} UTC`,
    `author:  ${meta.author}`,
    `email:   ${meta.email ?? ""}`,
    `website: ${meta.url ?? ""}`,
    `ip:      ${meta.ip ?? ""}`,
    "",
    comment.text,
    "",
  ].join("\n");
}

export async function commentsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      all: { type: "boolean", default: false },
      post: { type: "string" },
    },
  });
  const [action, ...names] = positionals;
  let dataDir = DEFAULT_CONFIG.dataDir;
  if (values.config !== undefined) {
    const config = await loadConfigOption(io, values.config);
    if (!config) return 1;
    dataDir = config.dataDir;
  }
  if (values.data !== undefined) dataDir = values.data;
  const postFilter = values.post === undefined ? undefined : Number(values.post);
  if (postFilter !== undefined && !Number.isInteger(postFilter)) throw new UsageError("--post takes a post id");
  const pending = (): PendingComment[] => listPendingComments(dataDir).filter((c) => postFilter === undefined || c.postId === postFilter);

  switch (action) {
    case "list": {
      const comments = pending();
      if (comments.length === 0) io.stdout("No comments are waiting for moderation.\n");
      for (const c of comments) {
        io.stdout(`${c.name}  post ${c.postId}  ${formatBlahgdTime(c.meta.time)}  ${c.meta.author} <${c.meta.email ?? ""}>  ${oneLine(c.text, 60)}\n`);
      }
      return 0;
    }
    case "show": {
      if (names.length === 0) throw new UsageError("show needs the NAME of a pending comment (see blahg comments list)");
      let status = 0;
      for (const name of names) {
        const comment = readPendingComment(dataDir, name);
        if (comment) io.stdout(describe(comment));
        else {
          io.stderr(`blahg comments: there is no pending comment '${name}'\n`);
          status = 1;
        }
      }
      return status;
    }
    case "approve":
    case "reject": {
      const targets = values.all ? pending().map((c) => c.name) : names;
      if (targets.length === 0 && !values.all) throw new UsageError(`${action} needs the NAME of a pending comment, or --all`);
      let status = 0;
      for (const name of targets) {
        try {
          if (action === "approve") {
            const { postId, commentId } = approveComment(dataDir, name);
            io.stdout(`approved ${name} as comment ${commentId} of post ${postId}\n`);
          } else {
            rejectComment(dataDir, name);
            io.stdout(`rejected ${name}\n`);
          }
        } catch (e) {
          if (!(e instanceof ModerationError)) throw e;
          io.stderr(`blahg comments: ${e.message}\n`);
          status = 1;
        }
      }
      if (targets.length === 0) io.stdout("No comments are waiting for moderation.\n");
      return status;
    }
    default:
      throw new UsageError(action === undefined ? "which action? list, show, approve or reject" : `unknown action '${action}'`);
  }
}
