/**
 * Structured logging: one JSON object per line on stdout (time, level,
 * message, fields), the shape log shippers and `jq` expect. Small on
 * purpose: the server logs a line per request and diagnostics, nothing more.
 */

import { formatDiagnostic, type Diagnostic } from "./diagnostics.js";

export type Level = "debug" | "info" | "warn" | "error";

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A diagnostic at its severity, with its place in the message. */
  diagnostic(d: Diagnostic): void;
}

/**
 * Lines for stdout are collected and written together every few
 * milliseconds: one write per request would cost more than serving a
 * cached page.
 */
function bufferedStdout(): (line: string) => void {
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (pending === "") return;
    const out = pending;
    pending = "";
    process.stdout.write(out);
  };
  process.on("exit", flush);
  return (line) => {
    pending += line;
    if (pending.length > 64 * 1024) flush();
    else timer ??= setTimeout(flush, 20).unref();
  };
}

export function createLogger(options: { level?: Level; write?: (line: string) => void } = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? bufferedStdout();
  const log = (level: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + "\n");
  };
  return {
    log,
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
    diagnostic: (d) => log(d.severity === "error" ? "error" : "warn", formatDiagnostic(d), { code: d.code }),
  };
}

/** A logger that drops everything (tests, quiet commands). */
export const silentLogger: Logger = createLogger({ write: () => {} });
