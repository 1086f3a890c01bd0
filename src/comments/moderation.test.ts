import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCommentMeta } from "../content/metadata.js";
import { lintCommentMeta } from "../sexpr/lisp-lint.js";
import { readDataFile } from "../sexpr/reader.js";
import { approveComment, ModerationError, rejectComment } from "./moderation.js";
import { listPendingComments, pendingName, writePendingComment } from "./pending-store.js";

const root = mkdtempSync(join(tmpdir(), "blahg-moderation-"));
after(() => rmSync(root, { recursive: true, force: true }));

function dataDir(): string {
  const dir = mkdtempSync(join(root, "data-"));
  mkdirSync(join(dir, "posts", "7", "comments", "2"), { recursive: true });
  writeFileSync(join(dir, "posts/7/post.lisp"), '; keep me\n((time . "2024-01-01 00:00") (title . "t") (fmt . 3) (comments 1 2))\n');
  return dir;
}

const NOW = 1_700_000_000_123_456_789n;
const comment = { postId: 7, author: 'A "quoted" \\ name', email: "a@example.org", url: "", ip: "192.0.2.7", text: "Hello\r\nthere" };

describe("pending comments", () => {
  it("are named and written as blahgd writes them", () => {
    const dir = dataDir();
    const name = writePendingComment(dir, comment, NOW);
    assert.match(name, /^7-6553f100\.075bcd15\.[0-9a-f]{5}$/);
    assert.equal(pendingName(7, NOW, 1), "7-6553f100.075bcd15.00001");
    const pending = join(dir, "pending-comments", name);
    assert.equal(readFileSync(join(pending, "text.txt"), "utf8"), "Hello\r\nthere");
    const meta = readFileSync(join(pending, "meta.lisp"), "utf8");
    assert.equal(meta, '(("author" . "A \\"quoted\\" \\\\ name") ("email" . "a@example.org") ("time" . "2023-11-14 22:13") ("ip" . "192.0.2.7") ("url" . "") ("moderated" . #f))');
    assert.deepEqual(lintCommentMeta(readDataFile(meta).datum!), []);
    assert.deepEqual(readdirSync(join(dir, "pending-comments")), [name]);
  });
  it("never share a name, even at the same nanosecond", () => {
    const dir = dataDir();
    const names = new Set(Array.from({ length: 20 }, () => writePendingComment(dir, comment, NOW)));
    assert.equal(names.size, 20);
    assert.equal(listPendingComments(dir).length, 20);
  });
});

describe("approving and rejecting", () => {
  it("gives the next id, moves the directory, marks it moderated and lists it in post.lisp", () => {
    const dir = dataDir();
    const name = writePendingComment(dir, comment, NOW);
    assert.deepEqual(approveComment(dir, name), { postId: 7, commentId: 3 });
    const target = join(dir, "posts/7/comments/3");
    assert.ok(!existsSync(join(dir, "pending-comments", name)));
    assert.equal(readCommentMeta(readFileSync(join(target, "meta.lisp"), "utf8"), "m", [])?.moderated, true);
    assert.deepEqual(readdirSync(target).sort(), [".approved", "meta.lisp", "text.txt"]);
    assert.equal(readFileSync(join(dir, "posts/7/post.lisp"), "utf8"), '; keep me\n((time . "2024-01-01 00:00") (title . "t") (fmt . 3) (comments 1 2 3))\n');
  });
  it("finishes an approval interrupted after the move, and changes nothing when run again", () => {
    const dir = dataDir();
    const name = writePendingComment(dir, comment, NOW);
    // What approving does up to the move, then a crash before post.lisp is edited.
    writeFileSync(join(dir, "pending-comments", name, ".approved"), `${name} 3\n`);
    renameSync(join(dir, "pending-comments", name), join(dir, "posts/7/comments/3"));
    assert.deepEqual(approveComment(dir, name), { postId: 7, commentId: 3 });
    assert.match(readFileSync(join(dir, "posts/7/post.lisp"), "utf8"), /\(comments 1 2 3\)/);
    assert.deepEqual(approveComment(dir, name), { postId: 7, commentId: 3 });
    assert.match(readFileSync(join(dir, "posts/7/post.lisp"), "utf8"), /\(comments 1 2 3\)\)/);
  });
  it("creates post.lisp to list the comment of a Markdown post that has none, and refuses a post with no body", () => {
    const dir = dataDir();
    mkdirSync(join(dir, "posts/8"));
    writeFileSync(join(dir, "posts/8/post.md"), "---\ntitle: md\n---\nx\n");
    const approved = approveComment(dir, writePendingComment(dir, { ...comment, postId: 8 }, NOW));
    assert.deepEqual(approved, { postId: 8, commentId: 1 });
    assert.match(readFileSync(join(dir, "posts/8/post.lisp"), "utf8"), /^; .*\n\(\(comments 1\)\)\n$/);
    mkdirSync(join(dir, "posts/9"));
    assert.throws(() => approveComment(dir, writePendingComment(dir, { ...comment, postId: 9 }, NOW)), ModerationError);
  });

  it("rejects by deleting", () => {
    const dir = dataDir();
    const name = writePendingComment(dir, comment, NOW);
    rejectComment(dir, name);
    assert.deepEqual(listPendingComments(dir), []);
    assert.throws(() => rejectComment(dir, name), ModerationError);
  });
  it("refuses names that are not pending comments, including paths", () => {
    const dir = dataDir();
    for (const name of ["../posts/7", "7-x", "", "7-6553f100.075bcd15.00001W"]) {
      assert.throws(() => approveComment(dir, name), ModerationError);
      assert.throws(() => rejectComment(dir, name), ModerationError);
    }
  });
});
