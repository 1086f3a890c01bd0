/**
 * Telling the blog's owner about a new pending comment, which blahgd never
 * did: a shell command fed the comment as JSON (`notify-command`) and a
 * plain-text mail over SMTP (`notify-email` with `smtp-host`), either, both
 * or neither. A notification is a side effect of accepting a comment, never
 * a condition of it: the comment is already safe on disk, so every failure
 * is logged and swallowed, and the server does not wait for the outcome.
 */

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createTransport, type SMTPTransportOptions } from "nodemailer";
import type { Config } from "../config/config.js";
import type { Logger } from "../log.js";

export interface CommentEvent {
  /** The pending comment's directory name (what `blahg comments approve NAME` takes). */
  name: string;
  postId: number;
  postTitle: string;
  postUrl: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  /** ISO 8601 UTC. */
  time: string;
  text: string;
  /** The moderation page, when one is configured. */
  moderationUrl?: string;
}

export interface Notifier {
  /** Sends the configured notifications; resolves when all are done or given up, never rejects. */
  notify(event: CommentEvent): Promise<void>;
}

export interface NotifierOptions {
  /** How long notify-command may run before its process group is killed (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_NOTIFY_TIMEOUT_MS = 30_000;

/** How much of a command's stdout and stderr goes into the log, each. */
const OUTPUT_LOG_LIMIT = 4096;

/** Between SIGTERM and SIGKILL for a command past its time: enough for curl to give up cleanly. */
const KILL_GRACE_MS = 2000;

type Channel = (event: CommentEvent) => Promise<void>;

export function createNotifier(config: Config, log: Logger, options: NotifierOptions = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  const channels: Channel[] = [];
  if (config.notifyCommand !== undefined && config.notifyCommand.trim() !== "") {
    channels.push(commandChannel(config.notifyCommand, timeoutMs, log));
  }
  const mail = mailChannel(config, log);
  if (mail !== undefined) channels.push(mail);

  return {
    async notify(event) {
      // Each channel catches its own errors; this is the last net, for bugs.
      const results = await Promise.allSettled(channels.map((send) => send(event)));
      for (const r of results) {
        if (r.status === "rejected") log.error("notification failed", { comment: event.name, error: errorText(r.reason) });
      }
    },
  };
}

// ---------------------------------------------------------------------------
// notify-command

/** The first bytes of a stream, and how many there were in all. */
class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= OUTPUT_LOG_LIMIT) return;
    const part = chunk.subarray(0, OUTPUT_LOG_LIMIT - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  text(): string {
    const head = Buffer.concat(this.chunks).toString("utf8");
    return this.total > this.kept ? `${head}… (${this.total - this.kept} more bytes)` : head;
  }
}

type CommandOutcome =
  | { kind: "exited"; code: number | null; signal: NodeJS.Signals | null; stdout: OutputCapture; stderr: OutputCapture }
  | { kind: "timeout"; stdout: OutputCapture; stderr: OutputCapture }
  | { kind: "spawn-error"; error: unknown };

function commandChannel(command: string, timeoutMs: number, log: Logger): Channel {
  return async (event) => {
    const started = performance.now();
    const env = { ...process.env, BLAHG_COMMENT_NAME: event.name, BLAHG_POST_ID: String(event.postId) };
    const outcome = await runShellCommand(command, JSON.stringify(event), env, timeoutMs);
    const ms = Math.round(performance.now() - started);
    // The command itself is not logged: it may hold a webhook token.
    const fields: Record<string, unknown> = { comment: event.name, ms };
    if (outcome.kind === "spawn-error") {
      log.error(`notify-command could not be started: ${errorText(outcome.error)}`, fields);
      return;
    }
    if (outcome.stdout.total > 0) fields["stdout"] = outcome.stdout.text();
    if (outcome.stderr.total > 0) fields["stderr"] = outcome.stderr.text();
    if (outcome.kind === "timeout") {
      log.error(`notify-command did not finish within ${formatDuration(timeoutMs)}; its process group was killed`, fields);
    } else if (outcome.signal !== null) {
      log.error(`notify-command was killed by ${outcome.signal}`, fields);
    } else if (outcome.code !== 0) {
      const hint = outcome.code === 127 ? " (command not found)" : outcome.code === 126 ? " (not executable)" : "";
      log.error(`notify-command failed with exit status ${outcome.code}${hint}`, { ...fields, status: outcome.code });
    } else {
      log.info("notify-command ran for a new comment", fields);
    }
  };
}

/**
 * Runs `command` with `/bin/sh -c` in a process group of its own, so that a
 * timeout can end everything it started (a pipeline, a curl under a
 * subshell), not just the shell.
 */
function runShellCommand(command: string, input: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    const stdout = new OutputCapture();
    const stderr = new OutputCapture();
    let settled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: CommandOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve(outcome);
    };

    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn("/bin/sh", ["-c", command], { env, detached: true });
    } catch (error) {
      resolve({ kind: "spawn-error", error });
      return;
    }
    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is gone already.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      killTimer = setTimeout(() => {
        killGroup("SIGKILL");
        // A process that left the group (setsid) may still hold the pipes; stop waiting for it.
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ kind: "timeout", stdout, stderr });
      }, KILL_GRACE_MS);
    }, timeoutMs);

    child.stdout.on("data", (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.add(chunk));
    // EPIPE when the command does not read its input; not an error of ours.
    child.stdin.on("error", () => {});
    child.stdin.end(input, "utf8");
    child.on("error", (error) => finish({ kind: "spawn-error", error }));
    child.on("close", (code, signal) => {
      finish(timedOut ? { kind: "timeout", stdout, stderr } : { kind: "exited", code, signal, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------
// Mail

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * The nodemailer SMTP options for the config, or undefined when mail is not
 * configured (smtp-host and notify-email are both needed).
 */
export function smtpTransportOptions(config: Config): SMTPTransportOptions | undefined {
  const host = config.smtpHost?.trim() || undefined;
  if (host === undefined || !config.notifyEmail?.trim()) return undefined;
  const port = config.smtpPort;
  const authenticated = config.smtpUser !== undefined && config.smtpUser !== "";
  return {
    host,
    port,
    // 465 is TLS from the first byte; elsewhere STARTTLS is used when the server offers it.
    secure: port === 465,
    // A password must not cross the network in clear because someone stripped STARTTLS from the EHLO reply.
    requireTLS: authenticated && port !== 465 && !LOOPBACK_HOSTS.has(host.toLowerCase()),
    ...(authenticated && { auth: { user: config.smtpUser, pass: config.smtpPassword ?? "" } }),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    dnsTimeout: 15_000,
    // The message is built from visitors' text; nothing in it may make nodemailer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function mailChannel(config: Config, log: Logger): Channel | undefined {
  const options = smtpTransportOptions(config);
  const to = config.notifyEmail?.trim() ?? "";
  if (options === undefined) {
    if (config.smtpHost?.trim()) log.warn("smtp-host is set but notify-email is not: no notification mails are sent");
    else if (to !== "") log.warn("notify-email is set but smtp-host is not: no notification mails are sent");
    return undefined;
  }
  const transport = createTransport(options);
  const from = config.smtpFrom?.trim() || to;

  return async (event) => {
    try {
      const info = await transport.sendMail({
        from,
        to,
        subject: notificationSubject(event),
        text: notificationText(event),
        headers: { "Auto-Submitted": "auto-generated", "X-Blahg-Comment": oneLine(event.name) },
      });
      log.info("mailed a new-comment notification", {
        comment: event.name,
        to,
        messageId: info.messageId,
        response: info.response,
      });
    } catch (error) {
      log.error(`could not mail the new-comment notification: ${errorText(error)}`, {
        comment: event.name,
        to,
        smtpHost: options.host,
        smtpPort: options.port,
      });
    }
  };
}

/** `New comment on "TITLE" by AUTHOR`, on one line whatever the visitor typed. */
export function notificationSubject(event: CommentEvent): string {
  return `New comment on "${clip(oneLine(event.postTitle), 120)}" by ${clip(oneLine(event.author), 80) || "(anonymous)"}`;
}

/**
 * The mail body. Single-line fields are forced onto one line and the
 * comment is quoted line by line with "> ", so a visitor cannot forge a
 * line of the message, such as an approve command for another comment.
 */
export function notificationText(event: CommentEvent): string {
  const name = oneLine(event.name);
  const field = (label: string, value: string): string => `${(label + ":").padEnd(9)}${oneLine(value) || "(none)"}`;
  const quoted = event.text
    .replace(/(?:\r\n|\r|\n)+$/, "")
    .split(/\r\n|\r|\n/)
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
  const lines = [
    `A new comment on "${oneLine(event.postTitle)}" is waiting for moderation.`,
    "",
    field("Post", event.postUrl),
    field("Author", event.author),
    field("Email", event.email),
    field("Website", event.url),
    field("IP", event.ip),
    field("Time", event.time),
    "",
    quoted,
    "",
    `To approve it: blahg comments approve ${name}`,
    `To reject it:  blahg comments reject ${name}`,
  ];
  if (event.moderationUrl !== undefined && event.moderationUrl !== "") {
    lines.push(`Or moderate it at ${oneLine(event.moderationUrl)}`);
  }
  return lines.join("\n") + "\n";
}

/** Control characters, line and paragraph separators and runs of spaces become one space. */
function oneLine(s: string): string {
  return s.replace(/[\s\p{Cc}\u2028\u2029]+/gu, " ").trim();
}

function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join("") + "…";
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
