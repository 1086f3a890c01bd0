/** A big post body is rendered aside: the server keeps answering, and the post shows in full once rendered. */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INLINE_RENDER_LIMIT } from "../src/content/bodies.js";
import type { RunningBlog } from "../src/server/start-blog.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";

let blog: RunningBlog;
let data: string;

before(async () => {
  data = copyOfTestSite();
  mkdirSync(join(data, "posts/11"));
  writeFileSync(join(data, "posts/11/post.lisp"), `((time . "2024-05-05 10:00") (title . "Very long") (fmt . 3))`);
  // About 1.5 MB of markup: a few hundred milliseconds of rendering.
  const paragraph = "Some \\textbf{bold} and \\emph{slanted} words, again and again and again.\n\n";
  writeFileSync(join(data, "posts/11/post.tex"), paragraph.repeat(Math.ceil((6 * INLINE_RENDER_LIMIT) / paragraph.length)) + "The last paragraph.\n");
  blog = await startTestBlog({ dataDir: data, watch: true });
});

after(async () => {
  await blog?.close();
  rmSync(join(data, ".."), { recursive: true, force: true });
});

async function get(path: string): Promise<string> {
  return (await rawRequest(blog.url + path)).body.toString("utf8");
}

describe("a big post body", () => {
  it("shows in full on its page and in listings once rendered aside", async () => {
    // The story page and the listings show the title at different levels: each level renders aside once.
    for (const path of ["/?p=11", "/"]) {
      const start = Date.now();
      while (!(await get(path)).includes("The last paragraph.")) {
        assert.ok(Date.now() - start < 10_000, `${path} rendered within 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it("is rendered aside again after an edit, and the edit shows", async () => {
    const body = (await get("/?p=11")).length;
    writeFileSync(join(data, "posts/11/post.tex"), "Short now? No: " + "\\emph{long} text.\n\n".repeat(Math.ceil((2 * INLINE_RENDER_LIMIT) / 18)) + "Edited ending.\n");
    const start = Date.now();
    while (!(await get("/?p=11")).includes("Edited ending.")) {
      assert.ok(Date.now() - start < 10_000, "re-rendered within 10 s");
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok((await get("/?p=11")).length < body);
  });
});
