/** Big bodies render aside (off the request path) through BodyStore's renderAside seam. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BODY_BEING_PREPARED, BodyStore, INLINE_RENDER_LIMIT, type RenderedBody } from "./bodies.js";
import { renderBodyInWorker } from "./load-in-worker.js";
import type { Post } from "./model.js";

const dir = mkdtempSync(join(tmpdir(), "blahg-aside-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const urls = { base: "https://b", wiki: "https://w", bug: "https://g", photo: "https://p" };

function post(id: number, body: string): Post {
  const bodyPath = join(dir, `${id}.tex`);
  writeFileSync(bodyPath, body);
  return { id, dir, bodyPath, format: "fmt3", bodySize: Buffer.byteLength(body), title: "t", time: 0, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false };
}

const big = (marker: string): string => "\\textbf{Big} words.\n\n".repeat(Math.ceil(INLINE_RENDER_LIMIT / 20) + 10) + marker + "\n";

describe("rendering aside", () => {
  it("answers a big body at once with a placeholder, renders it aside once, and then serves it", async () => {
    let release!: (r: { body: RenderedBody; diagnostics: [] }) => void;
    const calls: number[] = [];
    const ready: number[] = [];
    const store = new BodyStore({
      markup: "html",
      urls,
      renderAside: (p) => {
        calls.push(p.id);
        return new Promise((resolve) => (release = resolve));
      },
      onRenderedAside: (id) => void ready.push(id),
    });
    const huge = post(1, big("the end"));
    assert.equal(store.body(huge), BODY_BEING_PREPARED);
    assert.equal(store.body(huge), BODY_BEING_PREPARED);
    assert.deepEqual(calls, [1], "one render at a time per post");
    release({ body: { html: "<p>rendered aside</p>", summary: "s" }, diagnostics: [] });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ready, [1]);
    assert.equal(store.body(huge)?.html, "<p>rendered aside</p>");
  });

  it("keeps showing the last good rendering while an edited big body renders aside, and drops a render of old files", async () => {
    const releases: Array<(r: { body: RenderedBody; diagnostics: [] }) => void> = [];
    const store = new BodyStore({ markup: "html", urls, renderAside: () => new Promise((resolve) => releases.push(resolve)) });
    const huge = post(2, big("v1"));
    store.body(huge);
    releases[0]!({ body: { html: "v1", summary: "" }, diagnostics: [] });
    await new Promise((r) => setImmediate(r));
    store.forget(2);
    assert.equal(store.body(huge)?.html, "v1", "the last good rendering meanwhile");
    store.forget(2); // edited again while rendering: this render is of old files
    releases[1]!({ body: { html: "v2-stale", summary: "" }, diagnostics: [] });
    await new Promise((r) => setImmediate(r));
    assert.equal(store.body(huge)?.html, "v1");
  });

  it("renders small bodies inline", () => {
    const store = new BodyStore({ markup: "html", urls, renderAside: () => assert.fail("rendered aside") });
    assert.match(store.body(post(3, "small\n"))!.html, /small/);
  });

  it("renders in a worker thread exactly what it renders inline", async () => {
    const huge = post(4, big("at the very end"));
    const options = { markup: "html" as const, urls };
    const inline = new BodyStore(options).render(huge);
    const aside = await renderBodyInWorker(huge, undefined, options);
    assert.deepEqual(aside.diagnostics, []);
    assert.equal(aside.body?.html, inline?.html);
    assert.match(aside.body!.html, /at the very end/);
  });
});
