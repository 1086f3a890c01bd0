import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { verifyPassword } from "../comments/password.js";
import { configFromText } from "../config/load-config.js";
import type { Io } from "./output.js";
import { UsageError } from "./output.js";
import { passwdCommand, setAdminPasswordEntry } from "./passwd.js";

const root = mkdtempSync(join(tmpdir(), "blahg-passwd-"));
after(() => rmSync(root, { recursive: true, force: true }));

const CONFIG = `; My blog's config.
; Keep the comments, please.
((base-url . "https://blog.example")   ; where it lives
 (site-title . "Notes \\"and\\" more")
 (category-to-tag (misc . "notes"))
 ; the port nginx talks to
 (scgi-port . 2014))
`;

function edited(text: string): string {
  const edit = setAdminPasswordEntry(text, "H");
  assert.ok(edit.ok, edit.ok ? "" : edit.message);
  return edit.text;
}

describe("setting admin-password in a config text", () => {
  it("adds the entry on a line of its own, indented like the others, keeping the rest", () => {
    assert.equal(edited(CONFIG), CONFIG.replace(' (scgi-port . 2014))', ' (scgi-port . 2014)\n (admin-password . "H"))'));
  });

  it("replaces an existing entry, whatever its value or key spelling, in place", () => {
    assert.equal(edited('((a . 1) (admin-password . "old") (b . 2))'), '((a . 1) (admin-password . "H") (b . 2))');
    assert.equal(edited('((a . 1)\n ("admin-password" . 42) ; was wrong\n (b . 2))'), '((a . 1)\n (admin-password . "H") ; was wrong\n (b . 2))');
    assert.equal(edited('((admin-password . "one") (x . 1) (admin-password . "two"))'), '((admin-password . "H") (x . 1) (admin-password . "H"))');
  });

  it("adds to one-line, empty, quoted and CRLF alists", () => {
    assert.equal(edited("((a . 1))"), '((a . 1) (admin-password . "H"))');
    assert.equal(edited("()"), '((admin-password . "H"))');
    assert.equal(edited("'((a . 1))\n"), `'((a . 1) (admin-password . "H"))\n`);
    assert.equal(edited("((a . 1)\r\n (b . 2))\r\n"), '((a . 1)\r\n (b . 2)\r\n (admin-password . "H"))\r\n');
  });

  it("keeps a closing parenthesis that sits alone on its line after a comment", () => {
    assert.equal(edited("((a . 1)\n  (b . 2) ; last\n)\n"), '((a . 1)\n  (b . 2) ; last\n  (admin-password . "H")\n)\n');
  });

  it("refuses what is not an alist, or does not parse", () => {
    for (const text of ["42", '"x"', "((a . 1)", "(a . 1)", ""]) {
      const edit = setAdminPasswordEntry(text, "H");
      assert.equal(edit.ok, false, text);
    }
  });
});

function capture(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

function configFile(text = CONFIG, mode = 0o640): string {
  const dir = mkdtempSync(join(root, "c-"));
  const path = join(dir, "blahg.lisp");
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

describe("blahg passwd", () => {
  it("stores the hash of a piped password, keeping the file's comments, other keys and mode", async () => {
    const path = configFile();
    const io = capture();
    const status = await passwdCommand(["--config", path], io, Readable.from(["a long enough secret\nignored second line\n"]));
    assert.equal(status, 0, io.err);
    assert.match(io.out, /moderation password is set in .*blahg\.lisp/);
    assert.equal(io.err, "");
    const text = readFileSync(path, "utf8");
    const hash = /\(admin-password \. "(scrypt\$[^"]+)"\)/.exec(text)?.[1];
    assert.ok(hash);
    assert.equal(text, CONFIG.replace(' (scgi-port . 2014))', ` (scgi-port . 2014)\n (admin-password . "${hash}"))`));
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(join(path, "..")), ["blahg.lisp"]);
    const { config, diagnostics } = configFromText(text, path);
    assert.deepEqual(diagnostics, []);
    assert.equal(config?.adminPassword, hash);
    assert.equal(config?.siteTitle, 'Notes "and" more');
    assert.equal(await verifyPassword("a long enough secret", hash), true);

    // Again: the entry is replaced, not added twice.
    assert.equal(await passwdCommand(["--config", path], capture(), Readable.from(["another secret!\r\n"])), 0);
    const again = readFileSync(path, "utf8");
    assert.equal((again.match(/admin-password/g) ?? []).length, 1);
    const newHash = /\(admin-password \. "([^"]+)"\)/.exec(again)![1]!;
    assert.equal(await verifyPassword("another secret!", newHash), true);
    assert.equal(again.replace(newHash, hash), text);
  });

  it("edits the file a symlink points to, leaving the link", async () => {
    const target = configFile("((a . 1))\n", 0o600);
    const link = join(root, `link-${Date.now()}.lisp`);
    symlinkSync(target, link);
    assert.equal(await passwdCommand(["--config", link], capture(), Readable.from(["password123\n"])), 0);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.match(readFileSync(target, "utf8"), /^\(\(a \. 1\) \(admin-password \. "scrypt\$/);
    assert.equal(statSync(target).mode & 0o777, 0o600);
  });

  it("notes a config file every user can read", async () => {
    const path = configFile("((a . 1))\n", 0o644);
    const io = capture();
    assert.equal(await passwdCommand(["--config", path], io, Readable.from(["password123\n"])), 0);
    assert.match(io.err, /readable by every user/);
  });

  it("changes nothing for a short, blank or missing password", async () => {
    for (const input of ["short\n", "        \n", "", "\n"]) {
      const path = configFile();
      const io = capture();
      assert.equal(await passwdCommand(["--config", path], io, Readable.from([input])), 1, JSON.stringify(input));
      assert.match(io.err, /^blahg passwd: /);
      assert.equal(readFileSync(path, "utf8"), CONFIG);
    }
  });

  it("refuses a config that is missing or not an alist, before asking for a password", async () => {
    const io = capture();
    assert.equal(await passwdCommand(["--config", join(root, "nope.lisp")], io, Readable.from([])), 1);
    assert.match(io.err, /cannot read/);
    const broken = configFile("((a . 1)\n");
    const io2 = capture();
    assert.equal(await passwdCommand(["--config", broken], io2, Readable.from(["password123\n"])), 1);
    assert.match(io2.err, /^blahg passwd: .*blahg\.lisp:1:1: this `\(` is never closed\n$/);
    assert.equal(readFileSync(broken, "utf8"), "((a . 1)\n");
  });

  it("needs --config", async () => {
    await assert.rejects(passwdCommand([], capture(), Readable.from([])), UsageError);
    await assert.rejects(passwdCommand(["--config", "x", "extra"], capture(), Readable.from([])), UsageError);
  });

  it("reads the password piped to the process's stdin", () => {
    const path = configFile();
    const module = fileURLToPath(new URL("./passwd.js", import.meta.url));
    const script =
      `const { passwdCommand } = await import(${JSON.stringify(module)});` +
      `process.exitCode = await passwdCommand(["--config", ${JSON.stringify(path)}], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { input: "piped password\n", encoding: "utf8" });
    assert.match(out, /moderation password is set/);
    assert.match(readFileSync(path, "utf8"), /\(admin-password \. "scrypt\$32768\$8\$1\$/);
  });
});
