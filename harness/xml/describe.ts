// One-line renderings of elements for error messages and reports.
// Elements in jabber:client / jabber:server (or ns '') show no xmlns; the `stream` prefix is not declared.
import type { XmlElement } from './element.js';
import { NS_CLIENT, NS_SERVER, NS_STREAMS } from './ns.js';
import { ANY, ABSENT } from './build.js';
import { escapeAttr, escapeText } from './serialize.js';

function startTag(el: XmlElement, parentNs: string | undefined): string {
  const qname = el.prefix ? `${el.prefix}:${el.name}` : el.name;
  let s = `<${qname}`;
  if (el.prefix) {
    if (!(el.prefix === 'stream' && el.ns === NS_STREAMS) && el.prefix !== 'xml') s += ` xmlns:${el.prefix}='${escapeAttr(el.ns)}'`;
  } else if (el.ns !== '' && el.ns !== parentNs && !(parentNs === undefined && (el.ns === NS_CLIENT || el.ns === NS_SERVER))) {
    s += ` xmlns='${escapeAttr(el.ns)}'`;
  }
  for (const key of Object.keys(el.attrs)) s += ` ${key}='${shown(el.attrs[key]!, true)}'`;
  return s;
}

function shown(value: string, attr: boolean): string {
  if (value === ANY) return '{any}';
  if (value === ABSENT) return '{absent}';
  return attr ? escapeAttr(value) : escapeText(value);
}

function render(el: XmlElement, parentNs: string | undefined, budget: { left: number }, out: string[]): void {
  const tag = startTag(el, parentNs);
  out.push(tag);
  budget.left -= tag.length;
  const ns = el.prefix ? parentNs : el.ns;
  const kids = el.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
  if (kids.length === 0) {
    out.push('/>');
    budget.left -= 2;
    return;
  }
  out.push('>');
  for (const c of kids) {
    if (budget.left <= 0) break;
    if (typeof c === 'string') {
      const t = shown(c.replace(/\s+/g, ' ').trim(), false);
      out.push(t);
      budget.left -= t.length;
    } else {
      render(c, ns, budget, out);
    }
  }
  const end = `</${el.prefix ? `${el.prefix}:${el.name}` : el.name}>`;
  out.push(end);
  budget.left -= end.length;
}

/** The element on one line (children condensed, whitespace collapsed), cut to `max` characters with '…'. */
export function describe(el: XmlElement, max = 160): string {
  const out: string[] = [];
  render(el, undefined, { left: max + 1 }, out);
  const s = out.join('');
  return s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s;
}

/** Just the start tag, e.g. `<iq type='error' id='x'>`. */
export function describeShort(el: XmlElement): string {
  return `${startTag(el, undefined)}>`;
}
