/**
 * Creating a new post: the next free id in `posts/` and a body file with its
 * metadata filled in (YAML front matter for Markdown, post.lisp for fmt3).
 * Creating the post's directory is the lock: two writers racing for the same
 * id see EEXIST and one of them moves on to the next.
 */

import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Document, isSeq } from "yaml";
import { writeFileDurably } from "./durable-files.js";
import { formatBlahgdTime } from "../sexpr/time.js";
import { writeString } from "../sexpr/writer.js";

export type NewPostFormat = "markdown" | "fmt3";

export interface NewPost {
  title: string;
  format: NewPostFormat;
  tags: readonly string[];
  /** Not listed: reachable by its id, absent from listings and feeds. */
  draft: boolean;
  /** When it was written (the date it gets); also gives the local UTC offset. */
  now: Date;
}

/** How many ids to try past the highest before giving up (only a flood of concurrent writers gets there). */
const MAX_ATTEMPTS = 1000;

/** The highest numeric post id in `postsDir` (0 when there is none). */
export function highestPostId(postsDir: string): number {
  let highest = 0;
  for (const name of readdirSync(postsDir)) {
    if (/^[1-9][0-9]*$/.test(name)) highest = Math.max(highest, Number(name));
  }
  return highest;
}

/**
 * Creates the directory of the first free id from `first` on and returns
 * the id. mkdir is atomic: of two writers that chose the same id, one gets
 * EEXIST and tries the next.
 */
export function claimPostId(postsDir: string, first: number): number {
  for (let attempt = 0, id = first; ; attempt++, id++) {
    try {
      mkdirSync(join(postsDir, String(id)));
      return id;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}

/** Creates the post in `dataDir/posts/` under the next free id; returns the path of the file to edit. */
export function createPost(dataDir: string, post: NewPost): { id: number; path: string } {
  const postsDir = join(dataDir, "posts");
  mkdirSync(postsDir, { recursive: true });
  const id = claimPostId(postsDir, highestPostId(postsDir) + 1);
  const dir = join(postsDir, String(id));
  if (post.format === "markdown") {
    const path = join(dir, "post.md");
    writeFileDurably(path, markdownPost(post));
    return { id, path };
  }
  // post.lisp first: the body is what makes the directory a post for the server.
  writeFileDurably(join(dir, "post.lisp"), fmt3Metadata(post));
  const path = join(dir, "post.tex");
  writeFileDurably(path, "Write your post here.\n");
  return { id, path };
}

/** ISO 8601 with the writer's local UTC offset, to the second: `2024-05-01T10:30:00+02:00`. */
export function localIsoTime(now: Date): string {
  const pad = (n: number): string => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const zone = `${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
  return (
    `${String(now.getFullYear()).padStart(4, "0")}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${zone}`
  );
}

/** post.md with front matter; the yaml library quotes whatever the title and tags contain. */
export function markdownPost(post: NewPost): string {
  const meta: Record<string, unknown> = { title: post.title, date: localIsoTime(post.now) };
  if (post.tags.length > 0) meta["tags"] = [...post.tags];
  if (post.draft) meta["draft"] = true;
  const doc = new Document(meta);
  const tags = doc.get("tags", true);
  if (isSeq(tags)) tags.flow = true; // tags: [a, b], as the README writes them
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n\nWrite your post here.\n`;
}

/** post.lisp of an fmt3 post (blahgd's UTC minute-precision time). */
export function fmt3Metadata(post: NewPost): string {
  const lines = [
    `((time . ${writeString(formatBlahgdTime(Math.floor(post.now.getTime() / 1000)))})`,
    ` (title . ${writeString(post.title)})`,
    " (fmt . 3)",
  ];
  if (post.tags.length > 0) lines.push(` (tags ${post.tags.map(writeString).join(" ")})`);
  lines.push(` (listed . ${post.draft ? "#f" : "#t"}))`);
  return lines.join("\n") + "\n";
}
