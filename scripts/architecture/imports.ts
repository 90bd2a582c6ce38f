/**
 * The project's import graph, read from the source text (no TypeScript loader, no package): every
 * `import … from './x.ts'`, `export … from` and side-effect `import './x.ts'` of a relative module,
 * that is, every import that loads a module. Two kinds are left out on purpose: `import type` /
 * `export type` (erased at compile time: interfaces that name each other, such as `Model` and its
 * `Capabilities`, constrain no load order) and dynamic `import('./x.ts')` (how a layer reaches a
 * higher one lazily, such as a model's `--against` harness, without depending on it at load time).
 *
 * `importCycles` finds the strongly connected components of that graph (Tarjan): a component of more
 * than one file, or a file importing itself, is a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Folders never scanned. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', 'reports-out']);

/** Every `.ts` file under `root` (relative paths with `/`, sorted). */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const STATIC = /(?:^|[;\n])\s*(?:import|export)\s+(?!type\s)(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** Comments removed (line and block), so that an import in a comment or TSDoc example is not read. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

/** The relative modules `file` (a path relative to `root`) imports statically, as paths relative to `root`. */
export function staticImports(root: string, file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const out = new Set<string>();
  for (const m of stripComments(text).matchAll(STATIC)) {
    const target = relative(root, resolve(root, dirname(file), m[1])).split(sep).join('/');
    out.add(target);
  }
  return [...out].sort();
}

/** The import graph of the `.ts` files under `root`: file → the files it imports (those that exist). */
export function importGraph(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  const known = new Set(files);
  const g = new Map<string, string[]>();
  for (const f of files) g.set(f, staticImports(root, f).filter((t) => known.has(t)));
  return g;
}

/** The import cycles of `graph`: each a sorted list of the files in one strongly connected component. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    // Iterative Tarjan (the graph has thousands of edges; recursion depth stays small but keep it safe).
    const work: { v: string; i: number }[] = [{ v, i: 0 }];
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const next = graph.get(top.v) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1 || (graph.get(top.v) ?? []).includes(top.v)) cycles.push(comp.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}
