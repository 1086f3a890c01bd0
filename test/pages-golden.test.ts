/**
 * Golden tests for every page kind and feed (and the sitemap and robots.txt), served by the real server from
 * the test site, in the default theme and in blahgd-style templates. Run
 * with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate
 * change, then review the diff.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningBlog } from "../src/server/start-blog.js";
import { checkHtml } from "./support/html-check.js";
import { jsonFeedProblems } from "./support/json-feed-check.js";
import { fixturesDir } from "./support/paths.js";
import { rawRequest, startTestBlog, THEMES } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

const update = process.env.UPDATE_GOLDEN === "1";

/** Every page kind: listings and their pages, archives, tags, stories, preview, errors, redirect, feeds. */
const PAGES = [
  "/", "/?paged=1", "/?m=202401", "/?m=202312", "/?tag=linux", "/?tag=LINUX", "/?tag=a%26b+%22q%22+%3Cx%3E", "/?tag=nope",
  "/?p=1", "/?p=2", "/?p=3", "/?p=4", "/?p=6&preview=let-me-preview-0123456789",
  "/?p=99", "/?p=abc", "/nothing", "/?feed=xml", "/?cat=misc",
  "/?feed=atom", "/?feed=rss2", "/?p=1&feed=atom", "/?p=1&feed=rss2", "/?tag=linux&feed=atom", "/?tag=linux&feed=rss2",
  "/?feed=json", "/?tag=linux&feed=json", "/?tag=a%26b+%22q%22+%3Cx%3E&feed=json", "/sitemap.xml", "/robots.txt",
  "/?s=last", "/?s=%22no+such+words%22", "/?tags",
];

/** The same site with `(permalink . "/%year%/%monthnum%/%postname%/")`: pretty pages, feeds and the moves to them. */
const PRETTY_PAGES = [
  "/", "/page/2/", "/page/1/", "/2024/01/", "/2023/12/", "/tag/Linux/", "/tag/a%26b%20%22q%22%20%3Cx%3E/", "/tag/nope/",
  "/2023/12/new-year-s-eve/", "/2024/01/january-and-script-alert-title-script/", "/?p=1", "/?p=99",
  "/old.html", "/2013/12/31/old-new-year/", "/2023/12/no-such-post/",
  "/feed/", "/feed/atom/", "/feed/json/", "/tag/Linux/feed/", "/tag/Linux/feed/atom/", "/tag/Linux/feed/json/",
  "/2023/12/new-year-s-eve/feed/", "/2023/12/new-year-s-eve/feed/atom/", "/comments/feed/", "/comments/feed/atom/",
  "/sitemap.xml", "/?s=last", "/?cat=misc", "/tag/",
];

function extension(contentType: string): string {
  if (contentType.includes("json")) return ".json";
  if (contentType.includes("xml")) return ".xml";
  return contentType.startsWith("text/plain") ? ".txt" : ".html";
}

function fileName(path: string, contentType: string): string {
  const slug = path === "/" ? "index" : path.replace(/^\/\??/, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return slug + extension(contentType);
}

const SETS = [
  ...(Object.keys(THEMES) as Array<keyof typeof THEMES>).map((theme) => ({ theme, name: theme, pages: PAGES, permalink: undefined })),
  { theme: "default" as const, name: "pretty", pages: PRETTY_PAGES, permalink: "/%year%/%monthnum%/%postname%/" },
];

for (const { theme, name, pages, permalink } of SETS) {
  describe(`golden pages in the ${theme} templates${permalink === undefined ? "" : ` with permalink ${permalink}`}`, () => {
    let blog: RunningBlog;
    before(async () => {
      blog = await startTestBlog({
        theme,
        permalink,
      });
    });
    after(() => blog.close());
    const dir = join(fixturesDir, "pages", name);

    for (const path of pages) {
      it(`serves ${path} as expected`, async () => {
        const response = await rawRequest(blog.url + path);
        const contentType = String(response.headers["content-type"]);
        const text = `${response.status} ${contentType}${response.headers.location ? ` -> ${response.headers.location}` : ""}\n\n${response.body.toString("utf8")}`;
        const file = join(dir, fileName(path, contentType));
        if (update) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(file, text);
        }
        assert.equal(text, readFileSync(file, "utf8"));
        // blahgd's own templates print tags raw into attributes, so only the default theme is checked for validity.
        if (theme !== "default") return;
        if (contentType.includes("xml")) assert.deepEqual(xmlProblems(response.body.toString("utf8")), []);
        else if (contentType.includes("json")) assert.deepEqual(jsonFeedProblems(JSON.parse(response.body.toString("utf8"))), []);
        else if (contentType.includes("html")) assert.deepEqual(checkHtml(response.body.toString("utf8").replace(/^<!DOCTYPE html>\n?/i, "")), []);
      });
    }
  });
}
