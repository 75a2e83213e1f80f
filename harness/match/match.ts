// Scansion-style matching of an expected element template against a received element.
//
// Loose (default):
// - same local name; same namespace, except that an expected ns of '' (an `el` built without xmlns,
//   see harness/xml/build.ts) accepts any namespace;
// - every expected attribute is present with an equal value; ANY accepts any value, ABSENT requires
//   the attribute to be missing; extra actual attributes are fine;
// - every expected child element matches a distinct actual child (order ignored, extras allowed);
// - expected text (whitespace-trimmed), when not empty, equals the actual text (trimmed); ANY as the
//   text accepts any text. Whitespace-only text nodes are ignored everywhere.
// Strict: additionally the attribute sets are equal (ABSENT entries aside), the child elements
// correspond one to one in order (each compared strictly), and the text is equal even when empty.
//
// A failure names the first mismatch: a path like `/iq/query[1]/item[2]@jid` (child index = 1-based
// position among the expected parent's child elements) and a short reason.
import { ANY, ABSENT, describeShort, type XmlElement } from '../xml/index.js';

export type MatchResult = { ok: true } | { ok: false; path: string; reason: string };

export interface MatchOptions {
  strict?: boolean;
}

const OK: MatchResult = Object.freeze({ ok: true });

function fail(path: string, reason: string): MatchResult {
  return { ok: false, path, reason };
}

function qname(el: XmlElement): string {
  return el.prefix ? `${el.prefix}:${el.name}` : el.name;
}

function quote(s: string): string {
  if (s === ANY) return 'any value';
  const short = s.length > 60 ? `${s.slice(0, 59)}…` : s;
  return `'${short}'`;
}

function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s.trim();
}

function elementsOf(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string') out.push(c);
  return out;
}

function sameKind(exp: XmlElement, act: XmlElement): boolean {
  return exp.name === act.name && (exp.ns === '' || exp.ns === act.ns);
}

function matchAttrs(exp: XmlElement, act: XmlElement, strict: boolean, path: string): MatchResult {
  for (const key of Object.keys(exp.attrs)) {
    const want = exp.attrs[key]!;
    const has = Object.prototype.hasOwnProperty.call(act.attrs, key);
    const got = has ? act.attrs[key]! : undefined;
    if (want === ABSENT) {
      if (got !== undefined) return fail(`${path}@${key}`, `attribute '${key}' is ${quote(got)}, expected it absent`);
    } else if (got === undefined) {
      return fail(`${path}@${key}`, `attribute '${key}' is missing, expected ${quote(want)}`);
    } else if (want !== ANY && got !== want) {
      return fail(`${path}@${key}`, `attribute '${key}' is ${quote(got)}, expected ${quote(want)}`);
    }
  }
  if (strict) {
    for (const key of Object.keys(act.attrs)) {
      const want = Object.prototype.hasOwnProperty.call(exp.attrs, key) ? exp.attrs[key] : undefined;
      if (want === undefined || want === ABSENT) {
        return fail(`${path}@${key}`, `unexpected attribute '${key}' (${quote(act.attrs[key]!)})`);
      }
    }
  }
  return OK;
}

/** Kuhn's augmenting paths: can every expected child get its own actual child? Returns unassigned index or -1. */
function assign(candidates: number[][], actualCount: number): number {
  const owner = new Array<number>(actualCount).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (const j of candidates[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < candidates.length; i++) {
    if (!tryAssign(i, new Array<boolean>(actualCount).fill(false))) return i;
  }
  return -1;
}

function matchChildrenLoose(exp: XmlElement[], act: XmlElement[], path: string): MatchResult {
  const candidates: number[][] = [];
  for (let i = 0; i < exp.length; i++) {
    const e = exp[i]!;
    const childPath = `${path}/${qname(e)}[${i + 1}]`;
    const list: number[] = [];
    let explain: MatchResult | undefined;
    for (let j = 0; j < act.length; j++) {
      const r = matchAt(e, act[j]!, false, childPath);
      if (r.ok) list.push(j);
      else if (explain === undefined && sameKind(e, act[j]!)) explain = r;
    }
    if (list.length === 0) return explain ?? fail(childPath, `missing child ${describeShort(e)}`);
    candidates.push(list);
  }
  const unassigned = assign(candidates, act.length);
  if (unassigned >= 0) {
    const e = exp[unassigned]!;
    return fail(`${path}/${qname(e)}[${unassigned + 1}]`, `no distinct actual child left for ${describeShort(e)}`);
  }
  return OK;
}

function matchChildrenStrict(exp: XmlElement[], act: XmlElement[], path: string): MatchResult {
  const n = Math.min(exp.length, act.length);
  for (let i = 0; i < n; i++) {
    const r = matchAt(exp[i]!, act[i]!, true, `${path}/${qname(exp[i]!)}[${i + 1}]`);
    if (!r.ok) return r;
  }
  if (act.length > exp.length) {
    const extra = act[exp.length]!;
    return fail(
      `${path}/${qname(extra)}[${exp.length + 1}]`,
      `unexpected child ${describeShort(extra)} (${act.length} child elements, expected ${exp.length})`,
    );
  }
  if (exp.length > act.length) {
    const missing = exp[act.length]!;
    return fail(
      `${path}/${qname(missing)}[${act.length + 1}]`,
      `missing child ${describeShort(missing)} (${act.length} child elements, expected ${exp.length})`,
    );
  }
  return OK;
}

function matchAt(exp: XmlElement, act: XmlElement, strict: boolean, path: string): MatchResult {
  if (exp.name !== act.name) return fail(path, `element is <${qname(act)}>, expected <${qname(exp)}>`);
  if (exp.ns !== '' && exp.ns !== act.ns) return fail(path, `namespace is '${act.ns}', expected '${exp.ns}'`);
  const attrs = matchAttrs(exp, act, strict, path);
  if (!attrs.ok) return attrs;
  const want = textOf(exp);
  if (want !== ANY && (want !== '' || strict)) {
    const got = textOf(act);
    if (got !== want)
      return fail(path, got === '' ? `text is empty, expected ${quote(want)}` : `text is ${quote(got)}, expected ${want === '' ? 'none' : quote(want)}`);
  }
  const expKids = elementsOf(exp);
  const actKids = elementsOf(act);
  if (strict) return matchChildrenStrict(expKids, actKids, path);
  if (expKids.length === 0) return OK;
  return matchChildrenLoose(expKids, actKids, path);
}

/** Compares `actual` against the template `expected`; on mismatch returns the first difference. */
export function match(expected: XmlElement, actual: XmlElement, opts?: MatchOptions): MatchResult {
  return matchAt(expected, actual, opts?.strict === true, `/${qname(expected)}`);
}

export function matches(expected: XmlElement, actual: XmlElement, opts?: MatchOptions): boolean {
  return match(expected, actual, opts).ok;
}

/** "path: reason" for messages, e.g. `/iq@type: attribute 'type' is 'error', expected 'result'`. */
export function formatMismatch(result: MatchResult): string {
  return result.ok ? 'matches' : `${result.path}: ${result.reason}`;
}
