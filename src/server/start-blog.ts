/**
 * Starts a blog: binds the HTTP server (and the SCGI one when asked), loads
 * the site, wires file changes to the response cache, and stops it all
 * gracefully. The `serve` command and the integration tests both start blogs
 * this way.
 */

import { randomBytes } from "node:crypto";
import type { Server } from "node:net";
import type { AddressInfo } from "node:net";
import type { Config } from "../config/config.js";
import { RequestHandler } from "../http/handler.js";
import { createFastHttpServer, type FastHttpServer, type FastHttpServerOptions } from "../http/fast-http-server.js";
import { createScgiServer, type ScgiServer, type ScgiServerOptions } from "../http/scgi-server.js";
import { ResponseCache } from "../http/response-cache.js";
import type { Logger } from "../log.js";
import { version } from "../version.js";
import { captchaAddends, FormTokens } from "../comments/anti-spam.js";
import { createNotifier } from "../comments/notify.js";
import { loadSiteSecret, SiteSecret } from "../comments/site-secret.js";
import { CommentDesk } from "../comments/submit.js";
import { createAdminPage, type AdminPage } from "../comments/admin-page.js";
import { LiveSite } from "./live-site.js";

export interface StartOptions {
  config: Config;
  templateDir: string;
  webDir: string;
  log: Logger;
  /** Overrides `base-url`; "listening-address" uses the address the server got. */
  baseUrl?: string | undefined;
  /** Watch the files for changes (default true). */
  watch?: boolean;
  /** The clock in nanoseconds, for tests. */
  now?: () => bigint;
  /** Also serve SCGI (for nginx, as blahgd did) on this port; 0 picks a free one. */
  scgiPort?: number | undefined;
  /** Address the SCGI server binds (default 127.0.0.1: SCGI trusts whatever REMOTE_ADDR it is sent). */
  scgiHost?: string | undefined;
  /** Limits and timeout of the SCGI server. */
  scgi?: ScgiServerOptions;
  /** Limits and timeouts of the HTTP server. */
  http?: FastHttpServerOptions;
  /**
   * How long after the posts are loaded the search index is opened or
   * written (default SEARCH_START_DELAY_MS; tests use 0). Starting its
   * thread copies every post's metadata to it, 0.1 s at 50,000 posts: the
   * first readers after a restart are served first.
   */
  searchStartDelayMs?: number;
}

export const SEARCH_START_DELAY_MS = 1000;

export interface RunningBlog {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  server: Server;
  /** The HTTP front serving `server` (its counters, for tests). */
  front: FastHttpServer;
  /** The SCGI server and its bound address, when `scgiPort` was given. */
  scgiServer: ScgiServer | undefined;
  scgiAddress: AddressInfo | undefined;
  site: LiveSite;
  cache: ResponseCache;
  /** Settles when the posts taken from the start-up snapshot were compared with their files and the background check of every body is done. */
  checked: Promise<void>;
  /** Settles when the search index holds every post. */
  searchReady: Promise<void>;
  /** Stops accepting connections, lets running requests finish (up to 5 s), stops watching. */
  close(): Promise<void>;
}

/** A port the blog could not listen on, with what, where and why (for one clear line, not a stack trace). */
export class ListenError extends Error {
  constructor(
    readonly protocol: "HTTP" | "SCGI",
    readonly host: string,
    readonly port: number,
    readonly code: string,
  ) {
    super(`cannot listen on ${host.includes(":") ? `[${host}]` : host}:${port} (${protocol}): ${LISTEN_ERRORS[code] ?? code}`);
  }
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: "address in use (is another blog running? choose another port)",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "no such address on this machine",
  ENOTFOUND: "unknown host name",
  EAI_AGAIN: "the host name cannot be resolved now",
};

function listen(server: Server, protocol: ListenError["protocol"], port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException): void => reject(new ListenError(protocol, host, port, e.code ?? String(e)));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

/** The site secret; a read-only data directory gets one for this run only (with a warning). */
function openSecret(dataDir: string, log: Logger): SiteSecret {
  try {
    return loadSiteSecret(dataDir);
  } catch (e) {
    log.warn(`cannot keep a site secret in ${dataDir} (${(e as NodeJS.ErrnoException).code ?? e}): comment forms stop working at each restart`);
    return new SiteSecret(randomBytes(32));
  }
}

export async function startBlog(options: StartOptions): Promise<RunningBlog> {
  const { config, log } = options;
  const cache = new ResponseCache();
  const secret = openSecret(config.dataDir, log);
  const tokens = new FormTokens(secret);
  const captcha = captchaAddends(secret, config.commentCaptchaA, config.commentCaptchaB);
  let live: LiveSite | undefined;
  let admin: AdminPage | undefined;
  let desk: CommentDesk | undefined;
  const handler = new RequestHandler({
    site: () => live?.site(),
    staticFiles: () => live!.staticFiles(),
    cache,
    // Both are made once the base URL is known (links, notifications, the Origin check).
    comment: (request, site, now) => desk!.submit(request, site, now),
    admin: (request, site, now) => admin!(request, site, now),
    ...(options.now && { now: options.now }),
  });
  const http = createFastHttpServer(handler, log, options.http);
  const server = http.server;
  await listen(server, "HTTP", config.httpPort, config.httpHost);
  let scgiServer: ScgiServer | undefined;
  if (options.scgiPort !== undefined) {
    const scgi = createScgiServer(handler, log, options.scgi);
    try {
      await listen(scgi, "SCGI", options.scgiPort, options.scgiHost ?? "127.0.0.1");
    } catch (error) {
      server.close();
      throw error;
    }
    scgiServer = scgi;
  }
  const scgiAddress = scgiServer?.address() as AddressInfo | undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (options.baseUrl !== undefined) config.baseUrl = options.baseUrl === "listening-address" ? url : options.baseUrl;
  admin = createAdminPage({ dataDir: config.dataDir, secret, passwordHash: config.adminPassword, log, baseUrl: config.baseUrl });
  desk = new CommentDesk({
    dataDir: config.dataDir,
    tokens,
    captcha,
    minThink: config.commentMinThink,
    maxThink: config.commentMaxThink,
    rateLimit: config.commentRateLimit,
    staticRateLimit: config.staticCommentRateLimit,
    maxPending: config.commentMaxPending,
    log,
    notifier: createNotifier(config, log),
    moderationPage: Boolean(config.adminPassword),
  });

  try {
    live = await LiveSite.open({
      config,
      templateDir: options.templateDir,
      webDir: options.webDir,
      version: version(),
      captcha,
      formToken: (now) => tokens.issue(now),
      log,
    });
  } catch (error) {
    // Listening sockets would keep a process that cannot serve alive.
    server.close();
    scgiServer?.close();
    throw error;
  }
  live.onChange((change) => {
    if (change.everything) cache.clear();
    else {
      if (change.posts.size > 0 || change.listings) cache.invalidate(change.posts, change.listings);
      if (change.staticFiles) cache.clear("static");
    }
  });
  // A big first load may still be running: what follows needs every post.
  const loaded = live.loaded;
  if (options.watch !== false) void loaded.then(() => live.watch());
  // Posts changed while the blog was stopped are loaded again first, so that the check sees them.
  const checked = loaded.then(() => live.verifySnapshotInBackground()).then(() => live.checkBodiesInBackground());
  const searchReady = loaded
    .then(() => new Promise((resolve) => setTimeout(resolve, options.searchStartDelayMs ?? SEARCH_START_DELAY_MS).unref()))
    .then(() => live.indexSearchInBackground());
  log.info("listening", { url, ...(scgiAddress && { scgi: `${scgiAddress.address}:${scgiAddress.port}` }), dataDir: config.dataDir, templateDir: options.templateDir, webDir: options.webDir });

  const site = live;
  return {
    url,
    server,
    front: http,
    scgiServer,
    scgiAddress,
    site,
    cache,
    checked,
    searchReady,
    close: async () => {
      site.close();
      const closed = Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        scgiServer && new Promise<void>((resolve) => scgiServer.close(() => resolve())),
      ]);
      http.closeConnections();
      scgiServer?.closeIdleConnections();
      const timer = setTimeout(() => {
        http.destroyConnections();
        scgiServer?.closeAllConnections();
      }, 5000).unref();
      await closed;
      clearTimeout(timer);
    },
  };
}
