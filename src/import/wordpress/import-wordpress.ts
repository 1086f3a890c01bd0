/**
 * `blahg import wordpress`: a WordPress export (WXR) becomes a new blog.
 * The export is streamed twice, never held whole: the first pass learns
 * what later items need (attachments for galleries, pages for parent
 * paths, every post's link for the permalink structure, the first of
 * duplicate ids), the second writes each post as it passes. Every item
 * that is not taken, and every part of one that is changed, is a problem
 * with its id and why; nothing in the export makes the import throw.
 */

import { htmlToText } from "../../markup/html/plain-text.js";
import type { SiteSettings } from "../source-site.js";
import { configLisp } from "../write-blog.js";
import { BlogWriter, type CommentFile, type PostFile } from "./blog-writer.js";
import { compilePermalink, postPath, type PermalinkPattern } from "../../config/permalink-pattern.js";
import { slugify } from "../../text/slug.js";
import { inferStructure, linkPath, samePath, structureOf, type LinkedPost } from "./permalinks.js";
import { convertShortcodes, type Attachment } from "./shortcodes.js";
import { readWxrFile, type RawChannel, type RawItem } from "./wxr-reader.js";
import { parseRssDate, parseWpDate, toRecord, type WxrPost } from "./wxr-records.js";

export interface ImportOptions {
  /** Keep pingbacks and trackbacks as comments of their kind (default true). */
  pingbacks?: boolean;
  /** The time to date items the export gives no date (Unix seconds); default: the export's own date, else now. */
  now?: number;
}

export interface ImportProblem {
  /** Line of the item in the export (or of the XML error). */
  line: number;
  column?: number;
  /** The item's id; "" when it has none. */
  id: string;
  message: string;
}

export interface ImportSummary {
  posts: number;
  pages: number;
  /** Imported unlisted (drafts, pending, private, scheduled). */
  unlisted: number;
  /** Trash, skipped. */
  trashed: number;
  comments: { approved: number; pending: number; dropped: number };
  tags: number;
  aliases: number;
  attachments: number;
  /** The attachments' URLs, as attachments.txt lists them. */
  attachmentUrls: string[];
  /** The permalink structure written to the config; undefined: query URLs. */
  permalink: string | undefined;
  problems: ImportProblem[];
}

interface Known {
  /** Line of the first item with the id: later ones are duplicates. */
  line: number;
  type: "post" | "page";
  /** The slug blahg will give it (its slug or title made a slug, as blahg makes them). */
  slug: string;
  parent: number;
}

/** The slug blahg gives a post: its own made a URL slug, else its title's, else its id (../../site/urls/post-paths.ts). */
function blahgSlug(slug: string, title: string, id: number): string {
  return slugify(slug) || slugify(shownText(title)) || String(id);
}

/** What the first pass learns. */
interface Survey {
  channel: RawChannel | undefined;
  attachments: Map<number, Attachment>;
  known: Map<number, Known>;
  /** The structures of the links of published posts. */
  structures: Array<string | undefined>;
  problems: ImportProblem[];
}

const LISTED_STATUSES = new Set(["publish"]);
const UNLISTED_STATUSES = new Set(["draft", "pending", "private", "future"]);

/** WordPress stores titles and comment authors as HTML: the text readers saw, on one line. */
function shownText(html: string): string {
  return htmlToText(html).replace(/\s+/g, " ").trim();
}

function linked(post: WxrPost): LinkedPost {
  return { id: post.id, slug: post.slug, time: post.time, localTime: undefined };
}

async function survey(file: string): Promise<Survey> {
  const result: Survey = { channel: undefined, attachments: new Map(), known: new Map(), structures: [], problems: [] };
  const onItem = (raw: RawItem): void => {
    const { record } = toRecord(raw);
    if (!record) return;
    if (record.kind === "attachment") {
      if (!result.attachments.has(record.id)) result.attachments.set(record.id, { id: record.id, url: record.url, title: record.title, parent: record.parent });
      return;
    }
    if (record.kind !== "post" && record.kind !== "page") return;
    if (result.known.has(record.id) || record.status === "trash") return;
    result.known.set(record.id, { line: raw.line, type: record.kind, slug: blahgSlug(record.slug, record.title, record.id), parent: record.parent });
    if (record.kind === "post" && LISTED_STATUSES.has(record.status)) {
      const path = linkPath(record.link);
      const localTime = parseWpDate(raw.fields.get("wp:post_date"));
      result.structures.push(path === undefined ? undefined : structureOf(path, { ...linked(record), localTime }));
    }
  };
  await readWxrFile(file, {
    item: onItem,
    channel: (c) => (result.channel = c),
    problem: (p) => result.problems.push({ line: p.line, column: p.column, id: "", message: p.message }),
  });
  return result;
}

/** A page's path by its parents' slugs (`/about/team/`); undefined when a slug is missing or the parents loop. */
function pagePath(id: number, known: ReadonlyMap<number, Known>): string | undefined {
  const slugs: string[] = [];
  const seen = new Set<number>();
  for (let at: number | undefined = id; at !== undefined && at !== 0; ) {
    const page = known.get(at);
    if (!page || page.type !== "page" || page.slug === "" || seen.has(at)) return undefined;
    seen.add(at);
    slugs.unshift(page.slug);
    at = page.parent;
  }
  return `/${slugs.join("/")}/`;
}

function configText(channel: RawChannel | undefined, permalink: string | undefined): string {
  const fields = channel?.fields;
  const title = shownText(fields?.get("title") ?? "") || "Imported blog";
  const tagline = shownText(fields?.get("description") ?? "");
  const base = fields?.get("wp:base_blog_url")?.trim() || fields?.get("link")?.trim() || "";
  let origin: string | undefined;
  try {
    origin = new URL(base).origin;
  } catch {
    origin = undefined;
  }
  const settings: SiteSettings = { title };
  if (tagline !== "") settings.tagline = tagline;
  const language = fields?.get("language")?.trim();
  if (language && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language)) settings.language = language;
  if (origin && origin !== "null") settings.baseUrl = origin;
  // The config every importer writes: paths relative to it, so the blog serves from anywhere.
  return configLisp({ origin: `Imported from WordPress (${base || "an export without an address"}).`, settings, ...(permalink !== undefined && { permalink }) });
}

/** Imports `file` into the empty directory `dir`. */
export async function importWordpress(file: string, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const found = await survey(file);
  const candidate = inferStructure(found.structures);
  // A plain `/?p=ID` blog keeps query URLs; a structure blahg cannot take leaves every link an alias.
  const compiled = candidate === undefined ? undefined : compilePermalink(candidate);
  const pattern: PermalinkPattern | undefined = compiled && "pattern" in compiled ? compiled.pattern : undefined;
  const permalink = pattern?.source;
  if (compiled && "error" in compiled) found.problems.push({ line: 1, id: "", message: `most links follow ${candidate}, which blahg cannot use as its permalink (${compiled.error}): every old link becomes an alias` });
  const exportTime = parseRssDate(found.channel?.fields.get("pubDate"));
  const fallbackTime = options.now ?? exportTime ?? Math.floor(Date.now() / 1000);
  const writer = new BlogWriter(dir);
  writer.writeConfig(configText(found.channel, permalink));

  const summary: ImportSummary = {
    posts: 0, pages: 0, unlisted: 0, trashed: 0,
    comments: { approved: 0, pending: 0, dropped: 0 },
    tags: 0, aliases: 0, attachments: 0, attachmentUrls: [], permalink,
    problems: [...found.problems],
  };
  const tags = new Set<string>();
  const attachmentsByParent = new Map<number, Attachment[]>();
  for (const a of found.attachments.values()) {
    let list = attachmentsByParent.get(a.parent);
    if (!list) attachmentsByParent.set(a.parent, (list = []));
    list.push(a);
  }
  const authors = new Map<string, string>();
  for (const term of found.channel?.terms ?? []) {
    const login = term.fields.get("wp:author_login")?.trim();
    const name = term.fields.get("wp:author_display_name")?.trim();
    if (term.kind === "wp:author" && login && name) authors.set(login, name);
  }
  const seenOther = new Map<string, Set<number>>();

  const onItem = (raw: RawItem): void => {
    const { record, problems } = toRecord(raw);
    const itemId = record ? String(record.id) : (raw.fields.get("wp:post_id") ?? "").trim();
    for (const p of problems) summary.problems.push({ line: p.line, id: p.id, message: p.message });
    if (!record || record.kind === "attachment") return;
    if (record.kind === "other") {
      // Menu items and other types are not part of a blog; only duplicate ids among them are worth a word.
      let ids = seenOther.get(record.type);
      if (!ids) seenOther.set(record.type, (ids = new Set()));
      if (ids.has(record.id)) summary.problems.push({ line: raw.line, id: itemId, message: `a second ${record.type} with id ${record.id}: ignored (${record.type} items are not imported)` });
      ids.add(record.id);
      return;
    }
    const known = found.known.get(record.id);
    if (record.status === "trash") {
      summary.trashed++;
      return;
    }
    if (!known || known.line !== raw.line) {
      summary.problems.push({ line: raw.line, id: itemId, message: `another item has id ${record.id} already (line ${known?.line ?? "?"}): this ${record.kind} is not imported` });
      return;
    }
    writeItem(record, raw);
  };

  const writeItem = (post: WxrPost, raw: RawItem): void => {
    const problem = (message: string): void => void summary.problems.push({ line: raw.line, id: String(post.id), message });
    // A password-protected post was not for every reader: it stays out of sight.
    const listed = LISTED_STATUSES.has(post.status) && !post.passwordProtected;
    if (post.passwordProtected) problem("protected by a password in WordPress: imported private (shown only as a preview)");
    else if (!listed && !UNLISTED_STATUSES.has(post.status)) problem(`unknown status "${post.status}": imported private`);
    let time = post.time;
    if (time === undefined) {
      time = fallbackTime;
      problem(`no usable date: dated ${new Date(time * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`);
    }
    let title = shownText(post.title);
    if (title === "") {
      title = "(no title)";
      problem(`empty title: titled "(no title)"`);
    }
    const body = convertShortcodes(post.content, {
      postId: post.id,
      attachments: found.attachments,
      attachmentsOf: (id) => attachmentsByParent.get(id) ?? [],
      unconverted: (name) => problem(`shortcode [${name}] is not converted: left as written`),
    });
    const postTags: string[] = [];
    const seenTags = new Set<string>();
    for (const tag of [...post.categories, ...post.tags]) {
      const key = tag.toLowerCase();
      if (seenTags.has(key)) continue;
      seenTags.add(key);
      postTags.push(tag);
      if (listed) tags.add(key);
    }
    const file: PostFile = {
      id: post.id,
      title,
      time,
      tags: postTags,
      slug: post.slug,
      summary: post.excerpt,
      author: authors.get(post.author) ?? post.author,
      page: post.kind === "page",
      parent: post.kind === "page" && found.known.get(post.parent)?.type === "page" ? post.parent : 0,
      order: post.menuOrder,
      private: !listed,
      sticky: post.sticky,
      commentsClosed: !post.commentsOpen,
      aliases: [],
      body,
    };
    if (post.kind === "page" && post.parent !== 0 && file.parent === 0) problem(`parent page ${post.parent} is not in the export: imported as a top-level page`);

    // Old URLs: the link, unless the new blog answers it anyway.
    const aliases = file.aliases;
    const path = linkPath(post.link);
    if (path !== undefined && path !== "/") {
      const own = post.kind === "page" ? pagePath(post.id, found.known) : pattern && postPath(pattern, { id: post.id, time, slug: blahgSlug(post.slug, post.title, post.id) }).decoded;
      if (own === undefined || !samePath(own, path)) aliases.push(path);
    }
    summary.aliases += aliases.length;

    const approved: CommentFile[] = [];
    const comments = [...post.comments].sort((a, b) => (a.time ?? time) - (b.time ?? time) || a.id - b.id);
    const ids = new Set<number>();
    for (const c of comments) {
      if (ids.has(c.id)) {
        problem(`a second comment with id ${c.id}: dropped`);
        summary.comments.dropped++;
        continue;
      }
      ids.add(c.id);
      const dropped = c.approval === "spam" || c.approval === "trash" || (c.kind !== "comment" && options.pingbacks === false);
      if (dropped) {
        summary.comments.dropped++;
        continue;
      }
      const comment: CommentFile = {
        postId: post.id,
        id: c.id,
        author: shownText(c.author) || "Anonymous",
        email: c.email,
        url: c.url,
        ip: c.ip,
        time: c.time ?? time,
        text: c.content,
        kind: c.kind,
      };
      if (c.approval === "approved") {
        approved.push(comment);
        summary.comments.approved++;
      } else {
        writer.writePendingComment(comment);
        summary.comments.pending++;
      }
    }
    writer.writePost(file, approved);
    if (post.kind === "page") summary.pages++;
    else summary.posts++;
    if (!listed) summary.unlisted++;
  };

  // XML problems were reported by the survey; the second pass reads the same bytes.
  await readWxrFile(file, { item: onItem, problem: () => {} });
  summary.tags = tags.size;

  const urls = [...new Set([...found.attachments.values()].sort((a, b) => a.id - b.id).map((a) => a.url).filter((u) => u !== ""))];
  summary.attachments = urls.length;
  summary.attachmentUrls = urls;
  writer.writeFile("attachments.txt", urls.length === 0 ? "" : urls.join("\n") + "\n");
  return summary;
}

/** The summary line the command prints. */
export function summaryLine(s: ImportSummary): string {
  const c = s.comments;
  return (
    `${s.posts} posts, ${s.pages} pages (${s.unlisted} unlisted, ${s.trashed} in the trash skipped), ` +
    `comments: ${c.approved} approved, ${c.pending} pending, ${c.dropped} dropped; ${s.tags} tags, ${s.aliases} aliases, ` +
    `${s.attachments} attachments, ${s.problems.length} problems; permalink ${s.permalink ?? "none (query URLs)"}`
  );
}
