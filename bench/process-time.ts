/**
 * Timings that the wall-clock harness (measure.ts) does not give: a module's
 * load time in a fresh process, and CPU time per operation, which a busy
 * shared machine inflates far less than wall-clock time.
 */

import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** Median milliseconds to import a module in a fresh Node process. */
export function medianLoadMs(modulePath: string, runs = 7): number {
  const url = pathToFileURL(modulePath).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })));
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/** Median CPU seconds (user + system, this process) per operation, over batches of about 50 ms of CPU. */
export function cpuSecondsPerOp(operation: () => unknown, batches = 15): number {
  operation();
  let batch = 1;
  for (;;) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) operation();
    const used = process.cpuUsage(start);
    if (used.user + used.system > 50_000 || batch > 1e6) break;
    batch *= 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) operation();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1e6 / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1]!;
}
