/**
 * Starts a blog: binds the HTTP server, loads the site, wires file changes
 * to the response cache, and stops it all gracefully. The `serve` command
 * and the integration tests both start blogs this way.
 */

import { randomInt } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config/config.js";
import { RequestHandler } from "../http/handler.js";
import { createHttpServer } from "../http/node-server.js";
import { ResponseCache } from "../http/response-cache.js";
import type { Logger } from "../log.js";
import { version } from "../version.js";
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
}

export interface RunningBlog {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  server: Server;
  site: LiveSite;
  cache: ResponseCache;
  /** Settles when the background check of every body is done. */
  checked: Promise<void>;
  /** Stops accepting connections, lets running requests finish (up to 5 s), stops watching. */
  close(): Promise<void>;
}

export async function startBlog(options: StartOptions): Promise<RunningBlog> {
  const { config, log } = options;
  const cache = new ResponseCache();
  let live: LiveSite | undefined;
  const handler = new RequestHandler({
    site: () => live?.site(),
    staticFiles: () => live!.staticFiles(),
    cache,
    ...(options.now && { now: options.now }),
  });
  const server = createHttpServer(handler, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.httpPort, config.httpHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (options.baseUrl !== undefined) config.baseUrl = options.baseUrl === "listening-address" ? url : options.baseUrl;

  live = await LiveSite.open({
    config,
    templateDir: options.templateDir,
    webDir: options.webDir,
    version: version(),
    captcha: [config.commentCaptchaA ?? randomInt(1, 10), config.commentCaptchaB ?? randomInt(1, 10)],
    log,
  });
  live.onChange((change) => {
    if (change.everything) cache.clear();
    else {
      if (change.posts.size > 0 || change.listings) cache.invalidate(change.posts, change.listings);
      if (change.staticFiles) cache.clear("static:");
    }
  });
  if (options.watch !== false) live.watch();
  const checked = live.checkBodiesInBackground();
  log.info("listening", { url, dataDir: config.dataDir, templateDir: options.templateDir, webDir: options.webDir });

  const site = live;
  return {
    url,
    server,
    site,
    cache,
    checked,
    close: () =>
      new Promise<void>((resolve) => {
        site.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      }),
  };
}
