/**
 * `blahg build`: the whole blog as static files. Every route the site lists
 * (allRoutes) is rendered by the site core (renderPage, the server's code)
 * and written where the static URL scheme puts its URL; then the web
 * directory's files and the redirect files. Only files whose bytes changed
 * are written; files an earlier build wrote for routes that are gone are
 * removed (the manifest says which: no other file is ever deleted).
 * Bodies are checked first: a broken post stops the build before anything
 * is written, unless `keepGoing` leaves it out. The pages are rendered in
 * `jobs` threads, each with the site made once from the loaded posts
 * (./render-threads.ts).
 */

import { lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { captchaAddends } from "../comments/anti-spam.js";
import { loadSiteSecret } from "../comments/site-secret.js";
import type { Config } from "../config/config.js";
import { loadPostsInWorkers } from "../content/load-in-worker.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Site } from "../site/site.js";
import { allRoutes } from "../site/urls/all-routes.js";
import { buildSite, loadTemplates } from "./build-site.js";
import { readManifest, writeManifest, type Manifest } from "./manifest.js";
import { basePath, outputPathOf } from "./output-path.js";
import { netlifyRedirects, nginxMap, siteRedirects } from "./redirects.js";
import type { RenderJob } from "./build-worker.js";
import { renderShare, type PlannedPage, type ShareResult } from "./render-share.js";
import { RenderThreads } from "./render-threads.js";
import { orderByPosition } from "./route-order.js";
import { OutputWriter, type WriteOutcome } from "./write-output.js";

export interface BuildOptions {
  config: Config;
  templateDir: string;
  webDir: string;
  outDir: string;
  /** Leave broken posts out instead of stopping. */
  keepGoing: boolean;
  /** Rendering threads; 1 renders on this thread. */
  jobs: number;
  /** The build's clock (nanoseconds), for the pages' `now` and `year`. */
  now: bigint;
  onProblem: (d: Diagnostic) => void;
  /** Pages rendered so far of all; called often (the caller decides how often to show it). */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildResult {
  /** False when a broken post stopped the build (nothing was written). */
  ok: boolean;
  written: number;
  unchanged: number;
  removed: number;
  /** Pages rendered (the web directory's and redirect files not counted). */
  pages: number;
  /** Posts left out as broken (with keepGoing). */
  skipped: number[];
}

/** A build that cannot start (an unusable base URL, an unreadable data directory). */
export class BuildError extends Error {}

/** Files blahg writes beside the pages. */
export const REDIRECT_FILES = { nginx: "redirects.nginx", netlify: "_redirects" } as const;

/** Fewer pages than this render on the main thread: starting threads would cost more. */
const THREADED_MIN_PAGES = 200;

/** Every regular, visible file of the web directory, as `/`-separated paths. */
function webFiles(dir: string, prefix = ""): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...webFiles(dir, path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Removes a file an earlier build wrote, and the directories it leaves empty. */
function removeOutput(outDir: string, path: string): boolean {
  const target = join(outDir, path);
  try {
    if (!lstatSync(target).isFile()) return false;
    unlinkSync(target);
  } catch {
    return false;
  }
  for (let dir = dirname(target); dir.length > outDir.length && dir.startsWith(outDir); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      break; // not empty
    }
  }
  return true;
}

interface Plan {
  site: Site;
  /** The manifest of the build before. */
  previous: Manifest;
  planned: PlannedPage[];
  /** Output paths of the planned pages. */
  taken: Set<string>;
}

/** Every page of the site with its output path (the output directory made if needed). */
function planPages(site: Site, outDir: string, onProblem: (d: Diagnostic) => void): Plan {
  const baseUrl = site.config.baseUrl;
  mkdirSync(outDir, { recursive: true });
  const previous = readManifest(outDir);
  const planned: PlannedPage[] = [];
  const taken = new Set<string>();
  for (const route of allRoutes(site)) {
    // A static copy has the first page of each feed (feed readers ask for no other; the server answers `?paged=N`), so its JSON Feed has no `next_url`.
    if ((((route.kind === "index" || route.kind === "tag") && route.format !== "html") || route.kind === "json-feed") && route.page > 0) continue;
    const url = site.urls.of(route);
    const path = outputPathOf(url, baseUrl);
    if (path === undefined || taken.has(path)) {
      onProblem({ line: 1, column: 1, severity: "warning", code: "build/no-file", message: `${url}: ${path === undefined ? "no file can serve this URL" : `another page is written to ${path} already`}; left out` });
      continue;
    }
    taken.add(path);
    planned.push({ route, path, known: previous.get(path) });
  }
  return { site, previous, planned, taken };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const { config, onProblem } = options;
  const outDir = resolve(options.outDir);
  const hostBase = basePath(config.baseUrl);
  if (hostBase === undefined) {
    throw new BuildError(`base-url "${config.baseUrl}" is neither an http(s) URL nor a path; a static copy needs one (set base-url or use --base-url)`);
  }
  const jobs = Math.max(1, options.jobs);

  // Bodies are checked as they load (see LoadOptions.checkBodies): no second pass over them.
  const [loaded, templates] = await Promise.all([
    loadPostsInWorkers({ dataDir: config.dataDir, photoBaseUrl: config.photoBaseUrl, maxPostSize: config.maxPostSize, checkBodies: true }),
    loadTemplates(options.templateDir, onProblem),
  ]);
  for (const d of loaded.diagnostics) onProblem(d);
  for (const d of loaded.checks?.diagnostics ?? []) onProblem(d);
  const broken = new Set(loaded.checks?.broken);
  const unloadable = loaded.diagnostics.filter((d) => d.severity === "error").length;
  const result: BuildResult = { ok: true, written: 0, unchanged: 0, removed: 0, pages: 0, skipped: [...broken].sort((a, b) => a - b) };
  if ((broken.size > 0 || unloadable > 0) && !options.keepGoing) return { ...result, ok: false };
  const posts = loaded.posts.filter((post) => !broken.has(post.id));

  // The form's captcha must be the one the comment endpoint checks: from the shared data directory's secret.
  const captcha: readonly [number, number] =
    config.staticComments === undefined ? [config.commentCaptchaA ?? 1, config.commentCaptchaB ?? 1] : captchaAddends(loadSiteSecret(config.dataDir), config.commentCaptchaA, config.commentCaptchaB);
  const job: RenderJob = { config, templateDir: options.templateDir, posts, captcha, outDir, now: options.now };
  // A blog with this many posts has more pages than that: its threads make their sites while this one plans the pages.
  let threads = jobs > 1 && posts.length >= THREADED_MIN_PAGES ? new RenderThreads(job, jobs) : undefined;
  let plan: Plan;
  try {
    plan = planPages(buildSite({ config, templates, posts, captcha, onProblem }), outDir, onProblem);
  } catch (e) {
    threads?.stop();
    throw e;
  }
  const { site, previous, planned, taken } = plan;
  const output = new OutputWriter(outDir);
  const manifest: Manifest = new Map();
  const count = (path: string, hash: string, outcome: WriteOutcome): void => {
    manifest.set(path, hash);
    if (outcome === "written") result.written++;
    else result.unchanged++;
  };
  result.pages = planned.length;

  const total = planned.length;
  const onProgress = (done: number): void => options.onProgress?.(done, total);
  if (threads === undefined && jobs > 1 && total >= THREADED_MIN_PAGES) threads = new RenderThreads(job, jobs);
  const shares: ShareResult[] = threads ? await threads.render(orderByPosition(site, planned), onProgress) : [await renderShare(site, [planned], output, options.now, onProgress)];
  for (const share of shares) {
    for (const d of share.problems) onProblem(d);
    for (const page of share.pages) count(page.path, page.hash, page.outcome);
  }

  for (const path of webFiles(options.webDir)) {
    if (taken.has(path) || outputPathOf(`/${path}`, "") !== path) continue; // a page of the blog has this path
    taken.add(path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(options.webDir, path));
    } catch (e) {
      onProblem({ file: join(options.webDir, path), line: 1, column: 1, severity: "warning", code: "build/unreadable", message: `cannot copy: ${(e as NodeJS.ErrnoException).code ?? e}` });
      continue;
    }
    const { hash, outcome } = await output.write(path, bytes, previous.get(path));
    count(path, hash, outcome);
  }

  const hostPath = (url: string): string | undefined => {
    const path = outputPathOf(url, config.baseUrl);
    return path === undefined ? undefined : `${hostBase}${url.slice(config.baseUrl.length)}`;
  };
  // An old address that is now one of the copy's own files (a Jekyll blog's /feed.xml) is that file: no redirect, which would hide it.
  const redirects = siteRedirects(site, hostPath).filter((r) => !("path" in r.from && taken.has(outputPathOf(`${config.baseUrl}${r.from.path}`, config.baseUrl) ?? "")));
  for (const [path, text] of [
    [REDIRECT_FILES.nginx, nginxMap(redirects, hostBase)],
    [REDIRECT_FILES.netlify, netlifyRedirects(redirects, hostBase)],
  ] as const) {
    if (taken.has(path)) continue;
    const { hash, outcome } = await output.write(path, Buffer.from(text, "utf8"), previous.get(path));
    count(path, hash, outcome);
  }

  for (const path of previous.keys()) {
    if (!manifest.has(path) && removeOutput(outDir, path)) result.removed++;
  }
  writeManifest(outDir, manifest);
  return result;
}
