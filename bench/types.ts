// A benchmark prints its figures, one line each, through `print`; `npm run bench` runs them all.
export interface BenchOptions {
  /** `--rounds N`: how many rounds a benchmark that repeats a whole run does (the leak benchmark) */
  readonly rounds?: number;
  /** `--port-base N`: where a benchmark that starts a lab server places it first */
  readonly portBase?: number;
}

export interface Benchmark {
  readonly name: string;
  run(print: (line: string) => void, opts?: BenchOptions): Promise<void>;
}
