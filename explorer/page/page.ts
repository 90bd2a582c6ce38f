/**
 * The explorer page: one self-contained HTML document (inline style and script, no CDN, no fonts or
 * images to fetch), so it works offline. Static: everything that changes comes from the JSON API
 * and is drawn by the script (`client.ts`).
 */
import { EXPLORER_JS } from './client.ts';
import { EXPLORER_CSS } from './style.ts';

/** The page's HTML. Pure; the same bytes every time. */
export function explorerPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grove-check explorer</title>
<style>${EXPLORER_CSS}</style>
</head>
<body>
<header>
  <h1>grove-check explorer</h1>
  <form id="config" autocomplete="off">
    <label>model <select id="model"></select></label>
    <label>variant <select id="variant"></select></label>
    <label>actors <input id="actors" type="number" min="0" max="6" value="2"></label>
    <label>ops <input id="ops" type="number" min="0" max="6" value="1"></label>
    <label title="at most this many lost replies per run (0: none); models without them ignore it">lost replies <input id="lost" type="number" min="0" max="4" value="0"></label>
    <label title="at most this many crashes per run (0: none); models without them ignore it">crashes <input id="crashes" type="number" min="0" max="4" value="0"></label>
    <button id="reset" class="primary" type="submit">Start</button>
  </form>
  <div id="variant-title"></div>
</header>
<div id="messages"><div id="notice" role="status"></div><div id="error" role="alert"></div></div>
<main>
  <section id="steps-panel">
    <h2>Next steps</h2>
    <div class="history">
      <button id="undo" type="button" title="undo (u, Ctrl+Z)">↶ Undo <kbd>u</kbd></button>
      <button id="redo" type="button" title="redo (r, Ctrl+Y)">Redo ↷ <kbd>r</kbd></button>
    </div>
    <div id="actions"></div>
    <form id="row-form" title="take a row as written, for a scripted actor (one with no program, as in the seeds' tables)">
      <input id="row-text" class="mono" placeholder="scripted row: 3 Append&lt;a&gt; Ok" spellcheck="false" aria-label="scripted row">
      <button type="submit">Take</button>
    </form>
    <h2>Find a bug from here</h2>
    <form id="find-form">
      <label>budget <input id="find-seconds" type="number" min="1" max="600" value="10"> s</label>
      <label title="advisory properties (G7, D1) count as violations"><input id="find-strict" type="checkbox"> strict</label>
      <button id="find" type="submit">Find <kbd>f</kbd></button>
    </form>
    <div id="find-result"></div>
    <h2>Keys</h2>
    <ul class="keys">
      <li><kbd>1</kbd>–<kbd>9</kbd> fire the n-th enabled step, <kbd>n</kbd> the first</li>
      <li><kbd>u</kbd> or <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo</li>
      <li><kbd>r</kbd>, <kbd>Ctrl</kbd>+<kbd>Y</kbd> or <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo</li>
      <li><kbd>f</kbd> find a bug from here</li>
      <li>click a row to go to that step</li>
    </ul>
  </section>
  <section id="graph-panel">
    <h2><span id="picture-title">Log forest</span> <small id="step-counter"></small></h2>
    <div id="config-line" class="mono"></div>
    <div id="violation-banner" role="alert"></div>
    <div id="graph"></div>
    <details id="ascii-box"><summary>ASCII forest</summary><pre id="ascii"></pre></details>
    <div id="sequence-box"><h2>Sequence</h2><div id="sequence"></div></div>
  </section>
  <section id="side-panel">
    <h2>Properties</h2>
    <ul id="properties"></ul>
    <h2>Rows <small>Actor Op Result</small></h2>
    <table id="rows" class="rows"><thead><tr><th>#</th><th>row</th><th></th></tr></thead><tbody></tbody></table>
    <div class="save">
      <input id="save-name" aria-label="file name" spellcheck="false">
      <button id="download" type="button">Download</button>
      <button id="download-itf" type="button" title="the steps as an ITF trace (Quint/Apalache JSON)">ITF</button>
      <button id="save" type="button" title="write it as a .scenario file on the server">Save to <span id="save-dir" class="mono"></span></button>
      <span id="saved"></span>
    </div>
    <h2>Load a scenario or counterexample</h2>
    <div class="load">
      <input id="upload" type="file" accept=".scenario,.txt,text/plain">
      <label title="which scenario of a file that holds several">scenario # <input id="load-index" type="number" min="1" value="1"></label>
      <label><input id="load-start" type="checkbox"> start at step 0</label>
    </div>
    <textarea id="paste" spellcheck="false" placeholder="paste a scenario: headers (model: grove, variant: logid-check, actors: 2, ops: 1) and Actor Op Result rows"></textarea>
    <button id="load" type="button">Load pasted</button>
  </section>
</main>
<script>${EXPLORER_JS}</script>
</body>
</html>
`;
}
