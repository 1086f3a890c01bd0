/**
 * Reading a Hugo site: its config (`hugo.toml`, `config.toml`, `.yaml`,
 * `.json`: title, baseURL, author, `[permalinks]`, `params.mainSections`),
 * the posts of its main sections (`x.md`, and page bundles `x/index.md` with
 * their images and files), and `static/` for the web directory. The main
 * sections are Hugo's: `mainSections` when the config sets it, else the
 * section with the most pages (`content/posts`, `content/post`,
 * `content/blog`...). Old URLs follow the section's permalink pattern, a
 * post's own `url`, or Hugo's default `/<section>/<slug or file name>/`.
 */

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { stringList, stringOf, table, uniqueTags } from "./front-matter-values.js";
import { absolutePath, collapseSlashes, hugoUrlize, isUsableStructure } from "./permalinks.js";
import { convertShortcodes } from "./shortcodes.js";
import { hugoSiteAliases } from "./site-aliases.js";
import { fileProblem, isDirectory, isFile, listFiles, modifiedSeconds, readSourceText } from "./site-files.js";
import { fromInstant, pad, parseSourceDate, type SourceDate } from "./source-date.js";
import { lineOfKey, readSourceFrontMatter } from "./source-front-matter.js";
import { readWholeSite, type BundleResource, type SiteOutline, type SiteReader, type SourcePost, type SourceSite } from "./source-site.js";
import { parseTomlSubset } from "./toml-subset.js";

const CONFIG_FILES = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"];
/** The section a site without content sections is expected to have (for the message saying it has none). */
const USUAL_SECTION = "posts";
const CONTENT = /\.(md|markdown)$/i;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface HugoConfig {
  /** The permalink patterns the config sets, by section (lower case). */
  patterns: Map<string, string>;
  /** `params.mainSections`, if set. */
  mainSections?: string[];
  lowerCase: boolean;
  contentDir: string;
  staticDir: string;
  settings: SourceSite["settings"];
}

function readConfigData(file: string, report: (d: Diagnostic) => void): Record<string, unknown> | undefined {
  const read = readSourceText(file, file);
  if ("problem" in read) return void report(read.problem);
  if (file.endsWith(".toml")) {
    const { table: data, problems } = parseTomlSubset(read.text);
    for (const p of problems) report({ file, line: p.line, column: p.column, severity: "warning", code: "import/config-toml", message: `${p.message}; that setting is not used` });
    return data;
  }
  if (file.endsWith(".json")) {
    try {
      return table(JSON.parse(read.text));
    } catch (e) {
      return void report(fileProblem(file, "import/config-syntax", `${(e as Error).message}; the site's settings are not used`));
    }
  }
  const doc = parseDocument(read.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = read.text.slice(0, e.pos[0]).split("\n").length;
    return void report({ file, line, column: 1, severity: "error", code: "import/config-syntax", message: `${e.message.split("\n")[0]}; the site's settings are not used` });
  }
  try {
    return table(doc.toJS({ maxAliasCount: 100 }));
  } catch (e) {
    return void report(fileProblem(file, "import/config-syntax", (e as Error).message));
  }
}

/** Hugo's config keys are case-insensitive. */
function get(data: Record<string, unknown> | undefined, key: string): unknown {
  if (!data) return undefined;
  const found = Object.keys(data).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : data[found];
}

function readConfig(source: string, report: (d: Diagnostic) => void): HugoConfig {
  const config: HugoConfig = { patterns: new Map(), lowerCase: true, contentDir: "content", staticDir: "static", settings: {} };
  const name = CONFIG_FILES.find((f) => isFile(join(source, f)));
  if (name === undefined) return config;
  const data = readConfigData(join(source, name), report);
  if (!data) return config;
  const permalinks = table(get(data, "permalinks"));
  // Hugo 0.120 moved section patterns under `page`; both are read.
  // Hugo 0.120 moved section patterns under `page`; both are read, `page` winning.
  for (const patterns of [permalinks, table(get(permalinks, "page"))]) {
    for (const [section, pattern] of Object.entries(patterns ?? {})) if (typeof pattern === "string") config.patterns.set(section.toLowerCase(), pattern);
  }
  if (get(data, "disablePathToLower") === true) config.lowerCase = false;
  const contentDir = stringOf(get(data, "contentDir"));
  if (contentDir !== undefined && !contentDir.split(/[\\/]/).includes("..")) config.contentDir = contentDir;
  const staticDir = stringOf(get(data, "staticDir"));
  if (staticDir !== undefined && !staticDir.split(/[\\/]/).includes("..")) config.staticDir = staticDir;
  const params = table(get(data, "params"));
  const mainSections = stringList(get(params, "mainSections"));
  if (mainSections.length > 0) config.mainSections = mainSections;
  const author = stringOf(get(data, "author")) ?? stringOf(get(table(get(data, "author")), "name")) ?? stringOf(get(params, "author")) ?? stringOf(get(table(get(params, "author")), "name"));
  const title = stringOf(get(data, "title"));
  const tagline = stringOf(get(params, "description")) ?? stringOf(get(params, "subtitle"));
  const baseUrl = stringOf(get(data, "baseURL"));
  const language = stringOf(get(data, "languageCode")) ?? stringOf(get(data, "defaultContentLanguage"));
  config.settings = {
    ...(title !== undefined && { title }),
    ...(tagline !== undefined && { tagline }),
    ...(author !== undefined && { author }),
    ...(baseUrl !== undefined && baseUrl !== "" && baseUrl !== "/" && { baseUrl: baseUrl.replace(/\/+$/, "") }),
    ...(language !== undefined && { language }),
  };
  return config;
}

interface PathInput {
  date: SourceDate;
  title: string;
  /** Front matter's slug, if any. */
  slug?: string;
  /** The file name without extension, or the bundle's directory name. */
  fileName: string;
  /** Directories between the section and the file (`posts/2019/x.md`: ["2019"]). */
  subdirs: string[];
}

/** The URL Hugo gives a post of `section`: the section's permalink pattern, or the default. */
export function hugoPath(pattern: string | undefined, post: PathInput, lowerCase: boolean, section = USUAL_SECTION): string {
  const name = post.slug ?? post.fileName;
  if (pattern === undefined) {
    const path = collapseSlashes(`/${section}/${post.subdirs.join("/")}/${name}/`);
    return lowerCase ? path.toLowerCase() : path;
  }
  const { year, month, day } = post.date.local;
  // Each token's value is worked out only if the pattern has it: urlizing a title costs more than the rest.
  const value = (token: string): string | undefined => {
    switch (token) {
      case "year":
        return String(year);
      case "month":
        return pad(month);
      case "monthname":
        return MONTHS[month - 1]!;
      case "day":
        return pad(day);
      case "weekday":
        return String(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
      case "weekdayname":
        return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
      case "yearday":
        return String(Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1);
      case "section":
        return section;
      case "sections":
        return [section, ...post.subdirs].join("/");
      case "title":
        return hugoUrlize(post.title);
      case "slug":
        return post.slug !== undefined ? hugoUrlize(post.slug) : hugoUrlize(post.title);
      case "slugorfilename":
        return post.slug !== undefined ? hugoUrlize(post.slug) : post.fileName;
      case "filename":
      case "contentbasename":
        return post.fileName;
      default:
        return undefined;
    }
  };
  const path = collapseSlashes(`/${pattern.replace(/:([a-z]+)/g, (whole, token: string) => value(token) ?? whole)}`);
  return lowerCase ? path.toLowerCase() : path;
}

/** blahg's structure for a Hugo pattern of `section`, when every part maps onto a whole path segment. */
export function hugoStructure(pattern: string | undefined, section = USUAL_SECTION): string | undefined {
  if (pattern === undefined) return `/${section}/%postname%/`;
  const tags: Record<string, string> = { year: "%year%", month: "%monthnum%", day: "%day%", title: "%postname%", slug: "%postname%", slugorfilename: "%postname%", filename: "%postname%", contentbasename: "%postname%", section };
  const mapped: string[] = [];
  for (const segment of pattern.split("/")) {
    if (!segment.includes(":")) mapped.push(segment);
    else {
      const token = /^:([a-z]+)$/.exec(segment)?.[1];
      if (token === undefined || tags[token] === undefined) return undefined;
      mapped.push(tags[token]);
    }
  }
  const structure = collapseSlashes(`/${mapped.join("/")}`);
  return isUsableStructure(structure) ? structure : undefined;
}

/** The slug blahg gets when the front matter names none: what the old URL used for the post's name. */
function derivedSlug(pattern: string | undefined, title: string, fileName: string, lowerCase: boolean): string {
  const token = pattern === undefined ? "filename" : /:(title|slug|slugorfilename|filename|contentbasename)\b/.exec(pattern)?.[1] ?? "filename";
  const slug = token === "title" || token === "slug" ? hugoUrlize(title) : fileName;
  return lowerCase ? slug.toLowerCase() : slug;
}

function readPost(config: HugoConfig, contentRoot: string, shownRoot: string, rel: string, resources: BundleResource[], report: (d: Diagnostic) => void): SourcePost | undefined {
  const file = join(shownRoot, rel);
  const read = readSourceText(join(contentRoot, rel), file);
  if ("problem" in read) return void report(read.problem);
  const fm = readSourceFrontMatter(read.text);
  for (const d of fm.diagnostics) report({ ...d, file });
  if (!fm.ok) return void report(fileProblem(file, "import/post-skipped", "the front matter cannot be read; post not imported"));
  const data = fm.data;
  const parts = rel.split("/");
  const bundle = /^index\.(md|markdown)$/i.test(parts[parts.length - 1]!);
  const fileName = bundle ? parts[parts.length - 2]! : parts[parts.length - 1]!.replace(CONTENT, "");
  // A page outside the sections (`about.md`, or the bundle `about/index.md`): Hugo serves it at `/about/`.
  const page = parts.length === 1 || (bundle && parts.length === 2);
  const subdirs = page ? [] : parts.slice(1, bundle ? -2 : -1);
  const section = parts[0]!;
  const pattern = page ? "/:slugorfilename/" : config.patterns.get(section.toLowerCase());
  const rawDate = data.date ?? data.publishDate ?? data.publishdate ?? data.pubdate ?? data.published;
  let date = rawDate === undefined ? undefined : parseSourceDate(rawDate);
  // Pages are often undated: their file's time does, without a word.
  if (date === undefined && page && rawDate === undefined) date = fromInstant(modifiedSeconds(join(contentRoot, rel)));
  if (date === undefined) {
    const what = rawDate === undefined ? "no `date`" : `\`date\` ${JSON.stringify(String(rawDate))} is not a date`;
    report({ file, line: rawDate === undefined ? 1 : lineOfKey(read.text, "date"), column: 1, severity: "warning", code: "import/bad-date", message: `front matter: ${what}; the file's time is used` });
    date = fromInstant(modifiedSeconds(join(contentRoot, rel)));
  }
  const title = stringOf(data.title) ?? fileName;
  const frontSlug = stringOf(data.slug)?.trim() || undefined;
  const url = stringOf(data.url);
  const summary = stringOf(data.summary) ?? stringOf(data.description);
  const oldPath = url !== undefined ? absolutePath(url) ?? "/" : hugoPath(pattern, { date, title, ...(frontSlug !== undefined && { slug: frontSlug }), fileName, subdirs }, config.lowerCase, section);
  // Relative aliases are relative to the post's section directory.
  const aliasBase = oldPath.replace(/[^/]*\/?$/, "");
  const withoutExtension = rel.replace(CONTENT, "");
  const refs = bundle ? [rel, rel.replace(/\/index\.(md|markdown)$/i, ""), fileName] : [rel, withoutExtension, parts[parts.length - 1]!, fileName];
  return {
    file,
    refs,
    title,
    date,
    tags: uniqueTags([...stringList(data.tags), ...stringList(data.categories)]),
    taxonomies: { tags: stringList(data.tags), categories: stringList(data.categories) },
    draft: data.draft === true,
    ...(page && { page: true as const }),
    slug: frontSlug ?? derivedSlug(pattern, title, fileName, config.lowerCase),
    ...(summary !== undefined && { summary }),
    aliases: stringList(data.aliases).map((a) => absolutePath(a, aliasBase)).filter((a): a is string => a !== undefined),
    // A draft was never published, so it had no URL to keep.
    oldPath: data.draft === true ? "" : oldPath,
    body: fm.body,
    bodyLine: fm.bodyLine,
    format: "markdown",
    resources,
  };
}

/** Where a bundle's files are served from: the directory of the post's old URL, so its old links keep working. */
export function bundleWebPath(oldPath: string): string {
  if (oldPath.endsWith("/")) return oldPath;
  return `${oldPath.replace(/\.[^./]*$/, "")}/`;
}

/** Rewrites links to a bundle's own files (`img.png`, `./files/a.pdf`) to where they are served. */
function resourceResolver(post: SourcePost): (url: string) => string {
  const names = new Set(post.resources.map((r) => r.name));
  const base = bundleWebPath(post.oldPath);
  return (url) => {
    const name = url.replace(/^\.\//, "");
    return names.has(name) ? base + name : url;
  };
}

/** Markdown links, images and HTML `src`/`href` whose target is one of the bundle's files. */
function rewriteResourceLinks(markdown: string, resolve: (url: string) => string): string {
  return markdown
    .replace(/(\]\(\s*<?)([^)\s>]+)/g, (_whole, before: string, url: string) => before + resolve(url))
    .replace(/^( {0,3}\[[^\]\n]+\]:\s*<?)(\S+?)(>?(?:\s|$))/gm, (_whole, before: string, url: string, after: string) => before + resolve(url) + after)
    .replace(/(\b(?:src|href)\s*=\s*["'])([^"']+)/gi, (_whole, before: string, url: string) => before + resolve(url));
}

/**
 * The page bundle a file belongs to: the first bundle directory (`posts/x/`,
 * in listing order) that holds it, or undefined. Looked up by the file's
 * ancestor directories, not by trying every bundle.
 */
function bundleFinder(files: readonly string[]): (file: string) => string | undefined {
  const order = new Map<string, number>();
  for (const f of files) {
    if (!/\/index\.(md|markdown)$/i.test(f)) continue;
    const dir = f.replace(/index\.(md|markdown)$/i, "");
    if (!order.has(dir)) order.set(dir, order.size);
  }
  return (file) => {
    let found: string | undefined;
    let first = Infinity;
    for (let slash = file.indexOf("/"); slash !== -1; slash = file.indexOf("/", slash + 1)) {
      const dir = file.slice(0, slash + 1);
      const at = order.get(dir);
      if (at !== undefined && at < first) [found, first] = [dir, at];
    }
    return found;
  };
}

/** Whether a content file is a regular page (not a section's or the home page's `_index`). */
function isRegularPage(rel: string): boolean {
  return CONTENT.test(rel) && !/(^|\/)_index\.(md|markdown)$/i.test(rel);
}

function sortedEntries(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => !name.startsWith("."))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The sections whose pages are the blog's posts, as Hugo picks its main sections: the config's
 * `mainSections`, else the section with the most regular pages (a tie goes to the first by name);
 * and the one of them with the most pages, whose permalink pattern the blog takes; with the
 * chosen sections' files (`section/...`), listed once, their listing's problems reported.
 */
function mainSections(config: HugoConfig, contentRoot: string, report: (d: Diagnostic) => void): { sections: string[]; structureSection: string; pages: string[]; files: string[] } {
  const sections = new Map<string, number>();
  const listings = new Map<string, { files: string[]; problems: Diagnostic[] }>();
  const pagesOutside: string[] = [];
  for (const name of sortedEntries(contentRoot)) {
    const path = join(contentRoot, name);
    // A directory holding an index.md is a page bundle at the root (an "about" page), not a section.
    if (isDirectory(path) && !["index.md", "index.markdown"].some((f) => isFile(join(path, f)))) {
      const problems: Diagnostic[] = [];
      const files = listFiles(path, (d) => void problems.push(d), (d) => d.startsWith("."), path);
      listings.set(name, { files, problems });
      sections.set(name, files.filter(isRegularPage).length);
    } else if (isDirectory(path) || isRegularPage(name)) pagesOutside.push(name);
  }
  let chosen: string[];
  if (config.mainSections !== undefined) {
    const wanted = config.mainSections.map((s) => [...sections.keys()].find((name) => name.toLowerCase() === s.toLowerCase()) ?? s);
    for (const s of wanted) if (!sections.has(s)) report(fileProblem(join(contentRoot, s), "import/no-posts", `params.mainSections names "${s}", which is not a directory of ${config.contentDir}; nothing imported from it`, "warning"));
    chosen = wanted.filter((s) => sections.has(s));
  } else {
    let best: string | undefined;
    for (const [name, count] of sections) if (count > 0 && (best === undefined || count > sections.get(best)!)) best = name;
    chosen = best === undefined ? [] : [best];
  }
  // Said, not silently dropped: pages blahg does not take as posts.
  for (const [name, count] of sections) {
    if (count > 0 && !chosen.includes(name)) report(fileProblem(join(contentRoot, name), "import/not-a-main-section", `${count} page(s) of a section that is not a main section (${chosen.join(", ") || "none"}); not imported (params.mainSections in the site's config picks the sections)`, "warning"));
  }
  const structureSection = [...chosen].sort((a, b) => sections.get(b)! - sections.get(a)!)[0] ?? USUAL_SECTION;
  for (const section of chosen) for (const d of listings.get(section)!.problems) report(d);
  const files = chosen.flatMap((section) => listings.get(section)!.files.map((f) => `${section}/${f}`));
  return { sections: chosen, structureSection, pages: pagesOutside, files };
}

interface HugoContext {
  config: HugoConfig;
  contentRoot: string;
  /** The main sections, whose posts are imported. */
  sections: string[];
}

/** A post file and its bundle's other files, or a file of the section that is reported, in the listing's order. */
type HugoJob = { rel: string; resources: BundleResource[] } | { problem: Diagnostic };

function outlineHugoSite(source: string): SiteOutline<HugoContext, HugoJob> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const config = readConfig(source, report);
  const contentRoot = join(source, config.contentDir);
  const { sections, structureSection, pages, files } = mainSections(config, contentRoot, report);
  if (sections.length === 0) report(fileProblem(join(contentRoot, USUAL_SECTION), "import/no-posts", `no section of ${config.contentDir} holds posts (such as ${config.contentDir}/${USUAL_SECTION}): is this a Hugo site?`));
  // A directory with an index.md is a page bundle: every other file in it belongs to that post.
  const bundleOf = bundleFinder(files);
  /** Each bundle's files, in listing order. */
  const inBundle = new Map<string, string[]>();
  for (const f of files) {
    const bundle = bundleOf(f);
    if (bundle === undefined) continue;
    const members = inBundle.get(bundle);
    if (members) members.push(f);
    else inBundle.set(bundle, [f]);
  }
  const jobs: HugoJob[] = [];
  for (const rel of files) {
    const bundle = bundleOf(rel);
    const isIndex = bundle !== undefined && rel.slice(bundle.length).match(/^index\.(md|markdown)$/i);
    if (bundle !== undefined && !isIndex) continue;
    if (!CONTENT.test(rel)) {
      jobs.push({ problem: fileProblem(join(contentRoot, rel), "import/not-a-post", "not a Markdown file (.md or .markdown); not imported", "warning") });
      continue;
    }
    if (!isRegularPage(rel)) continue; // a section's list page, not a post
    const resources: BundleResource[] = [];
    if (bundle !== undefined) {
      for (const f of inBundle.get(bundle)!) {
        if (f !== rel) resources.push({ from: join(contentRoot, f), name: f.slice(bundle.length) });
      }
    }
    jobs.push({ rel, resources });
  }
  // Pages outside the sections (About): a file, or a bundle with its files.
  for (const name of pages) {
    if (isRegularPage(name)) {
      jobs.push({ rel: name, resources: [] });
      continue;
    }
    const inside = listFiles(join(contentRoot, name), report, (d) => d.startsWith("."));
    const index = inside.find((f) => /^index\.(md|markdown)$/i.test(f));
    if (index === undefined) continue;
    jobs.push({ rel: `${name}/${index}`, resources: inside.filter((f) => f !== index).map((f) => ({ from: join(contentRoot, name, f), name: f })) });
  }
  // blahg has one permalink structure: the one of the section with the most pages (the others' posts keep their old URLs as aliases).
  const permalink = hugoStructure(config.patterns.get(structureSection.toLowerCase()), config.lowerCase ? structureSection.toLowerCase() : structureSection);
  const staticDir = join(source, config.staticDir);
  return {
    kind: "hugo",
    diagnostics,
    diagnosticsAfterPosts: [],
    ...(permalink !== undefined && { permalink }),
    settings: config.settings,
    staticDirs: isDirectory(staticDir) ? [{ from: staticDir, to: "" }] : [],
    context: { config, contentRoot, sections },
    jobs,
  };
}

export const hugoReader: SiteReader<HugoContext, HugoJob> = {
  outline: outlineHugoSite,
  readPost({ config, contentRoot }, job, report) {
    if ("problem" in job) return void report(job.problem);
    return readPost(config, contentRoot, contentRoot, job.rel, job.resources, report);
  },
  convert(post, linkTo) {
    const resolveUrl = resourceResolver(post);
    const { text, diagnostics } = convertShortcodes({ body: post.body, file: post.file, bodyLine: post.bodyLine, linkTo, resolveUrl });
    return { markdown: post.resources.length > 0 ? rewriteResourceLinks(text, resolveUrl) : text, diagnostics };
  },
  siteAliases({ config, sections }, posts) {
    // A draft had no term pages of its own.
    const published = posts.filter((post) => !post.draft);
    const terms = (taxonomy: string): string[] => [...new Set(published.flatMap((post) => post.taxonomies?.[taxonomy] ?? []))];
    return hugoSiteAliases(sections, [{ taxonomy: "tags", terms: terms("tags") }, { taxonomy: "categories", terms: terms("categories") }], config.lowerCase);
  },
};

export function readHugoSite(source: string): SourceSite {
  return readWholeSite(hugoReader, source);
}
