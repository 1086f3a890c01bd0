/**
 * `blahg serve`: serves a blog over HTTP, and over SCGI for nginx when
 * asked (SERVE_USAGE says when). With no arguments it serves the blog of
 * ./config.lisp when there is one, else the bundled example blog with the
 * default theme. Flags override config keys.
 */

import cluster from "node:cluster";
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CONFIG, type Config } from "../config/config.js";
import { createLogger, type Level } from "../log.js";
import { defaultThemeDir, exampleDir } from "../paths.js";
import { ListenError, startBlog } from "../server/start-blog.js";
import { configPathOrLocal, loadConfigOption } from "./config-option.js";
import { version } from "../version.js";
import { UsageError, type Io } from "./output.js";

export const SERVE_USAGE =
  "blahg serve [--config FILE] [--data DIR] [--templates DIR] [--web DIR] [--host H] [--port N] [--scgi-port N] [--scgi-host H] [--no-scgi] [--base-url URL] [--workers N] [--log-level debug|info|warn|error]\n" +
  "    --workers N runs N server processes sharing the ports (0: one per CPU; default 1).\n" +
  "    Without --config and --data it serves ./config.lisp's blog when there is one, else the bundled example.\n" +
  "    SCGI (for nginx, as blahgd) is served too when --scgi-port or --scgi-host is given, or --config names a\n" +
  "    blahgd config (port: --scgi-port, else the config's scgi-port, default 2014; host: --scgi-host, default 127.0.0.1).";

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535)`);
  return n;
}

/** A template directory is usable when it has the html templates. */
function usableTemplates(dir: string): boolean {
  return existsSync(join(dir, "html"));
}

function parseServeArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      templates: { type: "string" },
      web: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      "scgi-port": { type: "string" },
      "scgi-host": { type: "string" },
      "no-scgi": { type: "boolean", default: false },
      "base-url": { type: "string" },
      workers: { type: "string", default: "1" },
      "log-level": { type: "string", default: "info" },
    },
  });
}

type ServeValues = ReturnType<typeof parseServeArgs>["values"];

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseServeArgs(args);
  const workers = values.workers === "0" ? availableParallelism() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError("--workers must be a number of processes (0: one per CPU)");
  if (workers > 1 && cluster.isPrimary) return superviseWorkers(workers, io);
  void positionals;
  const status = await serveOne(values, io);
  // A worker's channel to the primary would keep it running, after a stop or a failed start alike.
  if (cluster.isWorker) cluster.worker?.disconnect();
  return status;
}

async function serveOne(values: ServeValues, io: Io): Promise<number> {
  const level = values["log-level"] as Level;
  if (!["debug", "info", "warn", "error"].includes(level)) throw new UsageError("--log-level must be debug, info, warn or error");
  const log = createLogger({ level });

  // No config, no data directory and no ./config.lisp (a blog made by `blahg init`): the bundled example blog.
  const localConfig = values.data === undefined ? configPathOrLocal(values.config) : values.config;
  const example = localConfig === undefined && values.data === undefined;
  const configPath = localConfig ?? (example ? join(exampleDir, "config.lisp") : undefined);
  let config: Config = { ...DEFAULT_CONFIG };
  if (configPath !== undefined) {
    const loaded = await loadConfigOption(io, configPath);
    if (!loaded) return 1;
    config = loaded;
  }
  if (example) config.dataDir = exampleDir;
  if (values.data !== undefined) config.dataDir = values.data;
  if (values.templates !== undefined) config.templateDir = values.templates;
  if (values.web !== undefined) config.webDir = values.web;
  if (values.host !== undefined) config.httpHost = values.host;
  config.httpPort = port(values.port, "--port") ?? config.httpPort;
  // Config always has scgi-port (default 2014), so an explicit config file, not the key, turns SCGI on
  // (not ./config.lisp found by itself: a blog being written serves HTTP only unless asked).
  const scgi = !values["no-scgi"] && (values["scgi-port"] !== undefined || values["scgi-host"] !== undefined || values.config !== undefined);
  const scgiPort = scgi ? (port(values["scgi-port"], "--scgi-port") ?? config.scgiPort) : undefined;

  let templateDir = config.templateDir;
  let webDir = config.webDir;
  if (example || (values.templates === undefined && !usableTemplates(templateDir))) {
    if (!example) log.info(`no templates in ${templateDir}; using the default theme`);
    templateDir = defaultThemeDir;
  }
  if (example || (values.web === undefined && !existsSync(webDir))) webDir = join(defaultThemeDir, "web");
  const postsDir = join(config.dataDir, "posts");
  try {
    readdirSync(postsDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${code ?? e})`;
    io.stderr(`blahg serve: ${postsDir} ${why} (set data-dir in the config or use --data)\n`);
    return 1;
  }

  let blog;
  try {
    blog = await startBlog({
    config,
    templateDir,
    webDir,
    log,
    scgiPort,
    scgiHost: values["scgi-host"],
    baseUrl: values["base-url"] !== undefined ? values["base-url"].replace(/\/+$/, "") : example ? "listening-address" : undefined,
    });
  } catch (e) {
    // One line, not a stack trace: what failed and where.
    io.stderr(`blahg serve: ${e instanceof ListenError ? e.message : `cannot start: ${e instanceof Error ? e.message : String(e)}`}\n`);
    return 1;
  }
  const scgiAt = blog.scgiAddress ? ` and SCGI on ${blog.scgiAddress.address}:${blog.scgiAddress.port}` : "";
  const who = cluster.isWorker ? ` (worker ${process.pid})` : "";
  io.stderr(`blahg ${version()}${who}: serving ${config.dataDir} at ${blog.url}/${scgiAt}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info(`${signal}: shutting down`);
      blog.close().then(resolve, resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}

/**
 * The primary of `--workers N`: starts N copies of this command that share
 * the listening sockets, starts a new one when one dies, and passes SIGTERM
 * and SIGINT on for a graceful stop.
 */
function superviseWorkers(count: number, io: Io): Promise<number> {
  let stopping = false;
  const started: number[] = [];
  const fork = (): void => {
    started.push(Date.now());
    cluster.fork();
  };
  const listening = new Set<number>();
  cluster.on("listening", (worker) => void listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (code === 1 && !listening.has(worker.id)) {
      // It could not start (a port in use, a bad config) and said why: another would fail alike.
      process.exitCode = 1;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      return;
    }
    io.stderr(`blahg serve: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    // Crashing again and again (say, a bad config) is not worth looping on.
    const recent = started.filter((t) => t > Date.now() - 10_000);
    if (recent.length > count * 5) {
      io.stderr("blahg serve: workers keep dying; giving up\n");
      process.exitCode = 1;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      return;
    }
    setTimeout(fork, 200);
  });
  for (let i = 0; i < count; i++) fork();
  return new Promise((resolve) => {
    const stop = (): void => {
      stopping = true;
      // The signal itself, not worker.kill(), which first waits for every connection to end.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    const check = setInterval(() => {
      if (stopping && Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        resolve(Number(process.exitCode ?? 0));
      }
    }, 50);
  });
}
