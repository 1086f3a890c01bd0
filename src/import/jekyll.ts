/**
 * Reading a Jekyll site: `_config.yml` (title, description, author, url,
 * permalink), the posts of every `_posts` directory (`YYYY-MM-DD-slug.md`,
 * `.markdown` or `.html`; directories above `_posts` are categories), the
 * drafts of `_drafts`, and `assets/` for the web directory. Old URLs follow
 * the site's permalink style or a post's own `permalink`.
 */

import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { stringList, stringOf, table, uniqueTags } from "./front-matter-values.js";
import { htmlAsMarkdown } from "./html-body.js";
import { convertLiquid } from "./liquid.js";
import { jekyllSiteAliases } from "./site-aliases.js";
import { collapseSlashes, isUsableStructure, jekyllDefaultSlug, jekyllPrettySlug, absolutePath } from "./permalinks.js";
import { dateOfFileName, fromInstant, pad, parseSourceDate, type SourceDate } from "./source-date.js";
import { lineOfKey, readSourceFrontMatter } from "./source-front-matter.js";
import { type SiteOutline, type SiteReader, type SourcePost, type SourceSite } from "./source-site.js";
import { fileProblem, isDirectory, isFile, listFiles, modifiedSeconds, readSourceText } from "./site-files.js";
import { parseDocument } from "yaml";

/** Jekyll's permalink styles. */
const PRESETS: Readonly<Record<string, string>> = {
  date: "/:categories/:year/:month/:day/:title:output_ext",
  pretty: "/:categories/:year/:month/:day/:title/",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  weekdate: "/:categories/:year/W:week/:short_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

const POST_NAME = /^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)\.(md|markdown|mkd|mkdn|mdown|html|htm)$/i;
const DRAFT_NAME = /^(.+)\.(md|markdown|mkd|mkdn|mdown|html|htm)$/i;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Directories Jekyll does not publish and the importer does not search for `_posts`. */
const SKIPPED_DIRS = new Set(["_site", "node_modules", "vendor", ".git", ".jekyll-cache", ".sass-cache"]);

/** Static directories copied into the web directory under the same name. */
const STATIC_DIRS = ["assets", "images", "img", "files", "downloads", "uploads"];

interface JekyllConfig {
  permalink: string;
  /** Where jekyll-feed wrote the site's feed (`feed: path:`), if the config says. */
  feedPath?: string;
  settings: SourceSite["settings"];
}

function readConfig(source: string, report: (d: Diagnostic) => void): JekyllConfig {
  const config: JekyllConfig = { permalink: PRESETS.date!, settings: {} };
  const file = join(source, "_config.yml");
  if (!isFile(file)) return config;
  const read = readSourceText(file, file);
  if ("problem" in read) {
    report(read.problem);
    return config;
  }
  const doc = parseDocument(read.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = read.text.slice(0, e.pos[0]).split("\n").length;
    report({ file, line, column: 1, severity: "error", code: "import/config-syntax", message: `${e.message.split("\n")[0]}; the site's settings are not used` });
    return config;
  }
  let data: Record<string, unknown> | undefined;
  try {
    data = table(doc.toJS({ maxAliasCount: 100 }));
  } catch (e) {
    report(fileProblem(file, "import/config-syntax", (e as Error).message));
  }
  if (!data) return config;
  const permalink = stringOf(data.permalink);
  if (permalink !== undefined) config.permalink = PRESETS[permalink] ?? permalink;
  const feedPath = stringOf(table(data.feed)?.path);
  if (feedPath !== undefined) config.feedPath = feedPath;
  const author = stringOf(data.author) ?? stringOf(table(data.author)?.name);
  const url = (stringOf(data.url) ?? "") + (stringOf(data.baseurl) ?? "");
  config.settings = {
    ...(stringOf(data.title) !== undefined && { title: stringOf(data.title)! }),
    ...(stringOf(data.description) !== undefined && { tagline: stringOf(data.description)! }),
    ...(author !== undefined && { author }),
    ...(url !== "" && { baseUrl: url.replace(/\/+$/, "") }),
    ...(stringOf(data.lang) !== undefined && { language: stringOf(data.lang)! }),
  };
  return config;
}

function dayOfYear(date: SourceDate): number {
  const { year, month, day } = date.local;
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** ISO week number (Jekyll's `:week`). */
function isoWeek(date: SourceDate): number {
  const { year, month, day } = date.local;
  const d = new Date(Date.UTC(year, month - 1, day));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  return Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
}

interface PathInput {
  date: SourceDate;
  /** The slug from the file name or front matter. */
  slug: string;
  categories: string[];
}

/** The URL a Jekyll permalink pattern gives a post; unknown placeholders stay as written. */
export function jekyllPath(pattern: string, post: PathInput): string {
  const { year, month, day, hour, minute, second } = post.date.local;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const values: Record<string, string> = {
    year: String(year),
    short_year: pad(year % 100),
    month: pad(month),
    i_month: String(month),
    short_month: MONTHS[month - 1]!.slice(0, 3),
    long_month: MONTHS[month - 1]!,
    day: pad(day),
    i_day: String(day),
    y_day: pad(dayOfYear(post.date), 3),
    week: pad(isoWeek(post.date)),
    short_day: DAYS[weekday]!,
    hour: pad(hour),
    minute: pad(minute),
    second: pad(second),
    title: jekyllPrettySlug(post.slug),
    slug: jekyllDefaultSlug(post.slug),
    categories: uniqueTags(post.categories.map((c) => c.toLowerCase())).join("/"),
    output_ext: ".html",
  };
  const expanded = pattern.replace(/:([a-z_]+)/g, (whole, name: string) => values[name] ?? whole);
  const path = collapseSlashes(`/${expanded}`);
  return path;
}

/** blahg's structure for a Jekyll pattern, when every part maps onto a whole path segment; categories are left out. */
export function jekyllStructure(pattern: string): string | undefined {
  const tags: Record<string, string> = { year: "%year%", month: "%monthnum%", day: "%day%", hour: "%hour%", minute: "%minute%", second: "%second%", title: "%postname%" };
  const segments = pattern.split("/").filter((s, i, all) => s !== ":categories" && (s !== "" || i === 0 || i === all.length - 1));
  const mapped: string[] = [];
  for (const segment of segments) {
    if (!segment.includes(":")) mapped.push(segment);
    else {
      const tag = /^:([a-z_]+)$/.exec(segment)?.[1];
      if (tag === undefined || tags[tag] === undefined) return undefined;
      mapped.push(tags[tag]);
    }
  }
  const structure = collapseSlashes(mapped.join("/"));
  return isUsableStructure(structure) ? structure : undefined;
}

/** Jekyll's title for a post without one: the slug's words, capitalised. */
function titleOfSlug(slug: string): string {
  return slug.split("-").filter((w) => w !== "").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

function readPost(source: string, rel: string, draft: boolean, config: JekyllConfig, report: (d: Diagnostic) => void): SourcePost | undefined {
  const file = join(source, rel);
  const parts = rel.split("/");
  const name = parts[parts.length - 1]!;
  const match = draft ? DRAFT_NAME.exec(name) : POST_NAME.exec(name);
  if (!match) {
    report(fileProblem(file, "import/not-a-post", draft ? "not a draft (the name must end in .md, .markdown or .html); not imported" : "not a post name (YYYY-MM-DD-slug.md, .markdown or .html); not imported", "warning"));
    return undefined;
  }
  const read = readSourceText(file, file);
  if ("problem" in read) {
    report(read.problem);
    return undefined;
  }
  const fm = readSourceFrontMatter(read.text);
  for (const d of fm.diagnostics) report({ ...d, file });
  if (!fm.ok) {
    report(fileProblem(file, "import/post-skipped", "the front matter cannot be read; post not imported"));
    return undefined;
  }
  const data = fm.data;
  const fileSlug = draft ? match[1]! : match[4]!;
  const extension = (draft ? match[2]! : match[5]!).toLowerCase();
  let date = draft ? undefined : dateOfFileName(match[1]!, match[2]!, match[3]!);
  if (data.date !== undefined) {
    const parsed = parseSourceDate(data.date);
    if (parsed) date = parsed;
    else report({ file, line: lineOfKey(read.text, "date"), column: 1, severity: "warning", code: "import/bad-date", message: `front matter: \`date\` ${JSON.stringify(String(data.date))} is not a date; the ${draft ? "file's time" : "file name's date"} is used` });
  }
  if (!date && !draft) {
    report(fileProblem(file, "import/bad-date", "the file name's date is not a date; post not imported"));
    return undefined;
  }
  // A draft without a date gets the file's time, as Jekyll gives it.
  date ??= fromInstant(modifiedSeconds(file));
  // Directories above _posts are categories (`blog/_posts/x.md`), as are those of front matter.
  const postsAt = parts.lastIndexOf(draft ? "_drafts" : "_posts");
  const dirCategories = parts.slice(0, postsAt);
  const categories = uniqueTags([...dirCategories, ...stringList(data.categories, /\s+/), ...stringList(data.category)]);
  const tags = uniqueTags([...stringList(data.tags, /\s+/), ...stringList(data.tag), ...categories]);
  const slug = stringOf(data.slug)?.trim() || fileSlug;
  const published = data.published !== false;
  const pattern = stringOf(data.permalink) ?? config.permalink;
  const summary = stringOf(data.summary) ?? stringOf(data.excerpt) ?? stringOf(data.description);
  const inPosts = parts.slice(postsAt + 1).join("/");
  const baseName = inPosts.replace(/\.[^./]+$/, "");
  return {
    file,
    refs: draft ? [rel] : [rel, baseName, baseName.split("/").pop()!],
    title: stringOf(data.title) ?? titleOfSlug(fileSlug),
    date,
    tags,
    draft: draft || !published,
    slug,
    ...(summary !== undefined && { summary }),
    aliases: stringList(data.redirect_from).map((a) => absolutePath(a)).filter((a): a is string => a !== undefined),
    oldPath: draft || !published ? "" : jekyllPath(pattern, { date, slug, categories }),
    body: fm.body,
    bodyLine: fm.bodyLine,
    format: extension === "html" || extension === "htm" ? "html" : "markdown",
    resources: [],
  };
}

interface JekyllContext {
  source: string;
  config: JekyllConfig;
}

/** A file of a `_posts` or `_drafts` directory, or a page of the site (`about.md`). */
interface JekyllJob {
  rel: string;
  draft: boolean;
  page?: true;
}

/** Where a Markdown page may be: outside `_` directories and the static ones; not a listing (`index.md`) nor the 404 page. */
function isPageFile(rel: string): boolean {
  const parts = rel.split("/");
  const name = parts[parts.length - 1]!;
  if (!/\.(md|markdown)$/i.test(name) || /^(index|404)\./i.test(name)) return false;
  return !parts.slice(0, -1).some((dir) => dir.startsWith("_")) && !STATIC_DIRS.includes(parts[0]!);
}

/**
 * A page as blahg's `type: page` post: its old URL from its `permalink`, else where Jekyll writes it
 * (`/about.html`, `/about/` with pretty URLs). A file without front matter (a README) is no page to
 * Jekyll, which copies it as it is: not imported, and nothing said.
 */
function readPage(source: string, rel: string, config: JekyllConfig, report: (d: Diagnostic) => void): SourcePost | undefined {
  const file = join(source, rel);
  const read = readSourceText(file, file);
  // Said, but no failure: the file may be no page at all (a huge README).
  if ("problem" in read) return void report({ ...read.problem, severity: "warning" });
  if (!/^(\uFEFF)?---[ \t]*\r?\n/.test(read.text)) return undefined;
  const fm = readSourceFrontMatter(read.text);
  for (const d of fm.diagnostics) report({ ...d, file });
  if (!fm.ok) return void report(fileProblem(file, "import/post-skipped", "the front matter cannot be read; page not imported"));
  const data = fm.data;
  const baseName = rel.replace(/\.[^./]+$/, "");
  const name = baseName.split("/").pop()!;
  const parsed = data.date === undefined ? undefined : parseSourceDate(data.date);
  const own = stringOf(data.permalink);
  const oldPath = (own !== undefined ? absolutePath(own) : undefined) ?? (config.permalink.endsWith("/") ? `/${baseName}/` : `/${baseName}.html`);
  const summary = stringOf(data.summary) ?? stringOf(data.description);
  return {
    file,
    refs: [rel, baseName],
    title: stringOf(data.title) ?? titleOfSlug(name),
    // Pages are often undated: their file's time does.
    date: parsed ?? fromInstant(modifiedSeconds(file)),
    tags: uniqueTags([...stringList(data.tags, /\s+/), ...stringList(data.categories, /\s+/)]),
    draft: data.published === false,
    page: true,
    slug: stringOf(data.slug)?.trim() || name,
    ...(summary !== undefined && { summary }),
    aliases: stringList(data.redirect_from).map((a) => absolutePath(a)).filter((a): a is string => a !== undefined),
    oldPath: data.published === false ? "" : oldPath,
    body: fm.body,
    bodyLine: fm.bodyLine,
    format: "markdown",
    resources: [],
  };
}

function outlineJekyllSite(source: string): SiteOutline<JekyllContext, JekyllJob> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const config = readConfig(source, report);
  const jobs: JekyllJob[] = [];
  const files = listFiles(source, report, (name) => SKIPPED_DIRS.has(name) || name.startsWith("."));
  for (const rel of files) {
    const parts = rel.split("/");
    const inPosts = parts.slice(0, -1).includes("_posts");
    const inDrafts = parts[0] === "_drafts";
    if (inPosts || inDrafts) jobs.push({ rel, draft: inDrafts });
    else if (isPageFile(rel)) jobs.push({ rel, draft: false, page: true });
  }
  const diagnosticsAfterPosts = files.some((f) => f.split("/").includes("_posts")) ? [] : [fileProblem(source, "import/no-posts", "no _posts directory: is this a Jekyll site?")];
  const permalink = jekyllStructure(config.permalink);
  return {
    kind: "jekyll",
    diagnostics,
    diagnosticsAfterPosts,
    ...(permalink !== undefined && { permalink }),
    settings: config.settings,
    staticDirs: STATIC_DIRS.filter((d) => isDirectory(join(source, d))).map((d) => ({ from: join(source, d), to: d })),
    context: { source, config },
    jobs,
  };
}

export const jekyllReader: SiteReader<JekyllContext, JekyllJob> = {
  outline: outlineJekyllSite,
  readPost: ({ source, config }, job, report) => (job.page ? readPage(source, job.rel, config, report) : readPost(source, job.rel, job.draft, config, report)),
  convert(post, linkTo) {
    const { text, diagnostics } = convertLiquid({ body: post.body, file: post.file, bodyLine: post.bodyLine, format: post.format, linkTo });
    return { markdown: post.format === "html" ? htmlAsMarkdown(text) : text, diagnostics };
  },
  siteAliases: ({ config }) => jekyllSiteAliases(config.feedPath),
};
