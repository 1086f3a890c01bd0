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
import { bundleWebPath, readHugoSite } from "./hugo.js";
import { readJekyllSite } from "./jekyll.js";
import { expandStructure } from "./permalinks.js";
import { copyTree, fileProblem, isDirectory } from "./site-files.js";
import { formatSourceDate, utcParts } from "./source-date.js";
import type { SourcePost, SourceSite } from "./source-site.js";
import { writeBlog, type PostFile, type WebFile } from "./write-blog.js";

export type SourceKind = "jekyll" | "hugo";

export interface ImportSummary {
  posts: number;
  drafts: number;
  tags: number;
  aliases: number;
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

/** A reference as posts write it, in one form: no leading `/` or `./`, no trailing `/`. */
export function normalizeRef(ref: string): string {
  return ref.trim().replace(/^(?:\.?\/)+/, "").replace(/\/+$/, "");
}

function compareSourcePosts(a: SourcePost, b: SourcePost): number {
  return a.date.seconds - b.date.seconds || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** The web path of a page bundle's file, or undefined when the post's URL would put it outside the web directory. */
function resourceTarget(post: SourcePost, name: string): string | undefined {
  const path = bundleWebPath(post.oldPath === "" ? `/${post.slug}/` : post.oldPath) + name;
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..") || segments.some((s) => s.includes("\\") || s.includes("\0"))) return undefined;
  return segments.join("/");
}

export function readSite(kind: SourceKind, source: string): SourceSite {
  return kind === "jekyll" ? readJekyllSite(source) : readHugoSite(source);
}

export async function importBlog(kind: SourceKind, source: string, target: string): Promise<ImportSummary> {
  if (!isDirectory(source)) throw new ImportRefused(`${source} is not a directory`);
  prepareTarget(target);
  const site = readSite(kind, source);
  const problems = [...site.diagnostics];
  const posts = [...site.posts].sort(compareSourcePosts);

  const ids = new Map<string, number>();
  posts.forEach((post, i) => {
    for (const ref of post.refs) if (!ids.has(normalizeRef(ref))) ids.set(normalizeRef(ref), i + 1);
  });
  const linkTo = (ref: string): string | undefined => {
    const id = ids.get(normalizeRef(ref));
    return id === undefined ? undefined : `/?p=${id}`;
  };

  const files: PostFile[] = [];
  const webFiles: WebFile[] = [];
  const newPaths = new Set<string>();
  const tags = new Set<string>();
  let aliasCount = 0;
  posts.forEach((post, i) => {
    const id = i + 1;
    const converted = site.convert(post, linkTo);
    problems.push(...converted.diagnostics);
    // blahg gives a later post with the same path a suffix: its old path then needs an alias.
    let newPath = site.permalink === undefined ? undefined : expandStructure(site.permalink, { date: utcParts(post.date), id, slug: post.slug });
    if (newPath !== undefined && newPaths.has(newPath)) newPath = undefined;
    if (newPath !== undefined) newPaths.add(newPath);
    const aliases = [...new Set([...post.aliases, ...(post.oldPath !== "" ? [post.oldPath] : [])])].filter((a) => a !== newPath);
    aliasCount += aliases.length;
    for (const tag of post.tags) tags.add(tag.toLowerCase());
    const frontMatter: Record<string, unknown> = { title: post.title, date: formatSourceDate(post.date) };
    if (post.tags.length > 0) frontMatter.tags = post.tags;
    if (post.draft) frontMatter.draft = true;
    frontMatter.slug = post.slug;
    if (post.summary !== undefined) frontMatter.summary = post.summary;
    if (aliases.length > 0) frontMatter.aliases = aliases;
    files.push({ id, frontMatter, markdown: converted.markdown });
    for (const resource of post.resources) {
      const to = resourceTarget(post, resource.name);
      if (to === undefined) problems.push(fileProblem(resource.from, "import/unsafe-path", "the post's URL would put this file outside the web directory; not copied", "warning"));
      else webFiles.push({ from: resource.from, to });
    }
  });

  const needWeb = site.staticDirs.length > 0 || webFiles.length > 0;
  const copied = await writeBlog(
    target,
    {
      origin: `A blog imported by \`blahg import ${kind}\` from a ${kind === "jekyll" ? "Jekyll" : "Hugo"} site.`,
      settings: site.settings,
      ...(site.permalink !== undefined && { permalink: site.permalink }),
      posts: files,
      ...(needWeb && { web: { themeDir: join(defaultThemeDir, "web"), trees: site.staticDirs, files: webFiles } }),
    },
    (from, to) => copyTree(from, to, (d) => problems.push(d)),
  );
  return {
    posts: files.length,
    drafts: posts.filter((p) => p.draft).length,
    tags: tags.size,
    aliases: aliasCount,
    webFiles: copied,
    ...(site.permalink !== undefined && { permalink: site.permalink }),
    problems,
  };
}
