/** A child process for the crash test: writes pending comments into a data directory until it is killed. */

import { writePendingComment } from "../../src/comments/pending-store.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: write-comments-forever DATA_DIR");
const text = "Written by a process that gets killed.";
for (let n = 0; ; n++) {
  writePendingComment(dataDir, { postId: 1, author: `Writer ${n}`, email: "w@example.org", url: "", ip: "192.0.2.1", text }, BigInt(Date.now()) * 1_000_000n);
  // Tells the test that writing is under way, so that its kill lands mid-write however slowly the process started.
  if (n === 0) process.stdout.write("writing\n");
}
