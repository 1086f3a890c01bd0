/**
 * The site as it is on disk, kept current: loads posts, templates and the
 * web directory, builds the Site snapshot, and when files change reloads
 * only what they belong to and says which pages that touches. A broken
 * edit keeps the post's last good version; a deleted post disappears.
 */

import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import { BodyStore, checkBody, INLINE_RENDER_LIMIT } from "../content/bodies.js";
import { checkBodiesInWorker, loadPostsInWorkers, renderBodyInWorker, type AsideRenderOptions } from "../content/load-in-worker.js";
import { listPostIds, loadPost, parsePostId, type LoadOptions } from "../content/load-posts.js";
import type { Post } from "../content/model.js";
import { SiteIndex } from "../content/site-index.js";
import type { Config } from "../config/config.js";
import { StaticFiles } from "../http/static-files.js";
import type { Logger } from "../log.js";
import { SiteSearch } from "../search/site-search.js";
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

function sameListing(a: Post, b: Post): boolean {
  return a.title === b.title && a.time === b.time && a.listed === b.listed && a.comments.length === b.comments.length &&
    a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]) &&
    // The post's URL (slug) and old URLs (aliases) are written into listings and answer requests.
    a.slug === b.slug && (a.aliases ?? []).join("\n") === (b.aliases ?? []).join("\n");
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
      renderAside: (post, titleLevel) => {
        const rendered = this.asideQueue.then(() => renderBodyInWorker(post, titleLevel, bodyOptions));
        this.asideQueue = rendered.catch(() => {});
        return rendered;
      },
      onRenderedAside: (id) => {
        if (!this.closed) this.emit({ posts: new Set([id]), listings: false, everything: false, staticFiles: false });
      },
    });
    this.statics = new StaticFiles(options.webDir, (d) => log.diagnostic(d));
    this.search = new SiteSearch({ textOf: (post) => this.bodies.plainText(post) });
  }

  /** Loads everything; problems are logged, and a post that cannot be loaded is skipped. */
  static async open(options: LiveSiteOptions): Promise<LiveSite> {
    const live = new LiveSite(options);
    const start = performance.now();
    // The templates load on this thread while the posts load on others.
    const [{ posts, diagnostics }] = await Promise.all([loadPostsInWorkers(live.loadOptions), live.loadTemplates()]);
    for (const post of posts) live.posts.set(post.id, post);
    for (const d of diagnostics) options.log.diagnostic(d);
    live.rebuild();
    options.log.info(`loaded ${live.posts.size} posts in ${Math.round(performance.now() - start)} ms`, { posts: live.posts.size });
    return live;
  }

  site(): Site {
    return this.current;
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
  }

  private rebuild(): void {
    this.current = new Site({
      config: this.options.config,
      index: new SiteIndex(this.posts.values()),
      templates: this.templates,
      bodies: this.bodies,
      search: this.search,
      version: this.options.version,
      captcha: this.options.captcha,
      onProblem: (d) => this.options.log.diagnostic(d),
      ...(this.options.formToken && { formToken: this.options.formToken }),
    });
  }

  /**
   * Checks every body in the background (in a worker thread, so requests
   * keep being served); a post whose body does not parse is taken off the site.
   */
  async checkBodiesInBackground(): Promise<void> {
    const { broken, diagnostics } = await checkBodiesInWorker([...this.posts.values()], this.options.config.maxPostSize);
    for (const d of diagnostics) this.options.log.diagnostic(d);
    // Big bodies are rendered now, aside, rather than when their first reader waits for them.
    const brokenSet = new Set(broken);
    for (const post of this.posts.values()) {
      if (post.bodySize > INLINE_RENDER_LIMIT && !brokenSet.has(post.id)) this.bodies.body(post);
    }
    if (broken.length === 0) return;
    for (const id of broken) this.posts.delete(id);
    this.options.log.warn(`skipped ${broken.length} posts whose body has a syntax error`, { posts: broken });
    this.rebuild();
    this.emit({ posts: new Set(broken), listings: true, everything: true, staticFiles: false });
  }

  /** Builds the search index in the background (requests are answered meanwhile); changes made during the build are followed. */
  async indexSearchInBackground(): Promise<void> {
    const start = performance.now();
    await this.search.build([...this.posts.keys()], (id) => this.posts.get(id));
    this.options.log.info(`indexed ${this.search.index.size} posts for search in ${Math.round(performance.now() - start)} ms`, { posts: this.search.index.size });
  }

  // --- watching ---

  /**
   * Starts watching the data, template and web directories. A watch follows
   * an inode, not a path: when a directory is replaced (`rm -rf` and a copy,
   * or a `mv` over it) the old watch goes quiet. So each directory's parent
   * is watched too, and an event naming the directory watches it anew.
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
    // Thousands of post directories: a few hundred at a time, so requests are answered meanwhile.
    const ids = [...this.posts.keys()];
    const step = (from: number): void => {
      if (this.closed) return;
      for (const id of ids.slice(from, from + 500)) this.watchPost(id);
      if (from + 500 < ids.length) setImmediate(step, from + 500);
    };
    setImmediate(step, 0);
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

  /**
   * Watches a post's directory. Its comments directory is not watched: a
   * comment is shown only once post.lisp lists it, and that edit is seen.
   */
  private watchPost(id: number): void {
    const dir = join(this.options.config.dataDir, "posts", String(id));
    this.watchDir(dir, () => this.schedule(() => this.pendingPosts.add(id)));
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
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
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
    if (JSON.stringify(this.current.cloud) !== oldCloud) change.everything = true;
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
      this.bodies.remove(id);
      this.unwatchPost(id);
      change.posts.add(id);
      change.listings = true;
      log.info(`post ${id} was deleted`);
      return;
    }
    // Watched anew each time: the directory may have been replaced, leaving the old watch on a
    // deleted or moved inode. Even a post that does not load yet: its missing file may be on its way.
    this.unwatch(dir);
    this.watchPost(id);
    const { post, diagnostics } = loadPost(id, this.loadOptions);
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
    this.bodies.forget(id);
    change.posts.add(id);
    if (!old || !sameListing(old, post)) change.listings = true;
    if (!old) log.info(`post ${id} was added`);
  }

  private unwatchPost(id: number): void {
    const dir = join(this.options.config.dataDir, "posts", String(id));
    for (const [path, watcher] of this.watchers) {
      if (path === dir || path.startsWith(dir + sep)) {
        watcher.close();
        this.watchers.delete(path);
      }
    }
  }

  private emit(change: SiteChange): void {
    for (const id of change.posts) this.search.update(id, this.posts.get(id));
    for (const listener of this.listeners) listener(change);
  }
}
