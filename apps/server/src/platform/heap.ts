import v8 from "node:v8";

/**
 * How far V8 lets the heap grow past what its last full collection kept before it collects again.
 * Under a burst of ingest, V8 chooses up to 4× (about 70 MiB live grew to 270 MiB between two full
 * collections), which alone took an embedded node over 600 MiB; 1.5× keeps it under 500 MiB for the
 * same throughput (docs/BENCHMARKS.md, "Embedded memory"). V8 reads the factor at each collection, so
 * setting it once the process runs takes effect. 0 leaves V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
