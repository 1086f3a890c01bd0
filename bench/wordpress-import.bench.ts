/**
 * `blahg import wordpress` on a generated export of 10,000 posts (about
 * 2 KB of HTML each, with paragraphs, a caption, a code shortcode every
 * tenth post, three comments on average of every kind, tags and
 * categories) and 500 attachments: the whole import, both streaming passes
 * and every file written, timed end to end, with the peak memory of the
 * process (the export itself is never held). Run: npm run build && node
 * dist/bench/wordpress-import.bench.js
 */

import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importWordpress } from "../src/import/wordpress/import-wordpress.js";

const POSTS = 10_000;
const ATTACHMENTS = 500;

/** A small deterministic generator, so every run imports the same export. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = "the of and a to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part".split(" ");

async function writeExport(path: string): Promise<void> {
  const rnd = random(42);
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(" ");
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => (out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", () => resolve())));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench</title>\n<link>https://bench.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n`);
  for (let a = 1; a <= ATTACHMENTS; a++) {
    await write(`<item><title>image ${a}</title><wp:post_id>${100_000 + a}</wp:post_id><wp:post_parent>${a * 20}</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>https://bench.example/wp-content/uploads/${a}.jpg</wp:attachment_url></item>\n`);
  }
  const statuses = ["publish", "publish", "publish", "publish", "publish", "publish", "publish", "publish", "draft", "private"];
  const approvals = ["1", "1", "1", "1", "0", "spam", "trash"];
  for (let id = 1; id <= POSTS; id++) {
    const d = new Date(Date.UTC(2005, 0, 1) + id * 6 * 3600 * 1000);
    const date = d.toISOString().slice(0, 19).replace("T", " ");
    const [y, m, day] = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, "0"), String(d.getUTCDate()).padStart(2, "0")];
    const slug = `post-${id}-${WORDS[id % WORDS.length]}`;
    let body = "";
    for (let p = 0; p < 5; p++) body += `${words(30)} <em>${words(3)}</em> ${words(20)}\n${words(10)}\n\n`;
    if (id % 20 === 0) body += `[caption id="attachment_${100_000 + id / 20}" align="aligncenter" width="300"]<img src="https://bench.example/wp-content/uploads/${id / 20}.jpg" alt="x" /> ${words(5)}[/caption]\n\n`;
    if (id % 10 === 0) body += `[code lang="c"]\nint main(void) { return ${id} < 2; }\n[/code]\n`;
    let comments = "";
    const n = Math.floor(rnd() * 7);
    for (let c = 1; c <= n; c++) {
      const type = c === 3 ? "pingback" : "comment";
      comments += `<wp:comment><wp:comment_id>${id * 10 + c}</wp:comment_id><wp:comment_author><![CDATA[${words(2)}]]></wp:comment_author><wp:comment_author_email>c${c}@example.org</wp:comment_author_email><wp:comment_author_IP>192.0.2.${c}</wp:comment_author_IP><wp:comment_date_gmt>${date}</wp:comment_date_gmt><wp:comment_content><![CDATA[${words(25)}]]></wp:comment_content><wp:comment_approved>${approvals[Math.floor(rnd() * approvals.length)]}</wp:comment_approved><wp:comment_type>${type}</wp:comment_type></wp:comment>`;
    }
    await write(
      `<item><title><![CDATA[${words(5)}]]></title><link>https://bench.example/${y}/${m}/${day}/${slug}/</link><dc:creator>ann</dc:creator>` +
        `<content:encoded><![CDATA[${body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>` +
        `<wp:post_id>${id}</wp:post_id><wp:post_date>${date}</wp:post_date><wp:post_date_gmt>${date}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>` +
        `<wp:post_name>${slug}</wp:post_name><wp:status>${statuses[id % statuses.length]}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>` +
        `<category domain="category" nicename="c${id % 12}"><![CDATA[Category ${id % 12}]]></category><category domain="post_tag" nicename="t${id % 200}"><![CDATA[tag ${id % 200}]]></category>${comments}</item>\n`,
    );
  }
  await write("</channel>\n</rss>\n");
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

const work = mkdtempSync(join(tmpdir(), "blahg-wp-bench-"));
try {
  const file = join(work, "export.xml");
  await writeExport(file);
  const size = statSync(file).size;
  const runs: Array<{ wall: number; cpu: number }> = [];
  let summary;
  for (let run = 0; run < 3; run++) {
    const dir = join(work, `blog-${run}`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    summary = await importWordpress(file, dir, { now: 1_700_000_000 });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wall, cpu: (cpu.user + cpu.system) / 1e6 });
    rmSync(dir, { recursive: true, force: true });
  }
  runs.sort((a, b) => a.wall - b.wall);
  const median = runs[1]!;
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(`| WordPress import (${POSTS.toLocaleString("en")} posts, ${(size / 1e6).toFixed(1)} MB export) | wall (median of 3) | CPU | posts/s | peak RSS |`);
  console.log("|---|---|---|---|---|");
  console.log(`| ${summary!.posts} posts, ${summary!.comments.approved} comments approved, ${summary!.comments.pending} pending, ${summary!.attachments} attachments | ${median.wall.toFixed(2)} s | ${median.cpu.toFixed(2)} s | ${Math.round(POSTS / median.wall).toLocaleString("en")} | ${peak.toFixed(0)} MB |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
