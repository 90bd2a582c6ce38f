/**
 * The report page's own script and style, inlined into every page (no CDN, opens offline).
 *
 * The script steps through the states: `#prev`/`#next`/`#first`/`#last` buttons, the arrow keys
 * (Home/End too), a click on a row of the table or of the sequence diagram, and `#step=N` in the URL.
 * Each state's forest is a `<template id="state-N">` (SVG and ASCII); the before/after panels are
 * filled from them.
 */

/** The page script (plain ES2020, no modules). */
export const CLIENT_JS = String.raw`
(function () {
  var n = Number(document.body.getAttribute('data-steps'));
  var k = 0;
  function $(id) { return document.getElementById(id); }
  function fill(panel, step) {
    var target = $(panel);
    var tpl = step < 0 ? null : $('state-' + step);
    target.replaceChildren();
    if (tpl === null) {
      var p = document.createElement('p');
      p.className = 'none';
      p.textContent = 'nothing before the initial state';
      target.appendChild(p);
      return;
    }
    target.appendChild(tpl.content.cloneNode(true));
  }
  function show(i) {
    k = Math.max(0, Math.min(n, i));
    $('step-counter').textContent = 'step ' + k + ' / ' + n;
    fill('before', k - 1);
    fill('after', k);
    $('before-caption').textContent = k === 0 ? 'before: -' : 'before step ' + k;
    $('after-caption').textContent = k === 0 ? 'initial state' : 'after step ' + k;
    var row = document.querySelector('tr[data-step="' + k + '"] .row-text');
    $('step-row').textContent = k === 0 ? '(initial state: press next or the right arrow key)' : (row ? row.textContent : '');
    document.querySelectorAll('[data-step]').forEach(function (el) {
      el.classList.toggle('current', Number(el.getAttribute('data-step')) === k);
    });
    $('prev').disabled = k === 0;
    $('first').disabled = k === 0;
    $('next').disabled = k === n;
    $('last').disabled = k === n;
    if (history.replaceState) history.replaceState(null, '', '#step=' + k);
  }
  $('prev').addEventListener('click', function () { show(k - 1); });
  $('next').addEventListener('click', function () { show(k + 1); });
  $('first').addEventListener('click', function () { show(0); });
  $('last').addEventListener('click', function () { show(n); });
  var jump = $('violation');
  if (jump) jump.addEventListener('click', function () { show(Number(jump.getAttribute('data-goto'))); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') { show(k + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { show(k - 1); e.preventDefault(); }
    else if (e.key === 'Home') { show(0); e.preventDefault(); }
    else if (e.key === 'End') { show(n); e.preventDefault(); }
  });
  document.querySelectorAll('tr[data-step], g.seq-step').forEach(function (el) {
    el.addEventListener('click', function () { show(Number(el.getAttribute('data-step'))); });
  });
  var copy = $('copy');
  if (copy && navigator.clipboard) copy.addEventListener('click', function () {
    navigator.clipboard.writeText($('replay').textContent).then(function () { copy.textContent = 'copied'; }, function () {});
  });
  var m = /step=(\d+)/.exec(location.hash);
  show(m ? Number(m[1]) : 0);
})();
`;

/** The page style. */
export const CLIENT_CSS = `
:root { --red: #c00000; --green: #1e7b34; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1280px; padding: 16px 24px 48px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 4px 0 12px; }
h1 .bad { color: var(--red); }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, pre, .mono { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: #f7f7f7; border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; margin: 6px 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.why { border-left: 4px solid var(--red); background: #fff3f3; padding: 8px 12px; margin: 12px 0; }
table.rows { border-collapse: collapse; }
table.rows td, table.rows th { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
table.rows tr[data-step] { cursor: pointer; }
table.rows tr.violating td { background: #ffd7d7; color: var(--red); font-weight: 600; }
table.rows tr.current td { outline: 2px solid #f0b400; outline-offset: -2px; }
.written { color: var(--muted); font-style: italic; }
.stepper { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; position: sticky; top: 0; background: #fff; padding: 8px 0; z-index: 1; border-bottom: 1px solid var(--line); }
.stepper button { font: inherit; padding: 4px 12px; border: 1px solid #999; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
.stepper button:disabled { opacity: 0.4; cursor: default; }
.stepper button#violation { border-color: var(--red); color: var(--red); }
#step-counter { font-weight: 700; min-width: 7em; }
#step-row { font-family: ui-monospace, Menlo, Consolas, monospace; }
.panels { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 8px; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-height: 120px; overflow-x: auto; }
.panel h3 { font-size: 13px; margin: 0 0 6px; color: var(--muted); font-weight: 600; }
.panel svg { max-width: 100%; height: auto; }
.panel .none { color: var(--muted); font-style: italic; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; font-size: 12px; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border: 1.5px solid var(--c); background: var(--f); border-radius: 3px; }
.sequence-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
svg.sequence g.seq-step { cursor: pointer; }
svg.sequence g.seq-step.current rect.band { fill: #fff3c4; stroke: #f0b400; }
svg.sequence g.seq-step.violating.current rect.band { fill: #ffc0c0; }
details { margin: 8px 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
