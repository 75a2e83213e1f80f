// A benchmark prints its figures, one line each, through `print`; `npm run bench` runs them all.
export interface Benchmark {
  readonly name: string;
  run(print: (line: string) => void): Promise<void>;
}
