// Arbitraries with a fast twin. Each combinator here builds the fast-check arbitrary it names and,
// beside it, a `draw` function that makes the same calls to the random generator in the same order
// and so returns the same value, without fast-check's Value objects, shrink contexts and clones
// (drawing through the arbitrary costs several times what parsing the drawn stream does). The
// campaign draws with `draw`; shrinking, replay and fc.check use `arb`, so seeds and paths keep
// their fast-check meaning. The draws follow fast-check 4's generate() of each combinator (bias,
// array lengths, oneof's depth benefit); a test compares the two over many seeds.
import fc from 'fast-check';

export interface Twin<T> {
  readonly arb: fc.Arbitrary<T>;
  /** The value `arb.generate(r, bias).value` would give, drawn the same way. */
  draw(r: fc.Random, bias: number | undefined): T;
}

function logLike(v: number): number {
  return Math.floor(Math.log(v) / Math.log(2));
}

/** fast-check's integer generate: with a bias, now and then a value close to either end. */
export function drawInteger(r: fc.Random, min: number, max: number, bias: number | undefined): number {
  if (bias === undefined || r.nextInt(1, bias) !== 1) return r.nextInt(min, max);
  if (min === max) return r.nextInt(min, max);
  // min >= 0 here (no integer below is negative): close to min, or close to max
  const gap = logLike(max - min);
  const id = r.nextInt(-2, 0);
  return id < 0 ? r.nextInt(min, min + gap) : r.nextInt(max - gap, max);
}

export function integer(min: number, max: number): Twin<number> {
  if (min < 0) throw new RangeError('twin.integer: negative ranges are not drawn');
  return { arb: fc.integer({ min, max }), draw: (r, bias) => drawInteger(r, min, max, bias) };
}

export function nat(max: number): Twin<number> {
  return { arb: fc.nat({ max }), draw: (r, bias) => drawInteger(r, 0, max, bias) };
}

export function constantFrom<T>(...values: T[]): Twin<T> {
  const n = values.length;
  return { arb: fc.constantFrom(...values), draw: (r) => values[n === 1 ? 0 : r.nextInt(0, n - 1)] as T };
}

export function constant<T>(value: T): Twin<T> {
  return { arb: fc.constant(value), draw: () => value };
}

export function boolean(): Twin<boolean> {
  return { arb: fc.boolean(), draw: (r) => r.nextInt(0, 1) === 1 };
}

export function map<T, U>(t: Twin<T>, f: (v: T) => U): Twin<U> {
  return { arb: t.arb.map(f), draw: (r, bias) => f(t.draw(r, bias)) };
}

export interface OneofOptions {
  readonly withCrossShrink?: boolean;
  readonly depthSize?: 'small';
}

export interface Weighted<T> {
  readonly weight: number;
  readonly twin: Twin<T>;
}

/** fc.oneof: its own depth (fast-check's default context per instance) lowers the odds of recursing. */
export function oneof<T>(opts: OneofOptions, ...choices: Weighted<T>[]): Twin<T> {
  const arb = fc.oneof(opts, ...choices.map((c) => ({ weight: c.weight, arbitrary: c.twin.arb })));
  const upTo: number[] = [];
  let total = 0;
  for (const c of choices) upTo.push((total += c.weight));
  const first = choices[0]?.weight ?? 0;
  // both depth sizes in use ('small' and the default, which is 'small') bias by 0.5
  const depthBias = 0.5;
  let depth = 0;
  return {
    arb,
    draw(r, bias) {
      const benefit = depth === 0 || first === 0 ? 0 : -Math.min(total * (Math.floor(Math.pow(1 + depthBias, depth)) - 1), Number.MAX_SAFE_INTEGER) || 0;
      const selected = r.nextInt(benefit, total - 1);
      let i = 0;
      while (selected >= (upTo[i] ?? Infinity)) i++;
      const c = choices[i];
      if (!c) throw new Error('twin.oneof: nothing to choose');
      depth++;
      try {
        return c.twin.draw(r, bias);
      } finally {
        depth--;
      }
    },
  };
}

/** Equal weights, no options. */
export function oneofOf<T>(...twins: Twin<T>[]): Twin<T> {
  return oneof({}, ...twins.map((twin) => ({ weight: 1, twin })));
}

/** fc.option with nil undefined (frequency 1 in 6, cross-shrinking to nil). */
export function option<T>(t: Twin<T>): Twin<T | undefined> {
  return {
    arb: fc.option(t.arb, { nil: undefined }),
    draw: (r, bias) => (r.nextInt(0, 5) < 1 ? undefined : t.draw(r, bias)),
  };
}

export interface ArrayConstraints {
  readonly minLength?: number;
  readonly maxLength: number;
}

/** How many items an array draws, and the bias its items are drawn with. */
export interface Length {
  readonly n: number;
  readonly itemBias: number | undefined;
}

/** fc.array's length with the default size ('small'): up to min(2 min + 10, max), biased lengths log2 of that. */
export function arrayLength(c: ArrayConstraints): (r: fc.Random, bias: number | undefined) => Length {
  const min = c.minLength ?? 0;
  const maxGen = Math.min(2 * min + 10, c.maxLength);
  const biasedMax = min === maxGen ? min : min + Math.floor(Math.log(maxGen - min) / Math.log(2));
  return (r, bias) => {
    if (bias === undefined) return { n: r.nextInt(min, maxGen), itemBias: undefined };
    if (min === maxGen) return { n: r.nextInt(min, maxGen), itemBias: bias };
    if (r.nextInt(1, bias) !== 1) return { n: r.nextInt(min, maxGen), itemBias: undefined };
    if (r.nextInt(1, bias) !== 1) return { n: r.nextInt(min, maxGen), itemBias: bias };
    return { n: r.nextInt(min, biasedMax), itemBias: bias };
  };
}

export function array<T>(t: Twin<T>, c: ArrayConstraints): Twin<T[]> {
  const length = arrayLength(c);
  return {
    arb: fc.array(t.arb, { minLength: c.minLength ?? 0, maxLength: c.maxLength }),
    draw(r, bias) {
      const { n, itemBias } = length(r, bias);
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(t.draw(r, itemBias));
      return out;
    },
  };
}

/** A twin whose draw is written by hand for speed (a test holds it to the arbitrary). */
export function custom<T>(arb: fc.Arbitrary<T>, draw: (r: fc.Random, bias: number | undefined) => T): Twin<T> {
  return { arb, draw };
}

type Twins<T extends readonly unknown[]> = { readonly [K in keyof T]: Twin<T[K]> };

export function tuple<T extends unknown[]>(...ts: Twins<T>): Twin<T> {
  return {
    arb: fc.tuple(...(ts.map((t) => t.arb) as { [K in keyof T]: fc.Arbitrary<T[K]> })) as unknown as fc.Arbitrary<T>,
    draw: (r, bias) => ts.map((t) => t.draw(r, bias)) as T,
  };
}

/** fc.record (every key required): the fields in key order, then the draw of its null-prototype flag. */
export function record<T extends object>(model: { readonly [K in keyof T]: Twin<T[K]> }): Twin<T> {
  const keys = Object.keys(model) as (keyof T & string)[];
  const arbs = {} as { [K in keyof T]: fc.Arbitrary<T[K]> };
  for (const k of keys) arbs[k] = model[k].arb;
  return {
    arb: fc.record(arbs) as unknown as fc.Arbitrary<T>,
    draw(r, bias) {
      const out = {} as T;
      for (const k of keys) out[k] = model[k].draw(r, bias);
      r.nextInt(0, 1);
      return out;
    },
  };
}

/** A fast-check arbitrary that defers to one made later (fc.letrec's tie), for recursive twins. */
class LaterArbitrary<T> extends fc.Arbitrary<T> {
  constructor(private readonly get: () => fc.Arbitrary<T>) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.get().generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.get().canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.get().shrink(value, context);
  }
}

export function later<T>(get: () => Twin<T>): Twin<T> {
  return { arb: new LaterArbitrary(() => get().arb), draw: (r, bias) => get().draw(r, bias) };
}
