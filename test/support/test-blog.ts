/**
 * A real blog server for integration tests: the test site under
 * test/fixtures/site, on port 0, with a fixed clock, in either the default
 * theme or the blahgd-style templates.
 */

import { cpSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import type { Config } from "../../src/config/config.js";
import { loadConfigFile } from "../../src/config/load-config.js";
import { compilePermalink } from "../../src/config/permalink-pattern.js";
import type { ScgiServerOptions } from "../../src/http/scgi-server.js";
import type { FastHttpServerOptions } from "../../src/http/fast-http-server.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { defaultThemeDir } from "../../src/paths.js";
import { startBlog, type RunningBlog } from "../../src/server/start-blog.js";
import { fixturesDir } from "./paths.js";
import { tempDir } from "./temp-dir.js";

/** 2024-06-01T12:00:00Z in nanoseconds: pages render the same every time. */
export const FIXED_NOW = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1_000_000n;

export const THEMES = {
  default: defaultThemeDir,
  blahgd: join(fixturesDir, "blahgd-templates"),
} as const;

export interface TestBlogOptions {
  theme?: keyof typeof THEMES;
  /** Another data directory (a temporary copy for tests that change files). */
  dataDir?: string;
  /** Another template directory (instead of the theme's). */
  templateDir?: string;
  /** Another web directory (instead of the default theme's). */
  webDir?: string;
  watch?: boolean;
  now?: () => bigint;
  /** A `permalink` structure for the blog (checked like the config key). */
  permalink?: string | undefined;
  /** Changes the test site's config before the blog starts. */
  configure?: (config: Config) => void;
  /** Also serve SCGI on 127.0.0.1 at this port (0: a free one). */
  scgiPort?: number;
  scgi?: ScgiServerOptions;
  /** Limits and timeouts of the HTTP server. */
  http?: FastHttpServerOptions;
  /** Where the blog logs (default: nowhere). */
  log?: Logger;
}

export async function startTestBlog(options: TestBlogOptions = {}): Promise<RunningBlog> {
  const { config } = await loadConfigFile(join(fixturesDir, "site", "config.lisp"));
  if (!config) throw new Error("the test site's config does not load");
  config.dataDir = options.dataDir ?? join(fixturesDir, "site");
  config.httpHost = "127.0.0.1";
  config.httpPort = 0;
  if (options.permalink !== undefined) {
    const compiled = compilePermalink(options.permalink);
    if (!("pattern" in compiled)) throw new Error(`permalink ${options.permalink} does not compile`);
    config.permalink = compiled.pattern;
  }
  options.configure?.(config);
  const blog = await startBlog({
    config,
    templateDir: options.templateDir ?? THEMES[options.theme ?? "default"],
    webDir: options.webDir ?? join(defaultThemeDir, "web"),
    log: options.log ?? silentLogger,
    watch: options.watch ?? false,
    now: options.now ?? (() => FIXED_NOW),
    scgiPort: options.scgiPort,
    scgiHost: "127.0.0.1",
    ...(options.scgi && { scgi: options.scgi }),
    ...(options.http && { http: options.http }),
    searchStartDelayMs: 0,
  });
  await blog.checked;
  await blog.searchReady;
  return blog;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A copy of the test site in a temporary directory, for tests that change files. */
export function copyOfTestSite(): string {
  const dir = join(tempDir("blahg-site-"), "site");
  cpSync(join(fixturesDir, "site"), dir, { recursive: true });
  return dir;
}

/** A request with exactly the given headers (fetch adds its own). */
export async function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const method = options.method ?? "GET";
  try {
    return await requestOnce(url, method, options);
  } catch (e) {
    // A kept-alive connection can close just as it is reused, whatever the server does: when
    // the client stalls past the announced keep-alive time (a blocked event loop, a loaded
    // machine), its request crosses the server's close. Browsers then send an idempotent request
    // again on a new connection (RFC 9112 §9.3.1); node's client leaves it to its caller.
    if (!(e instanceof ReusedConnectionReset) || (method !== "GET" && method !== "HEAD")) throw e instanceof ReusedConnectionReset ? e.cause : e;
    return requestOnce(url, method, options);
  }
}

/** A reset of a reused kept-alive connection before any response came. */
class ReusedConnectionReset extends Error {}

function requestOnce(url: string, method: string, options: { headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", (e: NodeJS.ErrnoException) => reject(req.reusedSocket && e.code === "ECONNRESET" ? new ReusedConnectionReset(e.message, { cause: e }) : e));
    req.end(options.body);
  });
}
