/**
 * Code highlighting at render time: a typical fmt3 post (prose and three
 * listings of about 30 lines: C, Python, JavaScript) rendered in html mode,
 * against the same post with its listings left plain; highlightCode alone;
 * and the module's load time. The target: well under 1 ms per KB.
 * Run: npm run build && node dist/bench/highlight.bench.js
 */

import { fileURLToPath } from "node:url";
import { highlightCode } from "../src/markup/highlight/highlight-code.js";
import { renderFmt3 } from "../src/markup/fmt3/index.js";
import { cpuSecondsPerOp, medianLoadMs } from "./process-time.js";
import { measure } from "./measure.js";

const C = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable buffer of bytes. */
struct buffer {
  char *data;
  size_t length, capacity;
};

static int buffer_append(struct buffer *b, const char *s, size_t n) {
  if (b->length + n > b->capacity) {
    size_t capacity = b->capacity ? b->capacity * 2 : 64;
    while (capacity < b->length + n) capacity *= 2;
    char *data = realloc(b->data, capacity);
    if (data == NULL) return -1;
    b->data = data;
    b->capacity = capacity;
  }
  memcpy(b->data + b->length, s, n);
  b->length += n;
  return 0;
}

int main(int argc, char **argv) {
  struct buffer b = {0};
  for (int i = 1; i < argc; i++) buffer_append(&b, argv[i], strlen(argv[i]));
  printf("%zu bytes: \\"%.*s\\"\\n", b.length, (int)b.length, b.data);
  free(b.data);
  return 0;
}
`;

const PYTHON = `import math
from dataclasses import dataclass
from typing import Iterable


@dataclass
class Sample:
    """One measurement with its weight."""
    value: float
    weight: float = 1.0


def weighted_mean(samples: Iterable[Sample]) -> float:
    total = sum(s.weight for s in samples)
    if total == 0:
        raise ValueError("weights sum to zero")
    return sum(s.value * s.weight for s in samples) / total


def stddev(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


if __name__ == "__main__":
    data = [Sample(1.0), Sample(2.5, 2), Sample(4.0, 0.5)]
    print(f"mean = {weighted_mean(data):.3f}")
    print(f"sd = {stddev([s.value for s in data]):.3f}")
    # Done: 0x1F, 3.14e-2, and a 'quoted' string.
`;

const JAVASCRIPT = `// Debounce: run fn once calls stop for \`wait\` ms.
export function debounce(fn, wait = 100) {
  let timer = null;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}

const cache = new Map();

export async function fetchJson(url, { retries = 3 } = {}) {
  if (cache.has(url)) return cache.get(url);
  for (let attempt = 1; attempt <= retries; attempt++) {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(\`HTTP \${response.status}\`);
      const body = await response.json();
      cache.set(url, body);
      return body;
    } catch (error) {
      if (attempt === retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));
    }
  }
}

class Counter {
  #count = 0;
  increment() { return ++this.#count; }
}
`;

const PROSE =
  "Here is how the buffer grows: it doubles, so appending \\textbf{n} bytes costs amortised constant time per byte. " +
  "The same idea appears in most standard libraries -- see \\link[the notes]{https://example.org/notes} for details, " +
  "and the \\emph{weighted} variant below, which we use for the benchmark figures.\n";

function post(language: (name: string) => string): string {
  return [
    PROSE.repeat(3),
    `\\begin{listing}${language("c")}\n${C}\\end{listing}`,
    PROSE.repeat(2),
    `\\begin{listing}${language("python")}\n${PYTHON}\\end{listing}`,
    PROSE.repeat(2),
    `\\begin{listing}${language("javascript")}\n${JAVASCRIPT}\\end{listing}`,
    PROSE,
  ].join("\n\n");
}

const highlighted = post((name) => `[${name}]`);
const plain = post(() => "");
const kb = Buffer.byteLength(highlighted) / 1000;
const codeKb = Buffer.byteLength(C + PYTHON + JAVASCRIPT) / 1000;

function render(source: string): void {
  if (renderFmt3(source, "html").output === undefined) throw new Error("the benchmark post failed to parse");
}

const highlightAll = () => {
  highlightCode(C, "c");
  highlightCode(PYTHON, "python");
  highlightCode(JAVASCRIPT, "javascript");
};
const rows: Array<[string, () => unknown, number, string]> = [
  ["render html, listings highlighted", () => render(highlighted), kb, "KB of post"],
  ["render html, same listings plain", () => render(plain), kb, "KB of post"],
  ["highlightCode on the three listings alone", highlightAll, codeKb, "KB of code"],
];

const ms = (s: number) => (s * 1e3).toFixed(3);
console.log(`| highlighting (a ${kb.toFixed(1)} KB fmt3 post with three listings: C, Python, JavaScript; ${codeKb.toFixed(1)} KB of code) | wall time per op | wall per KB | CPU time per op | CPU per KB |`);
console.log("|---|---|---|---|---|");
for (const [name, operation, size, unit] of rows) {
  const wall = measure(name, operation).seconds;
  const cpu = cpuSecondsPerOp(operation);
  console.log(`| ${name} | ${ms(wall)} ms | ${ms(wall / size)} ms/${unit} | ${ms(cpu)} ms | ${ms(cpu / size)} ms/${unit} |`);
}
const load = medianLoadMs(fileURLToPath(new URL("../src/markup/highlight/highlight-code.js", import.meta.url)));
console.log(`| load highlight-code.js (highlight.js core + 34 languages), fresh process, median of 7 | ${load.toFixed(1)} ms | | | |`);
