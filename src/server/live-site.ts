/**
 * The site as it is on disk, kept current: loads posts, templates and the
 * web directory, builds the Site snapshot, and when files change reloads
 * only what they belong to and says which pages that touches. A broken
 * edit keeps the post's last good version; a deleted post disappears.
 */

import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BodyStore, checkBody, INLINE_RENDER_LIMIT } from "../content/bodies.js";
import { checkBodiesInWorker, loadPostsInWorkers, renderBodyInWorker, type AsideRenderOptions } from "../content/load-in-worker.js";
import { listPostIds, loadPost, loadPosts, parsePostId, type LoadOptions, type LoadResult } from "../content/load-posts.js";
import type { Post } from "../content/model.js";
import { readSnapshot, sharePaths, SnapshotEncoder, unchanged, writeSnapshot, writeSnapshotBytes, type PostFiles, type SnapshotEntry, type SnapshotKey } from "../content/post-snapshot.js";
import { SiteIndex } from "../content/site-index.js";
import type { Config } from "../config/config.js";
import type { Diagnostic } from "../diagnostics.js";
import { StaticFiles } from "../http/static-files.js";
import type { Logger } from "../log.js";
import { SEARCH_FILE } from "../search/index-file.js";
import { indexFingerprint } from "../search/index-in-worker.js";
import { SiteSearch } from "../search/site-search.js";
import { PostWatch } from "./post-watch.js";
import { Site } from "../site/site.js";
import { smallInt, type Format } from "../site/route.js";
import { loadTemplateDir, TEMPLATE_FORMATS, type TemplateSet } from "../template/index.js";

export interface LiveSiteOptions {
  config: Config;
  templateDir: string;
  webDir: string;
  version: string;
  captcha: readonly [number, number];
  /** Signs the comment form's timestamp (`now`). */
  formToken?: (now: bigint) => string;
  log: Logger;
  /** Use and keep the start-up snapshot `<data>/.blahg-index` (default true). */
  snapshot?: boolean;
  /** Posts whose directories are watched each from the start, the newest (default WATCHED_POSTS); see ./post-watch.ts. */
  watchedPosts?: number;
  /** Rest between slices of the sweep of the other posts' files, in ms (default 95). */
  sweepPauseMs?: number;
}

/** What a change touched, for the response cache. */
export interface SiteChange {
  /** Posts whose pages must be rendered again. */
  posts: Set<number>;
  /** The order or membership of listings changed. */
  listings: boolean;
  /** Everything must be rendered again (templates, the tag cloud). */
  everything: boolean;
  /** Files of the web directory changed. */
  staticFiles: boolean;
}

const DEBOUNCE_MS = 100;
/** The snapshot is written this long after the last change (a burst of edits writes it once). */
const SNAPSHOT_DELAY_MS = 2000;
/** The snapshot's files are compared in slices of this many milliseconds. */
const VERIFY_SLICE_MS = 10;
/** While a big load runs, the site is rebuilt with the posts loaded so far at most this often. */
const PARTIAL_REBUILD_MS = 500;
/** Fewer posts than this to load are loaded on this thread: threads cost more than they save. */
const THREADED_LOAD_MIN = 500;
/** Post directories watched each (the newest posts); the others are swept (see ./post-watch.ts). */
const WATCHED_POSTS = 2000;

function sameListing(a: Post, b: Post): boolean {
  return a.title === b.title && a.time === b.time && a.listed === b.listed && a.comments.length === b.comments.length &&
    a.page === b.page && a.private === b.private && a.sticky === b.sticky &&
    a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]) &&
    // The post's URL (slug) and old URLs (aliases) are written into listings and answer requests.
    a.slug === b.slug && (a.aliases ?? []).join("\n") === (b.aliases ?? []).join("\n");
}

function navigationOf(site: Site): string {
  return JSON.stringify(site.index.topPages().map((p) => [p.id, p.title]));
}

export class LiveSite {
  private posts = new Map<number, Post>();
  private templates!: Record<Format, TemplateSet>;
  private current!: Site;
  private readonly bodies: BodyStore;
  private readonly search: SiteSearch;
  private readonly statics: StaticFiles;
  private readonly loadOptions: LoadOptions;
  private readonly watchers = new Map<string, FSWatcher>();
  private postWatch: PostWatch | undefined;
  private pendingPosts = new Set<number>();
  private pendingTemplates = false;
  private pendingStatic = false;
  private pendingScan = false;
  private pendingPostsDir = false;
  private timer: NodeJS.Timeout | undefined;
  private listeners: Array<(change: SiteChange) => void> = [];
  private closed = false;
  /** Big bodies render aside one at a time: a burst of them must not start a thread each. */
  private asideQueue: Promise<unknown> = Promise.resolve();
  /** The files each post was loaded from, for the start-up snapshot. */
  private readonly files = new Map<number, PostFiles>();
  /** Posts whose body is known to parse (the background check skips them). */
  private readonly checked = new Set<number>();
  private snapshotTimer: NodeJS.Timeout | undefined;
  private snapshotCurrent = false;
  /** A snapshot is being encoded in slices; `again`: something changed meanwhile, so encode once more after it. */
  private snapshotSlicing: { again: boolean } | undefined;
  /** Posts are still being read (the site shows those it has; a story not loaded yet is a 503, not a 404). */
  private loading = false;
  /** Settles when every post is loaded (at once, unless open() left a big load running). */
  loaded: Promise<void> = Promise.resolve();
  /** Posts taken from the snapshot whose files are still to be compared with it. */
  private unverified: number[] = [];
  /** verifySnapshotInBackground is running. */
  private verifying = false;

  private constructor(private readonly options: LiveSiteOptions) {
    const { config, log } = options;
    this.loadOptions = { dataDir: config.dataDir, photoBaseUrl: config.photoBaseUrl, maxPostSize: config.maxPostSize };
    const bodyOptions: AsideRenderOptions = {
      markup: config.markup,
      markdownTypographer: config.markdownTypographer,
      markdownLinkify: config.markdownLinkify,
      urls: { base: config.baseUrl, wiki: config.wikiBaseUrl, bug: config.bugBaseUrl, photo: config.photoBaseUrl },
      maxPostSize: config.maxPostSize,
    };
    this.bodies = new BodyStore({
      ...bodyOptions,
      // `\post{}` and `\taglink{}` links from the current URL scheme (functions stay on this
      // thread: a body rendered aside in a worker keeps the query forms, which redirect).
      urls: config.permalink === undefined ? bodyOptions.urls : { ...bodyOptions.urls, post: (id) => this.postUrl(id), tag: (tag) => this.current.urls.tag(tag) },
      onProblem: (d) => log.diagnostic(d),
      // One level at a time: a server renders a body when a reader asks for it, and most old posts are
      // only ever seen on their own page; both levels at once cost 26 MB more RSS at 10,000 posts
      // (bench/RESULTS.md, "Start-up and memory"). The static build, which shows every body at both, renders them together.
      renderBothLevels: false,
      renderAside: (post, titleLevel) => {
        const rendered = this.asideQueue.then(() => renderBodyInWorker(post, titleLevel, { ...bodyOptions, reservedIds: this.bodies.idsReserved }));
        this.asideQueue = rendered.catch(() => {});
        return rendered;
      },
      onRenderedAside: (id) => {
        if (!this.closed) this.emit({ posts: new Set([id]), listings: false, everything: false, staticFiles: false });
      },
    });
    this.statics = new StaticFiles(options.webDir, (d) => log.diagnostic(d));
    this.search = new SiteSearch({
      textOf: (post) => this.bodies.plainText(post),
      // Kept in the data directory beside the start-up snapshot, and like it only when files are kept there.
      ...(options.snapshot !== false && {
        file: {
          path: join(config.dataDir, SEARCH_FILE),
          fingerprint: indexFingerprint(config.dataDir, options.version, bodyOptions),
          render: bodyOptions,
          posts: () => [...this.posts.values()].filter((post) => post.listed),
          onProblem: (message) => log.warn(message),
        },
      }),
    });
  }

  /**
   * Loads everything; problems are logged, and a post that cannot be loaded
   * is skipped. Posts whose files are as the start-up snapshot saw them come
   * from it; only the others are read.
   */
  static async open(options: LiveSiteOptions): Promise<LiveSite> {
    const live = new LiveSite(options);
    const start = performance.now();
    const { config, log } = options;
    const snapshot = options.snapshot === false ? { entries: new Map<number, SnapshotEntry>() } : readSnapshot(live.snapshotKey());
    if (snapshot.ignored !== undefined) log.info(`the start-up snapshot is ignored (${snapshot.ignored}); it is rebuilt after this load`);
    const diagnostics: Diagnostic[] = [];
    const toLoad: number[] = [];
    for (const id of listPostIds(config.dataDir, diagnostics)) {
      const entry = snapshot.entries.get(id);
      if (entry) {
        // Served at once; verifySnapshotInBackground compares the files and reloads what changed.
        live.posts.set(id, entry.post);
        live.files.set(id, entry.files);
        if (entry.checked) live.checked.add(id);
        live.unverified.push(id);
      } else {
        toLoad.push(id);
      }
    }
    const reused = live.posts.size;
    // Written again after the background check unless it holds exactly what was found
    // (posts read now are added if their body parses; one that never loads is never in it).
    live.snapshotCurrent = snapshot.ignored === undefined && reused === snapshot.entries.size;
    for (const d of diagnostics) log.diagnostic(d);
    const done = (read: number): void => {
      const from = reused > 0 ? ` (${reused} from the start-up snapshot, ${read} read)` : "";
      log.info(`loaded ${live.posts.size} posts in ${Math.round(performance.now() - start)} ms${from}`, { posts: live.posts.size, fromSnapshot: reused, read });
    };
    if (toLoad.length < THREADED_LOAD_MIN) {
      const [loaded] = await Promise.all([loadPosts(live.loadOptions, toLoad), live.loadTemplates()]);
      live.add(loaded);
      live.rebuild();
      done(toLoad.length);
      return live;
    }
    // Many posts to read (a first start, or a snapshot that could not be used): the site opens with
    // what it has and grows batch by batch, while the posts load on other threads.
    live.loading = true;
    let lastRebuild = performance.now();
    const loading = loadPostsInWorkers(live.loadOptions, toLoad, (batch) => {
      live.add(batch);
      if (live.templates && performance.now() - lastRebuild >= PARTIAL_REBUILD_MS) {
        live.rebuild();
        live.emit({ posts: new Set(), listings: true, everything: true, staticFiles: false });
        lastRebuild = performance.now();
      }
    });
    await live.loadTemplates();
    live.rebuild();
    live.loaded = loading.then(() => {
      live.loading = false;
      live.rebuild();
      live.emit({ posts: new Set(), listings: true, everything: true, staticFiles: false });
      done(toLoad.length);
    });
    return live;
  }

  /** Takes in loaded posts (diagnostics logged, stamps kept for the snapshot). */
  private add(loaded: LoadResult): void {
    this.keep(loaded);
    for (const d of loaded.diagnostics) this.options.log.diagnostic(d);
  }

  /** Keeps loaded posts and their stamps (lists of file names shared again after a thread cloned them). */
  private keep(loaded: LoadResult): void {
    loaded.posts.forEach((post, i) => {
      this.posts.set(post.id, post);
      const files = loaded.files[i];
      if (files) this.files.set(post.id, { ...files, paths: sharePaths(files.paths) });
    });
  }

  private snapshotKey(): SnapshotKey {
    const { config } = this.options;
    return { dataDir: config.dataDir, photoBaseUrl: config.photoBaseUrl, maxPostSize: config.maxPostSize, version: this.options.version };
  }

  private snapshotEntry(id: number): SnapshotEntry | undefined {
    const post = this.posts.get(id);
    const files = this.files.get(id);
    return post && files ? { post, files, checked: this.checked.has(id) } : undefined;
  }

  /** Writes the start-up snapshot now, in one go (at close); a data directory that cannot take it only costs the next start some time. */
  saveSnapshot(): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    if (this.options.snapshot === false) return;
    const entries = function* (live: LiveSite): Generator<SnapshotEntry> {
      for (const id of live.posts.keys()) {
        const entry = live.snapshotEntry(id);
        if (entry) yield entry;
      }
    };
    try {
      writeSnapshot(this.snapshotKey(), entries(this));
      this.snapshotCurrent = true;
    } catch (e) {
      this.snapshotWriteFailed(e);
    }
  }

  private snapshotWriteFailed(e: unknown): void {
    this.options.log.warn(`cannot write the start-up snapshot in ${this.options.config.dataDir} (${(e as NodeJS.ErrnoException).code ?? e}): every start reads every post`);
  }

  /**
   * Writes the start-up snapshot while serving: posts are encoded in slices
   * (50,000 of them take the better part of a second), each entry as the
   * post is at that moment; a change meanwhile encodes it all once more.
   */
  private saveSnapshotInSlices(): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    if (this.closed || this.options.snapshot === false) return;
    if (this.snapshotSlicing) {
      this.snapshotSlicing.again = true;
      return;
    }
    const state = { again: false };
    this.snapshotSlicing = state;
    const encoder = new SnapshotEncoder();
    const ids = [...this.posts.keys()];
    let next = 0;
    const slice = (): void => {
      if (this.closed) return; // close() writes it in one go
      const until = performance.now() + VERIFY_SLICE_MS;
      while (next < ids.length && performance.now() < until) {
        for (const stop = Math.min(ids.length, next + 64); next < stop; next++) {
          const entry = this.snapshotEntry(ids[next]!);
          if (entry) encoder.add(entry);
        }
      }
      if (next < ids.length) return void setImmediate(slice);
      this.snapshotSlicing = undefined;
      try {
        writeSnapshotBytes(this.options.config.dataDir, encoder.finish(this.snapshotKey()));
        this.snapshotCurrent = !state.again;
      } catch (e) {
        this.snapshotWriteFailed(e);
      }
      if (state.again) this.scheduleSnapshot();
    };
    setImmediate(slice);
  }

  private scheduleSnapshot(): void {
    if (this.closed || this.options.snapshot === false) return;
    if (this.snapshotSlicing) {
      this.snapshotSlicing.again = true;
      return;
    }
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => this.saveSnapshotInSlices(), SNAPSHOT_DELAY_MS).unref();
  }

  site(): Site {
    return this.current;
  }

  /** How many post directories have a watch of their own (the others are swept). */
  get watchedPostDirectories(): number {
    return this.postWatch?.watched ?? 0;
  }

  /** Whether a post of the current snapshot has another URL than in `before` (only permalinks move). */
  private urlsMoved(before: Site): boolean {
    if (this.options.config.permalink === undefined) return false;
    for (const post of this.current.index.all) {
      if (before.index.post(post.id) !== undefined && before.urls.post(post.id) !== this.current.urls.post(post.id)) return true;
    }
    return false;
  }

  /** The URL `\post{ID}` links to. */
  private postUrl(id: string): string {
    const n = smallInt(id);
    return n === undefined ? `${this.current.urls.base}/?p=${encodeURIComponent(id)}` : this.current.urls.post(n);
  }

  staticFiles(): StaticFiles {
    return this.statics;
  }

  onChange(listener: (change: SiteChange) => void): void {
    this.listeners.push(listener);
  }

  private async loadTemplates(): Promise<void> {
    const sets = {} as Record<Format, TemplateSet>;
    for (const format of ["html", "atom", "rss2"] as const) {
      const { set, diagnostics } = await loadTemplateDir(this.options.templateDir, format);
      for (const d of diagnostics) this.options.log.diagnostic(d);
      sets[format] = set;
    }
    this.templates = sets;
    this.bodies.reserveIds(sets.html.idsInUse);
  }

  private rebuild(): void {
    this.current = new Site({
      config: this.options.config,
      index: new SiteIndex(this.posts.values()),
      templates: this.templates,
      bodies: this.bodies,
      search: this.search,
      loading: this.loading,
      version: this.options.version,
      captcha: this.options.captcha,
      onProblem: (d) => this.options.log.diagnostic(d),
      ...(this.options.formToken && { formToken: this.options.formToken }),
    });
  }

  /**
   * Compares the files of the posts taken from the snapshot with what it
   * recorded (a few stats per post, in slices so that requests are answered
   * meanwhile) and loads again every post whose files changed while the
   * blog was stopped, as a fresh start would (a post that no longer loads
   * disappears; a body that no longer parses is left to the background check).
   */
  async verifySnapshotInBackground(): Promise<void> {
    this.verifying = true;
    try {
      await this.verifySnapshot();
    } finally {
      this.verifying = false;
    }
  }

  private async verifySnapshot(): Promise<void> {
    const start = performance.now();
    const ids = this.unverified;
    this.unverified = [];
    const changed: number[] = [];
    for (let i = 0; i < ids.length && !this.closed;) {
      const sliceEnd = performance.now() + VERIFY_SLICE_MS;
      for (; i < ids.length && performance.now() < sliceEnd; i++) {
        const id = ids[i]!;
        const post = this.posts.get(id);
        const files = this.files.get(id);
        // Reloaded by a watch event meanwhile: that is newer than the snapshot.
        if (!post || !files || unchanged(post.dir, files)) continue;
        changed.push(id);
      }
      if (i < ids.length) await new Promise((resolve) => setImmediate(resolve));
    }
    if (changed.length === 0 || this.closed) return;
    this.snapshotCurrent = false;
    const loaded = changed.length >= THREADED_LOAD_MIN ? await loadPostsInWorkers(this.loadOptions, changed) : loadPosts(this.loadOptions, changed);
    for (const d of loaded.diagnostics) this.options.log.diagnostic(d);
    for (const id of changed) {
      this.posts.delete(id);
      this.files.delete(id);
      this.checked.delete(id);
      this.bodies.forget(id);
    }
    this.keep(loaded);
    this.rebuild();
    this.emit({ posts: new Set(changed), listings: true, everything: true, staticFiles: false });
    this.options.log.info(`${changed.length} posts changed since the start-up snapshot were loaded again in ${Math.round(performance.now() - start)} ms`, { posts: changed.length });
  }

  /**
   * Checks every body in the background (in a worker thread, so requests
   * keep being served); a post whose body does not parse is taken off the site.
   */
  async checkBodiesInBackground(): Promise<void> {
    // Bodies the snapshot saw parse, unchanged since, are not parsed again.
    const unchecked = [...this.posts.values()].filter((post) => !this.checked.has(post.id));
    const { broken, diagnostics } = unchecked.length === 0 ? { broken: [], diagnostics: [] } : await checkBodiesInWorker(unchecked, this.options.config.maxPostSize);
    for (const d of diagnostics) this.options.log.diagnostic(d);
    const brokenSet = new Set(broken);
    let newlyChecked = 0;
    for (const post of unchecked) {
      if (brokenSet.has(post.id) || this.posts.get(post.id) !== post) continue;
      this.checked.add(post.id);
      newlyChecked++;
    }
    // Big bodies are rendered now, aside, rather than when their first reader waits for them.
    for (const post of this.posts.values()) {
      if (post.bodySize > INLINE_RENDER_LIMIT && !brokenSet.has(post.id)) this.bodies.body(post);
    }
    if (broken.length > 0) {
      for (const id of broken) this.posts.delete(id);
      this.options.log.warn(`skipped ${broken.length} posts whose body has a syntax error`, { posts: broken });
      this.rebuild();
      this.emit({ posts: new Set(broken), listings: true, everything: true, staticFiles: false });
    }
    if (!this.snapshotCurrent || newlyChecked > 0) this.saveSnapshotInSlices();
  }

  /**
   * Opens the search index file, or writes it in a worker thread; without a
   * file (none kept, or the data directory refuses it), builds the index in
   * memory in the background. Requests are answered meanwhile, and changes
   * made during the build are followed.
   */
  async indexSearchInBackground(): Promise<void> {
    if (this.closed) return;
    const start = performance.now();
    const { log, config } = this.options;
    if (this.search.usesFile) {
      try {
        const outcome = await this.search.openFile();
        const ms = Math.round(performance.now() - start);
        if (outcome.rebuilt) log.info(`wrote the search index of ${this.posts.size} posts in ${ms} ms` + (outcome.reason ? ` (the one there was not used: ${outcome.reason})` : ""));
        else log.info(`opened the search index in ${ms} ms (${new Set([...outcome.hidden, ...outcome.fresh.map((d) => d.id)]).size} posts changed since it was written)`);
        return;
      } catch (e) {
        if (this.closed) return;
        log.warn(`cannot keep the search index in ${join(config.dataDir, SEARCH_FILE)} (${(e as NodeJS.ErrnoException).code ?? e}): it is built in memory`);
      }
    }
    await this.search.build([...this.posts.keys()], (id) => this.posts.get(id));
    this.options.log.info(`indexed ${this.search.index.size} posts for search in ${Math.round(performance.now() - start)} ms`, { posts: this.search.index.size });
  }

  // --- watching ---

  /**
   * Starts watching the data, template and web directories. A watch follows
   * an inode, not a path: when a directory is replaced (`rm -rf` and a copy,
   * or a `mv` over it) the old watch goes quiet. So each directory's parent
   * is watched too, and an event naming the directory watches it anew.
   * Post directories: the newest posts' are watched, the others swept (./post-watch.ts).
   */
  watch(): void {
    const { config } = this.options;
    this.watchPostsDir();
    // The posts directory replaced as a whole: every post directory in it is new.
    this.watchDir(config.dataDir, (name) => {
      if (name !== undefined && name !== "posts") return;
      this.schedule(() => {
        this.pendingScan = true;
        this.pendingPostsDir = true;
        for (const id of this.posts.keys()) this.pendingPosts.add(id);
      });
    }, "data-parent");
    this.postWatch ??= new PostWatch({
      postsDir: join(config.dataDir, "posts"),
      limit: this.options.watchedPosts ?? WATCHED_POSTS,
      files: (id) => this.files.get(id),
      ids: () => this.posts.keys(),
      onChange: (id) => this.schedule(() => this.pendingPosts.add(id)),
      warn: (message) => this.options.log.warn(message),
      busy: () => this.unverified.length > 0 || this.verifying,
      ...(this.options.sweepPauseMs !== undefined && { pauseMs: this.options.sweepPauseMs }),
    });
    const newestFirst = [...this.posts.values()].sort((a, b) => b.time - a.time || b.id - a.id).map((p) => p.id);
    this.postWatch.start(newestFirst);
    this.watchTemplateDirs();
    this.watchDir(this.options.templateDir, (name) => {
      if (name === undefined || (TEMPLATE_FORMATS as readonly string[]).includes(name)) this.schedule(() => (this.pendingTemplates = true));
    }, "templates-parent");
    this.watchWebDir();
    const web = this.options.webDir;
    this.watchDir(dirname(web), (name) => {
      if (name === undefined || name === basename(web)) this.schedule(() => (this.pendingStatic = true));
    }, "web-parent");
  }

  private watchPostsDir(): void {
    const dir = join(this.options.config.dataDir, "posts");
    this.unwatch(dir);
    this.watchDir(dir, (name) =>
      this.schedule(() => {
        this.pendingScan = true;
        // A post directory itself was created, removed or replaced.
        const id = name === undefined ? undefined : parsePostId(name);
        if (id !== undefined) this.pendingPosts.add(id);
      }),
    );
  }

  private watchTemplateDirs(): void {
    for (const format of TEMPLATE_FORMATS) {
      const dir = join(this.options.templateDir, format);
      this.unwatch(dir);
      if (existsSync(dir)) this.watchDir(dir, () => this.schedule(() => (this.pendingTemplates = true)));
    }
  }

  private watchWebDir(): void {
    const dir = this.options.webDir;
    this.unwatch(dir);
    if (existsSync(dir)) this.watchDir(dir, () => this.schedule(() => (this.pendingStatic = true)));
  }

  /** Watches `dir`; `role` tells apart two watches of one directory (say, the template directory is the web directory's parent). */
  private watchDir(dir: string, onEvent: (name: string | undefined) => void, role?: string): void {
    const key = role === undefined ? dir : `${role}:${dir}`;
    if (this.watchers.has(key)) return;
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => onEvent(name ?? undefined));
      watcher.on("error", () => {
        watcher.close();
        this.watchers.delete(key);
        onEvent(undefined);
      });
      this.watchers.set(key, watcher);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      this.options.log.warn(`cannot watch ${dir}: ${code ?? e}` + (code === "ENOSPC" ? " (raise fs.inotify.max_user_watches)" : ""));
    }
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  close(): void {
    // Changes not yet in the snapshot: written now rather than read again at the next start.
    if (this.snapshotTimer !== undefined || this.snapshotSlicing) this.saveSnapshot();
    this.closed = true;
    this.search.close();
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.postWatch?.close();
  }

  private schedule(note: () => void): void {
    note();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.applyChanges().catch((e: unknown) => this.options.log.error("reload failed", { error: String(e) }));
    }, DEBOUNCE_MS);
  }

  /** Reloads what changed since the last call; exposed for tests that do not want to wait for events. */
  async applyChanges(): Promise<SiteChange> {
    const change: SiteChange = { posts: new Set(), listings: false, everything: false, staticFiles: false };
    const oldCloud = JSON.stringify(this.current.cloud);
    const oldNavigation = navigationOf(this.current);
    if (this.pendingPostsDir) {
      this.pendingPostsDir = false;
      this.watchPostsDir();
    }
    if (this.pendingScan) {
      this.pendingScan = false;
      const onDisk = new Set(listPostIds(this.options.config.dataDir, []));
      for (const id of onDisk) if (!this.posts.has(id)) this.pendingPosts.add(id);
      for (const id of this.posts.keys()) if (!onDisk.has(id)) this.pendingPosts.add(id);
    }
    const ids = this.pendingPosts;
    this.pendingPosts = new Set();
    for (const id of ids) await this.reloadPost(id, change);
    if (this.pendingTemplates) {
      this.pendingTemplates = false;
      this.watchTemplateDirs();
      await this.loadTemplates();
      change.everything = true;
    }
    if (this.pendingStatic) {
      this.pendingStatic = false;
      this.watchWebDir();
      change.staticFiles = true;
    }
    const before = this.current;
    if (change.posts.size > 0 || change.everything) this.rebuild();
    if (change.posts.size > 0) this.scheduleSnapshot();
    // The tag cloud and the pages' navigation are on every page.
    if (JSON.stringify(this.current.cloud) !== oldCloud || navigationOf(this.current) !== oldNavigation) change.everything = true;
    if (this.current !== before && this.urlsMoved(before)) {
      // Any page may link to a post whose URL moved (its slug, date or collision suffix), bodies
      // too (`\post{}`): they are rendered again as they are asked for.
      for (const id of this.posts.keys()) this.bodies.forget(id);
      change.everything = true;
    }
    if (change.posts.size > 0 || change.everything || change.staticFiles) this.emit(change);
    return change;
  }

  private async reloadPost(id: number, change: SiteChange): Promise<void> {
    const { config, log } = this.options;
    const old = this.posts.get(id);
    const dir = join(config.dataDir, "posts", String(id));
    if (!existsSync(dir)) {
      if (!old) return;
      this.posts.delete(id);
      this.files.delete(id);
      this.checked.delete(id);
      this.bodies.remove(id);
      this.postWatch?.unwatch(id);
      change.posts.add(id);
      change.listings = true;
      log.info(`post ${id} was deleted`);
      return;
    }
    // Watched anew each time: the directory may have been replaced, leaving the old watch on a
    // deleted or moved inode. Even a post that does not load yet: its missing file may be on its way.
    // A post changed while serving is watched from then on, swept or not before.
    this.postWatch?.changed(id);
    const { post, files, diagnostics } = loadPost(id, this.loadOptions);
    for (const d of diagnostics) log.diagnostic(d);
    // A big body is checked in a thread, like at start-up, not on the thread answering requests.
    const body = !post
      ? undefined
      : post.bodySize > INLINE_RENDER_LIMIT
        ? await checkBodiesInWorker([post], config.maxPostSize).then((r) => ({ ok: r.broken.length === 0, diagnostics: r.diagnostics }))
        : checkBody(post, config.maxPostSize);
    for (const d of body?.diagnostics ?? []) log.diagnostic(d);
    if (!post || !body?.ok) {
      if (old) log.warn(`post ${id} has errors after an edit; its last good version stays online`, { post: id });
      return;
    }
    this.posts.set(id, post);
    if (files) this.files.set(id, files);
    else this.files.delete(id);
    this.checked.add(id);
    this.bodies.forget(id);
    change.posts.add(id);
    if (!old || !sameListing(old, post)) change.listings = true;
    if (!old) log.info(`post ${id} was added`);
  }

  private emit(change: SiteChange): void {
    for (const id of change.posts) this.search.update(id, this.posts.get(id));
    for (const listener of this.listeners) listener(change);
  }
}
