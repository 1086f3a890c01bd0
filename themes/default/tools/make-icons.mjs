#!/usr/bin/env node
/**
 * Draws the default theme's small images and writes them as PNG files:
 * favicon.ico (a 32×32 PNG, as blahgd's favicon was a PNG named .ico),
 * wiki.png and bug.png (14×14 icons that fmt3's \wiki{} and \bug{} links
 * show inline). No dependencies: shapes are tested point by point with
 * 4×4 supersampling for smooth edges, and the PNG is written by hand
 * (signature, IHDR, IDAT through zlib, IEND, each chunk with its CRC-32).
 *
 * Usage: node themes/default/tools/make-icons.mjs [output-dir]
 * (default: the theme's web/ directory next to this tools/ directory)
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

// ---- shapes: functions (x, y) -> inside? in pixel coordinates ----

const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ellipse = (cx, cy, rx, ry) => (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** A rectangle with rounded corners of radius r. */
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

/** A stroke of half-width w along the segment (x0,y0)-(x1,y1), with round caps. */
const segment = (x0, y0, x1, y1, w) => (x, y) => {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= w * w;
};

/** A stroke through several points. */
const polyline = (points, w) => union(...points.slice(1).map((p, i) => segment(points[i][0], points[i][1], p[0], p[1], w)));

const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

// ---- rasteriser ----

const SUPERSAMPLE = 4;

/** RGBA pixels of `layers` ([shape, [r,g,b]] painted in order, "over"). */
function rasterise(size, layers) {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const [shape, color] of layers) {
        let hits = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy++) {
          for (let sx = 0; sx < SUPERSAMPLE; sx++) {
            if (shape(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE)) hits++;
          }
        }
        const coverage = hits / (SUPERSAMPLE * SUPERSAMPLE);
        if (coverage === 0) continue;
        // Straight-alpha "over": the new layer's coverage on top of what is there.
        const outA = coverage + a * (1 - coverage);
        r = (color[0] * coverage + r * a * (1 - coverage)) / outA;
        g = (color[1] * coverage + g * a * (1 - coverage)) / outA;
        b = (color[2] * coverage + b * a * (1 - coverage)) / outA;
        a = outA;
      }
      const i = (py * size + px) * 4;
      pixels[i] = Math.round(r);
      pixels[i + 1] = Math.round(g);
      pixels[i + 2] = Math.round(b);
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

// ---- PNG writer ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGBA PNG of a square image. */
export function encodePng(size, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

// ---- the icons ----

/** Colours chosen to stay visible (3:1 or better) on the light and the dark page background. */
const ACCENT = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];
const GREY = [0x6b, 0x72, 0x80];
const RUST = [0xb5, 0x47, 0x08];

/** favicon: a white "b" on a rounded blue square, 32×32. */
function favicon() {
  const size = 32;
  const stem = rect(8, 5, 12.5, 26);
  const bowl = minus(ellipse(17, 19, 7.5, 7.25), ellipse(17, 19, 3.4, 3.3));
  const letter = union(stem, (x, y) => x >= 10 && bowl(x, y));
  return { size, pixels: rasterise(size, [[roundedRect(0, 0, 32, 32, 7), ACCENT], [letter, WHITE]]) };
}

/** wiki: a "W", 14×14. */
function wiki() {
  const size = 14;
  const w = polyline([[1.2, 2], [3.9, 12], [7, 3.6], [10.1, 12], [12.8, 2]], 0.85);
  return { size, pixels: rasterise(size, [[w, GREY]]) };
}

/** bug: a beetle seen from above (head, split body, six legs, antennae), 14×14. */
function bug() {
  const size = 14;
  const body = minus(ellipse(7, 8.6, 3.1, 4.1), rect(6.72, 6.3, 7.28, 13));
  const head = circle(7, 3.7, 1.75);
  const legs = union(
    segment(4.4, 6.6, 1.4, 5.1, 0.55),
    segment(4.1, 8.8, 1.1, 8.8, 0.55),
    segment(4.4, 11, 1.6, 12.9, 0.55),
    segment(9.6, 6.6, 12.6, 5.1, 0.55),
    segment(9.9, 8.8, 12.9, 8.8, 0.55),
    segment(9.6, 11, 12.4, 12.9, 0.55),
  );
  const antennae = union(segment(6.2, 2.4, 4.7, 0.7, 0.45), segment(7.8, 2.4, 9.3, 0.7, 0.45));
  return { size, pixels: rasterise(size, [[union(body, head, legs, antennae), RUST]]) };
}

export const ICONS = { "favicon.ico": favicon, "wiki.png": wiki, "bug.png": bug };

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = process.argv[2] ?? join(here, "..", "web");
  mkdirSync(outDir, { recursive: true });
  for (const [name, draw] of Object.entries(ICONS)) {
    const { size, pixels } = draw();
    writeFileSync(join(outDir, name), encodePng(size, pixels));
    process.stdout.write(`${join(outDir, name)} (${size}x${size})\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
