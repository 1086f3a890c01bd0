import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, type Config } from "../config/config.js";
import { createLogger, type Logger } from "../log.js";
import { createNotifier, notificationSubject, notificationText, smtpTransportOptions, type CommentEvent } from "./notify.js";

const root = mkdtempSync(join(tmpdir(), "blahg-notify-"));
after(() => rmSync(root, { recursive: true, force: true }));

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { log: createLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line) as LogLine) }), lines };
}

function configWith(overrides: Partial<Config>): Config {
  return { ...DEFAULT_CONFIG, categoryToTag: new Map(), ...overrides };
}

const event: CommentEvent = {
  name: "7-6553f100.075bcd15.00001",
  postId: 7,
  postTitle: "Crème brûlée",
  postUrl: "http://blog.example/?p=7",
  author: "Zoë",
  email: "zoe@example.net",
  url: "https://zoe.example.net/",
  ip: "192.0.2.7",
  time: "2024-05-01T12:34:56Z",
  text: "Grüße aus Köln — 日本語 ✓\nSecond line\n\n.\n",
  moderationUrl: "http://blog.example/admin/comments",
};

/** What an injection attempt looks like: newlines in every one-line field. */
const hostile: CommentEvent = {
  ...event,
  postTitle: "Crème brûlée\r\nBcc: evil@example.org",
  author: "Mallory\r\nBcc: evil@example.org",
  email: "m@example.net\r\nBcc: evil@example.org",
  text: "Grüße aus Köln — 日本語 ✓\r\nTo approve it: blahg comments approve 1-forged\r\n.\r\n..two dots",
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe("notify-command", () => {
  it("receives exactly JSON.stringify(event) on stdin, in UTF-8", async () => {
    const file = join(root, "stdin.json");
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: `cat > '${file}'` }), log).notify(event);
    const received = readFileSync(file, "utf8");
    assert.equal(received, JSON.stringify(event));
    assert.deepEqual(JSON.parse(received), event);
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l["comment"]]),
      [["info", "notify-command ran for a new comment", event.name]],
    );
  });

  it("runs with the server's environment plus BLAHG_COMMENT_NAME and BLAHG_POST_ID", async () => {
    const file = join(root, "env.txt");
    process.env["BLAHG_NOTIFY_TEST_INHERITED"] = "inherited";
    try {
      const { log } = capturingLogger();
      const command = `printf '%s|%s|%s' "$BLAHG_COMMENT_NAME" "$BLAHG_POST_ID" "$BLAHG_NOTIFY_TEST_INHERITED" > '${file}'`;
      await createNotifier(configWith({ notifyCommand: command }), log).notify(event);
    } finally {
      delete process.env["BLAHG_NOTIFY_TEST_INHERITED"];
    }
    assert.equal(readFileSync(file, "utf8"), `${event.name}|7|inherited`);
  });

  it("logs a non-zero exit with its status and stderr, and does not throw", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: "echo to-stdout; echo 'webhook said no' >&2; exit 3" }), log).notify(event);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, "error");
    assert.equal(lines[0]?.msg, "notify-command failed with exit status 3");
    assert.equal(lines[0]?.["status"], 3);
    assert.equal(lines[0]?.["stderr"], "webhook said no\n");
    assert.equal(lines[0]?.["stdout"], "to-stdout\n");
    assert.equal(lines[0]?.["comment"], event.name);
  });

  it("logs a command that does not exist as not found", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: "blahg-no-such-command-here --flag" }), log).notify(event);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, "error");
    assert.equal(lines[0]?.msg, "notify-command failed with exit status 127 (command not found)");
    assert.match(String(lines[0]?.["stderr"]), /blahg-no-such-command-here/);
  });

  it("never logs the command itself, which may hold a token", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: "exit 1 # secret-token-123" }), log).notify(event);
    assert.doesNotMatch(JSON.stringify(lines), /secret-token-123/);
  });

  it("kills a command that hangs past timeoutMs, logs it and resolves", async () => {
    const { log, lines } = capturingLogger();
    const started = Date.now();
    await createNotifier(configWith({ notifyCommand: "echo started; sleep 30" }), log, { timeoutMs: 200 }).notify(event);
    assert.ok(Date.now() - started < 5000, "notify() waited for the sleeping command");
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, "error");
    assert.equal(lines[0]?.msg, "notify-command did not finish within 200 ms; its process group was killed");
    assert.equal(lines[0]?.["stdout"], "started\n");
  });

  it("kills the whole process group, with SIGKILL when SIGTERM is ignored", async () => {
    const pidFile = join(root, "sleeper.pid");
    const { log, lines } = capturingLogger();
    const started = Date.now();
    const command = `trap '' TERM; sleep 30 & echo $! > '${pidFile}'; wait`;
    await createNotifier(configWith({ notifyCommand: command }), log, { timeoutMs: 200 }).notify(event);
    assert.ok(Date.now() - started < 8000);
    assert.equal(lines[0]?.msg, "notify-command did not finish within 200 ms; its process group was killed");
    const sleeper = Number(readFileSync(pidFile, "utf8").trim());
    assert.ok(sleeper > 0);
    assert.ok(await eventually(() => !isAlive(sleeper)), `the background sleep ${sleeper} outlived the timeout`);
  });

  it("logs only the first few KB of a chatty command's output", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: "head -c 100000 /dev/zero | tr '\\000' x" }), log).notify(event);
    const stdout = String(lines[0]?.["stdout"]);
    assert.equal(lines[0]?.level, "info");
    assert.ok(stdout.length < 5000, `logged ${stdout.length} characters`);
    assert.match(stdout, /^x{4096}… \(95904 more bytes\)$/);
  });

  it("does not mind a command that never reads its input", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({ notifyCommand: "exit 0" }), log).notify({ ...event, text: "x".repeat(4 << 20) });
    assert.deepEqual(lines.map((l) => l.level), ["info"]);
  });

  it("does nothing when neither a command nor mail is configured", async () => {
    const { log, lines } = capturingLogger();
    await createNotifier(configWith({}), log).notify(event);
    assert.deepEqual(lines, []);
  });
});

// ---------------------------------------------------------------------------
// A tiny SMTP server: just enough of RFC 5321 for nodemailer, no STARTTLS.

interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  /** The message after dot-unstuffing, without the terminating dot. */
  data: string;
}

interface SmtpSink {
  /** The AUTH commands received. */
  auth: string[];
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

async function startSmtpSink(options: { refuseRecipients?: boolean; auth?: boolean } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const auth: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    let mail: ReceivedMail = { mailFrom: "", rcptTo: [], data: "" };
    const reply = (text: string): void => void socket.write(text + "\r\n");
    reply("220 sink.test ESMTP ready");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.startsWith(".\r\n") ? 0 : buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = end === 0 ? "" : buffer.slice(0, end);
          buffer = buffer.slice(end === 0 ? 3 : end + 5);
          mail.data = raw
            .split("\r\n")
            .map((line) => (line.startsWith(".") ? line.slice(1) : line))
            .join("\r\n");
          messages.push(mail);
          mail = { mailFrom: "", rcptTo: [], data: "" };
          inData = false;
          reply("250 2.0.0 queued as 1");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply(`250-sink.test\r\n250-SIZE 10000000\r\n${options.auth ? "250-AUTH PLAIN\r\n" : ""}250 HELP`);
        else if (verb === "AUTH" && options.auth) {
          auth.push(line);
          reply("235 2.7.0 authenticated");
        }
        else if (verb === "HELO") reply("250 sink.test");
        else if (verb === "MAIL") {
          mail = { mailFrom: /<([^>]*)>/.exec(line)?.[1] ?? "", rcptTo: [], data: "" };
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          if (options.refuseRecipients) reply("550 5.1.1 no such user here");
          else {
            mail.rcptTo.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
            reply("250 2.1.5 ok");
          }
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET" || verb === "NOOP") reply("250 ok");
        else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 5.5.2 not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    auth,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ParsedMail {
  /** Header names in order, lower-case, after unfolding. */
  headerNames: string[];
  header(name: string): string | undefined;
  headerBlock: string;
  body: string;
}

function parseMail(data: string): ParsedMail {
  const split = data.indexOf("\r\n\r\n");
  const headerBlock = data.slice(0, split);
  const rawBody = data.slice(split + 4);
  const fields = headerBlock
    .replace(/\r\n(?=[ \t])/g, "")
    .split("\r\n")
    .map((line) => {
      const colon = line.indexOf(":");
      return { name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1).trim() };
    });
  const header = (name: string): string | undefined => fields.find((f) => f.name === name.toLowerCase())?.value;
  const cte = (header("content-transfer-encoding") ?? "7bit").toLowerCase();
  let body: string;
  if (cte === "base64") body = Buffer.from(rawBody.replace(/\s+/g, ""), "base64").toString("utf8");
  else if (cte === "quoted-printable") body = decodeQuotedPrintable(rawBody.replace(/=\r\n/g, "")).toString("utf8");
  else body = Buffer.from(rawBody, "latin1").toString("utf8");
  return { headerNames: fields.map((f) => f.name), header, headerBlock, body };
}

function decodeQuotedPrintable(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words, adjacent ones joined before decoding (a character may span two). */
function decodeEncodedWords(value: string): string {
  const collapsed = value.replace(/\?=[ \t]+(?==\?)/g, "?=");
  let out = "";
  let pending: Buffer[] = [];
  let last = 0;
  for (const m of collapsed.matchAll(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g)) {
    if (m.index > last) {
      out += Buffer.concat(pending).toString("utf8") + collapsed.slice(last, m.index);
      pending = [];
    }
    const text = m[3] ?? "";
    pending.push(m[2]?.toUpperCase() === "B" ? Buffer.from(text, "base64") : decodeQuotedPrintable(text.replace(/_/g, " ")));
    last = m.index + m[0].length;
  }
  return out + Buffer.concat(pending).toString("utf8") + collapsed.slice(last);
}

describe("notification mail", () => {
  it("sends one plain-text message to notify-email, with no header a visitor can inject", async () => {
    const sink = await startSmtpSink();
    try {
      const { log, lines } = capturingLogger();
      const config = configWith({ smtpHost: "127.0.0.1", smtpPort: sink.port, notifyEmail: "owner@example.com" });
      await createNotifier(config, log).notify(hostile);

      assert.equal(sink.messages.length, 1);
      const message = sink.messages[0]!;
      assert.equal(message.mailFrom, "owner@example.com");
      assert.deepEqual(message.rcptTo, ["owner@example.com"]);

      const mail = parseMail(message.data);
      assert.doesNotMatch(mail.headerBlock, /^bcc:/im);
      assert.ok(!mail.headerNames.includes("bcc"), `headers: ${mail.headerNames.join(", ")}`);
      assert.deepEqual(
        mail.headerNames.filter((n) => ["from", "to", "subject", "cc", "reply-to"].includes(n)).sort(),
        ["from", "subject", "to"],
      );
      assert.equal(mail.header("to"), "owner@example.com");
      assert.equal(mail.header("auto-submitted"), "auto-generated");
      assert.match(mail.header("content-type") ?? "", /^text\/plain; charset=utf-8/i);
      assert.equal(
        decodeEncodedWords(mail.header("subject") ?? ""),
        'New comment on "Crème brûlée Bcc: evil@example.org" by Mallory Bcc: evil@example.org',
      );

      assert.match(mail.body, /^Author: {2}Mallory Bcc: evil@example\.org$/m);
      assert.match(mail.body, /^Email: {3}m@example\.net Bcc: evil@example\.org$/m);
      assert.match(mail.body, /^Website: https:\/\/zoe\.example\.net\/$/m);
      assert.match(mail.body, /^IP: {6}192\.0\.2\.7$/m);
      assert.match(mail.body, /^Time: {4}2024-05-01T12:34:56Z$/m);
      assert.match(mail.body, /^Post: {4}http:\/\/blog\.example\/\?p=7$/m);
      assert.ok(mail.body.includes("> Grüße aus Köln — 日本語 ✓\r\n"), mail.body);
      assert.ok(mail.body.includes("> ..two dots"), mail.body);
      // The forged instruction stays inside the quote; the real ones name this comment.
      assert.ok(mail.body.includes("> To approve it: blahg comments approve 1-forged"));
      assert.match(mail.body, /^To approve it: blahg comments approve 7-6553f100\.075bcd15\.00001$/m);
      assert.match(mail.body, /^To reject it: {2}blahg comments reject 7-6553f100\.075bcd15\.00001$/m);
      assert.match(mail.body, /^Or moderate it at http:\/\/blog\.example\/admin\/comments$/m);

      assert.deepEqual(lines.map((l) => [l.level, l.msg]), [["info", "mailed a new-comment notification"]]);
      assert.equal(lines[0]?.["to"], "owner@example.com");
    } finally {
      await sink.close();
    }
  });

  it("sends from smtp-from when it is set", async () => {
    const sink = await startSmtpSink();
    try {
      const { log } = capturingLogger();
      const config = configWith({
        smtpHost: "127.0.0.1",
        smtpPort: sink.port,
        notifyEmail: "owner@example.com",
        smtpFrom: "Blog <blog@example.com>",
      });
      await createNotifier(config, log).notify(event);
      assert.equal(sink.messages[0]?.mailFrom, "blog@example.com");
      assert.match(parseMail(sink.messages[0]!.data).header("from") ?? "", /^Blog <blog@example\.com>$/);
    } finally {
      await sink.close();
    }
  });

  it("authenticates with smtp-user and smtp-password", async () => {
    const sink = await startSmtpSink({ auth: true });
    try {
      const { log } = capturingLogger();
      const config = configWith({
        smtpHost: "127.0.0.1",
        smtpPort: sink.port,
        notifyEmail: "owner@example.com",
        smtpUser: "blog",
        smtpPassword: "s3cret",
      });
      await createNotifier(config, log).notify(event);
      assert.deepEqual(sink.auth, [`AUTH PLAIN ${Buffer.from("\0blog\0s3cret").toString("base64")}`]);
      assert.equal(sink.messages.length, 1);
    } finally {
      await sink.close();
    }
  });

  it("logs a server that refuses the recipient, and does not throw", async () => {
    const sink = await startSmtpSink({ refuseRecipients: true });
    try {
      const { log, lines } = capturingLogger();
      const config = configWith({ smtpHost: "127.0.0.1", smtpPort: sink.port, notifyEmail: "owner@example.com" });
      await createNotifier(config, log).notify(event);
      assert.equal(sink.messages.length, 0);
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.level, "error");
      assert.match(lines[0]?.msg ?? "", /^could not mail the new-comment notification: .*550/);
    } finally {
      await sink.close();
    }
  });

  it("logs a server that is not there, and does not throw", async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.close();
    const { log, lines } = capturingLogger();
    const config = configWith({ smtpHost: "127.0.0.1", smtpPort: port, notifyEmail: "owner@example.com" });
    await createNotifier(config, log).notify(event);
    assert.equal(lines[0]?.level, "error");
    assert.match(lines[0]?.msg ?? "", /^could not mail the new-comment notification: .*ECONNREFUSED/);
  });

  it("is not sent without smtp-host, and the half configuration is warned about", async () => {
    const { log, lines } = capturingLogger();
    const notifier = createNotifier(configWith({ notifyEmail: "owner@example.com" }), log);
    assert.deepEqual(lines.map((l) => [l.level, l.msg]), [["warn", "notify-email is set but smtp-host is not: no notification mails are sent"]]);
    await notifier.notify(event);
    assert.equal(lines.length, 1);
  });

  it("goes out beside the command when both are configured", async () => {
    const sink = await startSmtpSink();
    try {
      const file = join(root, "both.json");
      const { log, lines } = capturingLogger();
      const config = configWith({
        notifyCommand: `cat > '${file}'`,
        smtpHost: "127.0.0.1",
        smtpPort: sink.port,
        notifyEmail: "owner@example.com",
      });
      await createNotifier(config, log).notify(event);
      assert.equal(sink.messages.length, 1);
      assert.equal(readFileSync(file, "utf8"), JSON.stringify(event));
      assert.deepEqual(lines.map((l) => l.msg).sort(), ["mailed a new-comment notification", "notify-command ran for a new comment"]);
    } finally {
      await sink.close();
    }
  });
});

describe("SMTP options", () => {
  const base = configWith({ smtpHost: "mail.example.com", notifyEmail: "owner@example.com" });

  it("are only made when smtp-host and notify-email are both set", () => {
    assert.equal(smtpTransportOptions(configWith({ smtpHost: "mail.example.com" })), undefined);
    assert.equal(smtpTransportOptions(configWith({ notifyEmail: "owner@example.com" })), undefined);
    assert.notEqual(smtpTransportOptions(base), undefined);
  });

  it("use STARTTLS when offered on port 25, and no authentication without smtp-user", () => {
    const options = smtpTransportOptions(base)!;
    assert.equal(options.port, 25);
    assert.equal(options.secure, false);
    assert.equal(options.requireTLS, false);
    assert.equal(options.ignoreTLS, undefined);
    assert.equal(options.auth, undefined);
    assert.ok((options.connectionTimeout ?? 0) > 0 && (options.greetingTimeout ?? 0) > 0);
  });

  it("use TLS from the start on port 465", () => {
    const options = smtpTransportOptions({ ...base, smtpPort: 465, smtpUser: "u" })!;
    assert.equal(options.secure, true);
    assert.equal(options.requireTLS, false);
  });

  it("insist on TLS before sending a password to another machine, not to this one", () => {
    const remote = smtpTransportOptions({ ...base, smtpPort: 587, smtpUser: "u", smtpPassword: "p" })!;
    assert.equal(remote.requireTLS, true);
    assert.deepEqual(remote.auth, { user: "u", pass: "p" });
    const local = smtpTransportOptions({ ...base, smtpHost: "localhost", smtpUser: "u" })!;
    assert.equal(local.requireTLS, false);
    assert.deepEqual(local.auth, { user: "u", pass: "" });
  });
});

describe("notification text", () => {
  it("puts the title and the author on one line, however many lines they had", () => {
    assert.equal(notificationSubject(hostile), 'New comment on "Crème brûlée Bcc: evil@example.org" by Mallory Bcc: evil@example.org');
    assert.equal(notificationSubject({ ...event, author: " \t" }), 'New comment on "Crème brûlée" by (anonymous)');
    assert.equal(notificationSubject({ ...event, postTitle: "a\u2028b\u0085c" }), 'New comment on "a b c" by Zoë');
  });

  it("reads as a short report with the comment quoted and how to moderate it", () => {
    assert.equal(
      notificationText({ ...event, url: "" }),
      [
        'A new comment on "Crème brûlée" is waiting for moderation.',
        "",
        "Post:    http://blog.example/?p=7",
        "Author:  Zoë",
        "Email:   zoe@example.net",
        "Website: (none)",
        "IP:      192.0.2.7",
        "Time:    2024-05-01T12:34:56Z",
        "",
        "> Grüße aus Köln — 日本語 ✓",
        "> Second line",
        ">",
        "> .",
        "",
        "To approve it: blahg comments approve 7-6553f100.075bcd15.00001",
        "To reject it:  blahg comments reject 7-6553f100.075bcd15.00001",
        "Or moderate it at http://blog.example/admin/comments",
        "",
      ].join("\n"),
    );
  });

  it("leaves out the moderation page when there is none", () => {
    const { moderationUrl: _, ...withoutPage } = event;
    assert.doesNotMatch(notificationText(withoutPage), /moderate it at/);
  });
});
