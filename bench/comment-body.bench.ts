/**
 * Comment sanitizer benchmark: `commentBodyHtml` on a typical comment, on plain text and on
 * each adversarial input of the linear-work tests at 64 KiB and 512 KiB. The tests count the
 * work (deterministic); this measures the time, and the last column is how much longer eight
 * times the input takes (about 8 when linear, 64 when quadratic).
 * Run: npx tsc -p tsconfig.json && node dist/bench/comment-body.bench.js
 */

import { commentBodyHtml } from "../src/site/comment-body.js";
import { ADVERSARIAL_COMMENTS, fill } from "../test/support/adversarial-comments.js";
import { measure } from "./measure.js";

const SMALL = 64 * 1024;
const LARGE = 8 * SMALL;

const typical =
  "<p>Thanks for the write-up! I tried the <code>--jobs 4</code> flag and it went from 12 s to 4 s.</p>\n" +
  "<p>One question: does it also work with <a href=\"https://example.org/docs?x=1&amp;y=2\">the new docs</a>?</p>\n" +
  "<ul><li>first</li><li>second &amp; third</li></ul>";
const plain = fill("A plain comment, with a link to https://example.org/page and a second line.\nAnd then more. ", 2048);

console.log("| comment body | rate | 64 KiB | 512 KiB | ratio |\n|---|---|---|---|---|");
for (const [name, body] of [["typical HTML comment (250 B)", typical], ["plain text with links (2 KiB)", plain]] as const) {
  const m = measure(name, () => commentBodyHtml(body), { bytes: body.length, seconds: 1 });
  console.log(`| ${name} | ${m.megabytesPerSecond!.toFixed(1)} MB/s | | | |`);
}
for (const [name, make] of Object.entries(ADVERSARIAL_COMMENTS)) {
  const small = make(SMALL);
  const large = make(LARGE);
  const s = measure(name, () => commentBodyHtml(small), { bytes: SMALL, seconds: 0.5 });
  const l = measure(name, () => commentBodyHtml(large), { bytes: LARGE, seconds: 0.5 });
  const ms = (seconds: number): string => `${(seconds * 1e3).toFixed(2)} ms`;
  console.log(`| ${name} | ${s.megabytesPerSecond!.toFixed(1)} MB/s | ${ms(s.seconds)} | ${ms(l.seconds)} | ${(l.seconds / s.seconds).toFixed(1)} |`);
}
