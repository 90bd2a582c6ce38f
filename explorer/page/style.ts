/**
 * The explorer page's stylesheet, inlined into the page (no external resources). The forest's
 * entry colours come from Graphviz's output (the report's `STATUS_STYLE`); this only frames them,
 * and draws witness entries (`g.node.witness`) with a thick red outline.
 */

/** The page CSS. */
export const EXPLORER_CSS = String.raw`
:root { --bad: #c00000; --bad-bg: #ffe5e8; --warn: #9a6700; --warn-bg: #fff4d6; --ok: #1e7b34; --ok-bg: #e7f6ea; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 18px; padding: 10px 16px; background: #24292f; color: #fff; }
header h1 { font-size: 17px; margin: 0; font-weight: 600; }
header form { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; }
header label { font-size: 13px; color: #d0d7de; }
header select, header input { font: inherit; padding: 2px 4px; border-radius: 4px; border: 1px solid #57606a; }
header input[type=number] { width: 3.5em; }
#variant-title { flex-basis: 100%; font-size: 12px; color: #d0d7de; min-height: 1em; }
button { font: inherit; padding: 3px 10px; border-radius: 6px; border: 1px solid #8c959f; background: #fff; cursor: pointer; }
button:hover:not(:disabled) { background: #eef1f4; }
button:disabled { opacity: .45; cursor: default; }
button.primary { background: #1f883d; color: #fff; border-color: #1a7f37; }
kbd { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 0 4px; border: 1px solid #8c959f; border-bottom-width: 2px; border-radius: 4px; background: #f6f8fa; color: #1f2328; }
.mono, pre, code, td.row-text, .action .label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
#messages { padding: 0 16px; }
#notice:not(:empty), #error:not(:empty) { margin: 8px 0 0; padding: 6px 10px; border-radius: 6px; }
#notice:not(:empty) { background: #ddf4ff; border: 1px solid #54aeff; }
#error:not(:empty) { background: var(--bad-bg); border: 1px solid var(--bad); color: var(--bad); }
main { display: grid; grid-template-columns: 290px minmax(360px, 1fr) 400px; gap: 12px; padding: 12px 16px; align-items: start; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
h2 { font-size: 14px; margin: 4px 0 8px; display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
h2:not(:first-child) { margin-top: 16px; }
h2 small { font-weight: normal; color: var(--muted); }
.history { display: flex; gap: 8px; margin-bottom: 8px; }
.actor { margin: 0 0 8px; }
.actor h3 { font-size: 12px; margin: 0 0 4px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.action { display: flex; align-items: center; gap: 6px; width: 100%; text-align: left; margin: 0 0 4px; }
.action.fault { border-style: dashed; border-color: #bc4c00; background: #fff8f0; }
.action .tag { margin-left: auto; font-size: 11px; color: #bc4c00; }
.none { color: var(--muted); font-style: italic; margin: 4px 0; }
#row-form { display: flex; gap: 6px; margin: 4px 0 0; }
#row-form input { flex: 1; min-width: 0; font: 12px ui-monospace, monospace; }
#load-index { width: 3.5em; font: inherit; }
#find-form { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
#find-form input[type=number] { width: 4.5em; font: inherit; }
#find-result:not(:empty) { margin-top: 6px; padding: 6px 8px; border-radius: 6px; font-size: 13px; }
#find-result.violation { background: var(--bad-bg); border: 1px solid var(--bad); }
#find-result.pass { background: var(--ok-bg); border: 1px solid var(--ok); }
#find-result.inconclusive, #find-result.busy { background: var(--warn-bg); border: 1px solid var(--warn); }
ul.keys { margin: 0; padding-left: 18px; font-size: 13px; color: var(--muted); }
#graph-panel.violated { border: 2px solid var(--bad); box-shadow: 0 0 0 3px var(--bad-bg); }
#violation-banner:not(:empty) { background: var(--bad-bg); color: var(--bad); border-left: 4px solid var(--bad); padding: 6px 10px; margin-bottom: 8px; }
#graph { overflow: auto; min-height: 60px; }
#graph svg { max-width: 100%; height: auto; }
#graph g.node.witness polygon, #graph g.node.witness path, #graph g.node.witness ellipse { stroke: var(--bad); stroke-width: 4px; }
#graph g.node.witness text { font-weight: bold; }
#graph pre, #ascii { margin: 0; padding: 6px; background: #f6f8fa; border-radius: 6px; overflow: auto; }
#sequence { overflow: auto; max-height: 420px; }
#sequence svg { max-width: none; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; margin-top: 8px; }
ul#properties { list-style: none; margin: 0; padding: 0; }
.prop { padding: 4px 6px; border-radius: 6px; margin-bottom: 3px; border: 1px solid transparent; }
.prop .badge { display: inline-block; min-width: 72px; font-size: 12px; font-weight: 600; }
.prop.ok .badge { color: var(--ok); }
.prop.violated { background: var(--bad-bg); border-color: var(--bad); }
.prop.violated .badge { color: var(--bad); }
.prop.violated.advisory { background: var(--warn-bg); border-color: var(--warn); }
.prop.violated.advisory .badge { color: var(--warn); }
.prop .adv { font-size: 11px; color: var(--warn); border: 1px solid var(--warn); border-radius: 8px; padding: 0 5px; margin-left: 4px; }
.prop .title { color: var(--muted); font-size: 12.5px; }
.prop .witness { font-size: 12.5px; margin-top: 2px; }
table.rows { width: 100%; border-collapse: collapse; }
table.rows th { text-align: left; font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); }
table.rows td { padding: 2px 6px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
table.rows tr { cursor: pointer; }
table.rows tr.undone td { color: #8c959f; font-style: italic; }
table.rows tr.current td { background: #ddf4ff; }
table.rows tr.violating td { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
table.rows tr.violating.current td { background: #ffcfd5; }
table.rows tr.advisory td { background: var(--warn-bg); }
table.rows td.marks { white-space: nowrap; font-size: 12px; }
table.rows .written { color: var(--warn); font-size: 12px; }
.save, .load { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 8px; }
.save input { font: inherit; flex: 1; min-width: 8em; }
#saved { font-size: 12px; color: var(--ok); flex-basis: 100%; }
#paste { width: 100%; min-height: 90px; font: 12px ui-monospace, monospace; }
`;
