/**
 * `blahg import`: reads a Jekyll or Hugo site, numbers its posts 1..n in date
 * order, converts their bodies (links between posts become `/?p=N`), keeps
 * every old URL that blahg's permalink would not give as an alias, and
 * writes the blog into an empty directory.
 */

import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { defaultThemeDir } from "../paths.js";
import { bundleWebPath } from "./hugo.js";
import { expandStructure } from "./permalinks.js";
import { normalizeRef, type PostOutline } from "./post-share.js";
import { PostThreads, type SharedPost } from "./post-threads.js";
import { SITE_READERS, type SourceKind } from "./site-readers.js";
import { copyTree, fileProblem, isDirectory } from "./site-files.js";
import { formatSourceDate, utcParts } from "./source-date.js";
import type { SiteOutline } from "./source-site.js";
import { writeBlog, type WebFile } from "./write-blog.js";

export type { SourceKind } from "./site-readers.js";
export { normalizeRef } from "./post-share.js";

export interface ImportSummary {
  posts: number;
  drafts: number;
  tags: number;
  aliases: number;
  /** The old site's other addresses kept (feeds, tag pages): the config's `site-aliases`. */
  siteAliases: number;
  /** Static files and bundle files copied into the web directory. */
  webFiles: number;
  permalink?: string;
  /** Posts that could not be read, tags and shortcodes left as text, ...: each with file and line. */
  problems: Diagnostic[];
}

/** The import cannot start: the target is not an empty directory, or the source is no directory. */
export class ImportRefused extends Error {}

function prepareTarget(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new ImportRefused(`${dir} is not a directory`);
    if (readdirSync(dir).length > 0) throw new ImportRefused(`${dir} is not empty; import into a new or empty directory`);
  } else {
    mkdirSync(dir, { recursive: true });
  }
}

function compareSourcePosts(a: PostOutline, b: PostOutline): number {
  return a.date.seconds - b.date.seconds || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** The web path of a page bundle's file, or undefined when the post's URL would put it outside the web directory. */
function resourceTarget(post: PostOutline, name: string): string | undefined {
  const path = bundleWebPath(post.oldPath === "" ? `/${post.slug}/` : post.oldPath) + name;
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..") || segments.some((s) => s.includes("\\") || s.includes("\0"))) return undefined;
  return segments.join("/");
}

export interface ImportOptions {
  /** Threads reading, converting and writing posts (default 1: see ./post-threads.ts). */
  threads?: number;
}

export async function importBlog(kind: SourceKind, source: string, target: string, options: ImportOptions = {}): Promise<ImportSummary> {
  if (!isDirectory(source)) throw new ImportRefused(`${source} is not a directory`);
  prepareTarget(target);
  const outline = SITE_READERS[kind].outline(source);
  const threads = new PostThreads(kind, outline, options.threads ?? 1);
  try {
    return await importPosts(kind, outline, threads, target);
  } finally {
    await threads.stop();
  }
}

async function importPosts(kind: SourceKind, outline: SiteOutline<unknown, unknown>, threads: PostThreads, target: string): Promise<ImportSummary> {
  const read = await threads.read();
  const problems = [...outline.diagnostics, ...read.diagnostics, ...outline.diagnosticsAfterPosts];
  const posts = read.posts.sort(compareSourcePosts);

  const ids = new Map<string, number>();
  posts.forEach((post, i) => {
    for (const ref of post.refs) {
      const key = normalizeRef(ref);
      if (!ids.has(key)) ids.set(key, i + 1);
    }
  });

  const toWrite: Array<{ post: SharedPost; id: number; frontMatter: Record<string, unknown> }> = [];
  /** Each post's problems found here, reported after its conversion's. */
  const postProblems: Diagnostic[][] = [];
  const webFiles: WebFile[] = [];
  const newPaths = new Set<string>();
  const tags = new Set<string>();
  let aliasCount = 0;
  posts.forEach((post, i) => {
    const id = i + 1;
    // blahg gives a later post with the same path a suffix: its old path then needs an alias.
    // A page answers at its slug (`/about/`) under pretty URLs; a post where the structure puts it.
    let newPath = outline.permalink === undefined ? undefined : post.page ? `/${post.slug}/` : expandStructure(outline.permalink, { date: utcParts(post.date), id, slug: post.slug });
    if (newPath !== undefined && newPaths.has(newPath)) newPath = undefined;
    if (newPath !== undefined) newPaths.add(newPath);
    const aliases = [...new Set([...post.aliases, ...(post.oldPath !== "" ? [post.oldPath] : [])])].filter((a) => a !== newPath);
    aliasCount += aliases.length;
    for (const tag of post.tags) tags.add(tag.toLowerCase());
    const frontMatter: Record<string, unknown> = { title: post.title, date: formatSourceDate(post.date) };
    if (post.page) frontMatter.type = "page";
    if (post.tags.length > 0) frontMatter.tags = post.tags;
    if (post.draft) frontMatter.draft = true;
    frontMatter.slug = post.slug;
    if (post.summary !== undefined) frontMatter.summary = post.summary;
    if (aliases.length > 0) frontMatter.aliases = aliases;
    toWrite.push({ post, id, frontMatter });
    const own: Diagnostic[] = [];
    for (const resource of post.resources) {
      const to = resourceTarget(post, resource.name);
      if (to === undefined) own.push(fileProblem(resource.from, "import/unsafe-path", "the post's URL would put this file outside the web directory; not copied", "warning"));
      else webFiles.push({ from: resource.from, to });
    }
    postProblems.push(own);
  });

  const needWeb = outline.staticDirs.length > 0 || webFiles.length > 0;
  // A post's own old address wins over the site's (the server has it so too): only the others are written.
  const postPaths = new Set(toWrite.flatMap(({ frontMatter }) => (frontMatter.aliases as string[] | undefined) ?? []));
  const siteAliases = new Map([...SITE_READERS[kind].siteAliases(outline.context, posts)].filter(([path]) => !postPaths.has(path)));
  const copied = await writeBlog(
    target,
    {
      origin: `A blog imported by \`blahg import ${kind}\` from a ${kind === "jekyll" ? "Jekyll" : "Hugo"} site.`,
      settings: outline.settings,
      ...(outline.permalink !== undefined && { permalink: outline.permalink }),
      siteAliases,
      ...(needWeb && { web: { themeDir: join(defaultThemeDir, "web"), trees: outline.staticDirs, files: webFiles } }),
    },
    async (postsDir) => {
      const converted = await threads.write(ids, toWrite, postsDir);
      converted.forEach((found, i) => problems.push(...found, ...postProblems[i]!));
    },
    (from, to) => copyTree(from, to, (d) => problems.push(d)),
  );
  return {
    posts: posts.length,
    drafts: posts.filter((p) => p.draft).length,
    tags: tags.size,
    aliases: aliasCount,
    siteAliases: siteAliases.size,
    webFiles: copied,
    ...(outline.permalink !== undefined && { permalink: outline.permalink }),
    problems,
  };
}
