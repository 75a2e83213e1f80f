// The inline CSS and JS of the HTML pages (index.html of a run, and the interop matrix). The scripts
// never parse markup: they toggle `hidden`, clone inert <template> content and set textContent.
// Both pages allow exactly these bodies by hash (html-escape.ts contentSecurityPolicy).

export const PAGE_CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --skip: #9a6700; --err: #8250df; --xf: #6e7781; --fix: #0969da; --none: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
header, main, footer { padding: 12px 24px; }
header { border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 20px 0 6px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 12px 0 4px; }
dl.target { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
dl.target dt { color: #59636e; }
dl.target dd { margin: 0; word-break: break-all; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
a { color: #0969da; }
.badge { display: inline-block; min-width: 64px; text-align: center; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; }
.st-passed { --c: var(--pass); } .st-failed { --c: var(--fail); } .st-skipped { --c: var(--skip); }
.st-errored { --c: var(--err); } .st-expected-fail { --c: var(--xf); } .st-fixed { --c: var(--fix); } .st-absent { --c: var(--none); }
.lv-met { --c: var(--pass); } .lv-not-met { --c: var(--fail); } .lv-not-met-known-deviations { --c: var(--xf); } .lv-not-assessed { --c: var(--skip); }
.badge { background: var(--c); }
.badge.total { color: #1f2328; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.summary .badge { font-size: 13px; padding: 2px 10px; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-top: 6px; }
.case { border-left: 4px solid var(--c); padding: 4px 8px; margin: 4px 0; background: #fff; }
.case .row { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.case .dur { color: #59636e; font-size: 12px; margin-left: auto; }
.refs { font-size: 12px; color: #59636e; }
.level { font-weight: 600; }
.msg { margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
pre.tx { background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.tl { display: block; }
.tl.in { color: #0a3069; } .tl.out { color: #1f2328; }
.meta, .note { color: #59636e; }
.incomplete { border-left: 4px solid #bf8700; padding: 4px 8px; background: #fff8c5; }
.note { font-style: italic; display: block; }
table.matrix { border-collapse: collapse; margin-top: 8px; }
table.matrix th, table.matrix td { border: 1px solid #d0d7de; padding: 3px 6px; vertical-align: top; }
table.matrix thead th { background: #f6f8fa; position: sticky; top: 0; z-index: 1; }
table.matrix tr.group th, table.matrix tr.level-group th { background: #eaeef2; text-align: left; }
table.matrix td.case-cell { max-width: 420px; }
table.matrix td.cell { text-align: center; background: color-mix(in srgb, var(--c) 22%, #fff); }
table.matrix td.cell button { all: unset; cursor: pointer; display: block; width: 100%; font-size: 12px; }
table.matrix td.cell button:focus-visible { outline: 2px solid #0969da; }
table.matrix .sub { color: #59636e; font-size: 11px; font-weight: normal; }
#panel { position: fixed; right: 0; top: 0; bottom: 0; width: min(720px, 100%); background: #fff; border-left: 2px solid #d0d7de;
  box-shadow: -4px 0 12px rgba(0,0,0,.15); padding: 12px 16px; overflow: auto; z-index: 2; }
#panel pre.tx { max-height: none; }
[hidden] { display: none !important; }
`;

/** The run report: status checkboxes hide cases, and empty groups with them; expand/collapse all transcripts. */
export const REPORT_JS = `
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-status-filter]');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute('data-status-filter')] = b.checked; });
    document.querySelectorAll('.case').forEach(function (c) { c.hidden = !on[c.getAttribute('data-status')]; });
    document.querySelectorAll('.group, section.area').forEach(function (g) {
      g.hidden = g.querySelector('.case:not([hidden])') === null;
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  var open = document.getElementById('expand-all');
  if (open) open.addEventListener('click', function () {
    var all = document.querySelectorAll('details.transcript');
    var any = false;
    all.forEach(function (d) { if (!d.open) any = true; });
    all.forEach(function (d) { d.open = any; });
  });
  apply();
})();
`;

/**
 * The matrix: filters by area, level and "differs between servers" hide rows (and group headers left
 * empty); a click on a cell fills the side panel from that cell's inert <template> (text only).
 */
export const MATRIX_JS = `
(function () {
  'use strict';
  var area = document.getElementById('f-area');
  var level = document.getElementById('f-level');
  var differs = document.getElementById('f-differs');
  var shown = document.getElementById('shown');
  function apply() {
    var n = 0;
    var rows = document.querySelectorAll('tr.case-row');
    rows.forEach(function (r) {
      var ok = (area.value === '' || r.getAttribute('data-area') === area.value) &&
        (level.value === '' || (' ' + r.getAttribute('data-levels') + ' ').indexOf(' ' + level.value + ' ') >= 0) &&
        (!differs.checked || r.getAttribute('data-differs') === '1');
      r.hidden = !ok;
      if (ok) n++;
    });
    document.querySelectorAll('tr.group').forEach(function (g) {
      var visible = false;
      for (var s = g.nextElementSibling; s && !s.classList.contains('group'); s = s.nextElementSibling) {
        if (!s.hidden) { visible = true; break; }
      }
      g.hidden = !visible;
    });
    shown.textContent = String(n) + ' of ' + String(rows.length) + ' cases shown';
  }
  [area, level].forEach(function (e) { e.addEventListener('change', apply); });
  differs.addEventListener('change', apply);
  var panel = document.getElementById('panel');
  var body = document.getElementById('panel-body');
  function show(cell) {
    var tpl = document.getElementById(cell.getAttribute('data-detail'));
    body.textContent = '';
    if (tpl && tpl.content) body.appendChild(tpl.content.cloneNode(true));
    panel.hidden = false;
    var close = document.getElementById('panel-close');
    if (close) close.focus();
  }
  document.querySelectorAll('td.cell button[data-detail]').forEach(function (b) {
    b.addEventListener('click', function () { show(b); });
  });
  document.getElementById('panel-close').addEventListener('click', function () { panel.hidden = true; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') panel.hidden = true; });
  apply();
})();
`;
