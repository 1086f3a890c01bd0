/**
 * Writing an imported blog: `config.lisp`, `data/posts/N/post.md` (front
 * matter and Markdown) and, when the site had static files or page bundles,
 * `web/` (the default theme's files, then the site's). Everything is written
 * under `DIR/.import-tmp` and renamed into place at the end, so a failed
 * import leaves DIR empty. The posts' files are written by the threads that
 * convert them (./post-threads.ts), with plain synchronous calls (cheaper
 * than promises for 20,000 small files, measured), and never synced to disk
 * one by one (see README, "Importing"): the source still exists, and a crash
 * is repaired by importing again.
 */

import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeString } from "../sexpr/writer.js";
import { writeSimpleYaml } from "./simple-yaml.js";
import type { SiteSettings } from "./source-site.js";
import { LOCAL_BASE_URL } from "../config/config.js";
import { encodePath } from "../text/url-escape.js";

export interface PostFile {
  id: number;
  frontMatter: Record<string, unknown>;
  markdown: string;
}

export interface WebFile {
  from: string;
  /** Path inside the web directory, with `/`. */
  to: string;
}

export interface BlogFiles {
  /** Says where the blog came from, in the config's header comment. */
  origin: string;
  settings: SiteSettings;
  permalink?: string;
  /** The old site's own addresses (decoded path -> blahgd query URL), written as `site-aliases`. */
  siteAliases?: ReadonlyMap<string, string>;
  /** Copied after the theme's web files; undefined: no web directory. */
  web?: { themeDir: string; trees: WebFile[]; files: WebFile[] };
}

const TEMP = ".import-tmp";

/** The text of a post.md. */
export function postMarkdown(post: PostFile): string {
  // Quoted, never block scalars: those lose whitespace-only lines when read back.
  const yaml = writeSimpleYaml(post.frontMatter) ?? stringify(post.frontMatter, { lineWidth: 0, blockQuote: false });
  const body = post.markdown.replace(/^(?:[ \t]*\r?\n)+/, "").trimEnd();
  return `---\n${yaml}---\n\n${body}\n`;
}

export function configLisp(blog: Pick<BlogFiles, "origin" | "settings" | "permalink" | "siteAliases">): string {
  const entries: Array<[string, string]> = [
    ["paths-relative-to", "config"],
    ["data-dir", "data"],
    ["web-dir", "web"],
  ];
  const { settings } = blog;
  // A site that named no URL of its own gets blahg init's: links work on the machine it is served from.
  entries.push(["base-url", settings.baseUrl ?? LOCAL_BASE_URL]);
  if (settings.title !== undefined) entries.push(["site-title", settings.title]);
  if (settings.tagline !== undefined) entries.push(["site-tagline", settings.tagline]);
  if (settings.author !== undefined) entries.push(["site-author", settings.author]);
  if (settings.language !== undefined) entries.push(["site-language", settings.language]);
  if (blog.permalink !== undefined) entries.push(["permalink", blog.permalink]);
  const lines = entries.map(([key, value], i) => `${i === 0 ? "((" : " ("}${key} . ${writeString(value)})`);
  if (blog.siteAliases !== undefined && blog.siteAliases.size > 0) {
    lines.push(" ; The old site's feeds and tag pages answer with a redirect to the blog's.", " (site-aliases");
    for (const [path, target] of blog.siteAliases) lines.push(`  (${writeString(encodePath(path))} . ${writeString(target)})`);
    lines[lines.length - 1] += ")";
  }
  return [
    `; ${blog.origin.replace(/\n/g, " ")}`,
    "; Paths are relative to this file: `blahg serve` inside this folder, or `blahg serve --config PATH/config.lisp` from anywhere.",
    `${lines.join("\n")})`,
    "",
  ].join("\n");
}

export type WriteReport = (from: string, message: string) => void;

/** Writes the blog into `dir` (which must exist and be empty); returns the number of web files copied from the site. */
export async function writeBlog(dir: string, blog: BlogFiles, writePosts: (postsDir: string) => Promise<void>, copyTree: (from: string, to: string) => number): Promise<number> {
  const temp = join(dir, TEMP);
  mkdirSync(temp);
  try {
    writeFileSync(join(temp, "config.lisp"), configLisp(blog));
    const posts = join(temp, "data", "posts");
    mkdirSync(posts, { recursive: true });
    await writePosts(posts);
    let copied = 0;
    if (blog.web) {
      const web = join(temp, "web");
      cpSync(blog.web.themeDir, web, { recursive: true });
      for (const tree of blog.web.trees) copied += copyTree(tree.from, join(web, tree.to));
      for (const file of blog.web.files) {
        const target = join(web, ...file.to.split("/"));
        mkdirSync(join(target, ".."), { recursive: true });
        cpSync(file.from, target);
        copied++;
      }
    }
    for (const name of ["config.lisp", "data", ...(blog.web ? ["web"] : [])]) renameSync(join(temp, name), join(dir, name));
    rmSync(temp, { recursive: true, force: true });
    return copied;
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    for (const name of ["config.lisp", "data", "web"]) rmSync(join(dir, name), { recursive: true, force: true });
    throw e;
  }
}
