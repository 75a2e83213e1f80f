// Text → HTML that can only ever be text. Everything in a report may come from a hostile server
// (transcripts, messages, software versions), so every value goes through escapeHtml, and the pages'
// scripts only move DOM nodes around or set textContent, never innerHTML.
import { createHash } from 'node:crypto';
import type { TranscriptEntry } from '../runner/index.js';
import { escapeControls, truncate } from './console.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Safe in element content and in quoted attribute values. Control characters (HTML forbids most of
 * them) and lone surrogates become visible escapes first; newlines stay.
 */
export function escapeHtml(text: string): string {
  return escapeControls(text, true).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** A value for an HTML `id` or `data-` attribute made of our own characters only. */
export function safeToken(text: string): string {
  return text.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/** `sha256-…` of an inline <script>/<style> body, for the page's Content-Security-Policy. */
export function cspHash(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}

/**
 * The page's policy: nothing is fetched (no network, no images, no frames), and only our own inline
 * script and style (by hash) run, so even markup that slipped through escaping could not execute.
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return ["default-src 'none'", `script-src ${cspHash(script)}`, `style-src ${cspHash(style)}`, "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join(
    '; ',
  );
}

/** Size limits for transcripts in a page. */
export interface TranscriptLimits {
  /** characters of transcript data kept per case (default 64 Ki) */
  readonly perCase: number;
  /** characters kept of one transcript entry (default 16 Ki) */
  readonly perEntry: number;
}

export const DEFAULT_TRANSCRIPT_LIMITS: TranscriptLimits = { perCase: 64 * 1024, perEntry: 16 * 1024 };
/** characters of transcript one page holds in all; past it, transcripts are left out with a note */
export const DEFAULT_PAGE_TRANSCRIPT_BUDGET = 8 * 1024 * 1024;
/** characters of a message shown */
export const MESSAGE_CAP = 4096;

/** The transcript as escaped HTML lines (`+12ms → out [romeo] <data>`), keeping the newest entries within the cap. */
export function transcriptHtml(transcript: readonly TranscriptEntry[], limits: TranscriptLimits = DEFAULT_TRANSCRIPT_LIMITS): { html: string; chars: number } {
  const kept: string[] = [];
  let chars = 0;
  let i = transcript.length - 1;
  // keep the end: that is where the failure happened
  for (; i >= 0; i -= 1) {
    const e = transcript[i] as TranscriptEntry;
    const data = e.data.length > limits.perEntry ? `${truncate(e.data, limits.perEntry)} [entry cut: ${e.data.length} characters]` : e.data;
    if (chars + data.length > limits.perCase && kept.length > 0) break;
    chars += data.length;
    const arrow = e.dir === 'out' ? '→ out' : '← in ';
    const actor = e.actor !== undefined ? ` <span class="actor">[${escapeHtml(e.actor)}]</span>` : '';
    kept.push(`<span class="tl ${e.dir}"><span class="meta">+${Math.round(e.t)}ms ${arrow}${actor}</span> ${escapeHtml(data)}</span>`);
  }
  kept.reverse();
  if (i >= 0) {
    let omitted = 0;
    for (let j = 0; j <= i; j += 1) omitted += (transcript[j] as TranscriptEntry).data.length;
    kept.unshift(`<span class="note">[… ${i + 1} earlier entries (${omitted} characters) omitted: transcript larger than ${limits.perCase} characters]</span>`);
  }
  return { html: kept.join('\n'), chars };
}

/** `1 case`, `2 cases`; `1 entry`, `2 entries`. */
export function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return word.endsWith('y') ? `${n} ${word.slice(0, -1)}ies` : `${n} ${word}s`;
}
