/**
 * A small timing harness for the benchmarks: warm up, then time batches
 * for a while and report the median batch, which shrugs off GC pauses and
 * a noisy neighbour better than the mean.
 */

export interface Measurement {
  name: string;
  /** Median seconds per operation. */
  seconds: number;
  /** Operations per second at the median. */
  opsPerSecond: number;
  /** Megabytes (10^6 bytes) per second, when the operation has a size. */
  megabytesPerSecond?: number;
}

export function measure(name: string, operation: () => unknown, options: { bytes?: number; seconds?: number } = {}): Measurement {
  const budget = (options.seconds ?? 3) * 1000;
  // Warm up and find a batch size of about 50 ms.
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) operation();
    const elapsed = performance.now() - start;
    if (elapsed > 50 || batch > 1e7) break;
    batch *= 2;
  }
  const samples: number[] = [];
  const end = performance.now() + budget;
  while (performance.now() < end || samples.length < 5) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) operation();
    samples.push((performance.now() - start) / 1000 / batch);
  }
  samples.sort((a, b) => a - b);
  const seconds = samples[samples.length >> 1]!;
  const result: Measurement = { name, seconds, opsPerSecond: 1 / seconds };
  if (options.bytes !== undefined) result.megabytesPerSecond = options.bytes / seconds / 1e6;
  return result;
}

export function formatMeasurement(m: Measurement): string {
  const rate = m.megabytesPerSecond !== undefined ? `${m.megabytesPerSecond.toFixed(1)} MB/s` : `${m.opsPerSecond.toFixed(0)} ops/s`;
  const time = m.seconds >= 1e-3 ? `${(m.seconds * 1e3).toFixed(2)} ms` : `${(m.seconds * 1e6).toFixed(1)} µs`;
  return `| ${m.name} | ${rate} | ${time} |`;
}
