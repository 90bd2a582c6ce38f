/**
 * DOT to SVG with Graphviz compiled to WebAssembly (`graphviz-cli`, through `@aduh95/viz.js`): no
 * system Graphviz needed. Async; callers await every render.
 */

/**
 * Lays out and renders DOT source as a standalone SVG document. Rejects on a DOT syntax error.
 * Graphviz is loaded on the first render, not when a model's picture is imported: every command
 * imports the models, few draw SVG.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const { renderGraphFromSource } = await import('graphviz-cli');
  return renderGraphFromSource({ input: dot }, { format: 'svg' });
}

/** The `<svg …>…</svg>` element of an SVG document, without XML prolog, doctype or comments before it, for inlining in HTML. */
export function inlineSvg(svg: string): string {
  const i = svg.indexOf('<svg');
  return i < 0 ? svg : svg.slice(i).replace(/<!--[\s\S]*?-->\n?/g, '');
}
