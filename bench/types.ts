// A benchmark prints its figures, one line each, through `print`; `npm run bench` runs them all.
export interface BenchOptions {
  /** `--rounds N`: how many rounds a benchmark that repeats a whole run does (the leak benchmark) */
  readonly rounds?: number;
}

export interface Benchmark {
  readonly name: string;
  run(print: (line: string) => void, opts?: BenchOptions): Promise<void>;
}
