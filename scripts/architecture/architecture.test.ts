/**
 * The layering rules the folder names promise (ARCHITECTURE.md), held by reading the source:
 * no import cycle among the project's files, the notation imports nothing of the layers above it,
 * and no code outside `model/<name>/` compares a model's name or downcasts to a model's type
 * (engines, reports and commands ask the model's capabilities instead).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { families } from '../../model/registry.ts';
import { importCycles, importGraph, sourceFiles, staticImports } from './imports.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');


/** Lines of `text` (comments blanked) that compare a model name or downcast to a model's type. */
export function modelNameTests(text: string, names: readonly string[]): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
  const alt = names.map((n) => n.replace(/[-]/g, '\\-')).join('|');
  const compare = new RegExp(`[!=]==?\\s*(['"\`])(${alt})\\1|(['"\`])(${alt})\\3\\s*[!=]==?`);
  const out: string[] = [];
  for (const line of code.split('\n')) {
    if (compare.test(line) && /name|model/i.test(line)) out.push(line.trim());
    else if (/\bas\s+unknown\s+as\s+\w*Model\b/.test(line)) out.push(line.trim());
  }
  return out;
}

describe('architecture', () => {
  it('the import scanner reads what loads a module and skips types, comments and dynamic imports', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../c.ts';",
      "import './d.ts';",
      "// import { e } from './e.ts';",
      "const f = await import('./f.ts');",
      "import {\n  g,\n  h,\n} from './g.ts';",
    ].join('\n');
    expect(staticImports(root, 'x/y.ts', text)).toEqual(['c.ts', 'x/a.ts', 'x/d.ts', 'x/g.ts']);
  });

  it('finds a cycle when there is one, and none in a chain', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('no import cycle among the project files', () => {
    const g = importGraph(root);
    expect(g.size).toBeGreaterThan(200);
    expect(importCycles(g)).toEqual([]);
  });

  it('the notation sits at the bottom: scenarios/ imports nothing outside it (the runner is in checker/)', () => {
    const g = importGraph(root);
    const up = [...g].flatMap(([f, to]) => (f.startsWith('scenarios/') && !f.endsWith('.test.ts') ? to.filter((t) => !t.startsWith('scenarios/')).map((t) => `${f} → ${t}`) : []));
    expect(up).toEqual([]);
  });

  it('model/core imports only the notation and itself', () => {
    const g = importGraph(root);
    const up = [...g].flatMap(([f, to]) => (f.startsWith('model/core/') && !f.endsWith('.test.ts') ? to.filter((t) => !t.startsWith('model/core/') && !t.startsWith('scenarios/notation/')).map((t) => `${f} → ${t}`) : []));
    expect(up).toEqual([]);
  });

  it('the name-test finder sees comparisons and downcasts, not other strings', () => {
    const names = ['grove', 'grove-local', 'memo'];
    expect(modelNameTests("if (model.name === 'grove') x();", names)).toHaveLength(1);
    expect(modelNameTests("if ((header(s, 'model') ?? 'grove') !== 'grove') return;", names)).toHaveLength(1);
    expect(modelNameTests('const m = model as unknown as LocalModel;', names)).toHaveLength(1);
    expect(modelNameTests("if (format === 'grove') x(); // model.name === 'grove'", names)).toEqual([]);
    expect(modelNameTests("const f = familyByName(v.model ?? 'grove');", names)).toEqual([]);
  });

  it("no code outside model/<name>/ compares a model's name or downcasts to a model type", () => {
    const names = families.map((f) => f.name);
    const found = sourceFiles(root)
      .filter((f) => !f.startsWith('model/') && !f.endsWith('.test.ts'))
      .flatMap((f) => modelNameTests(readFileSync(join(root, f), 'utf8'), names).map((l) => `${f}: ${l}`));
    expect(found).toEqual([]);
  });
});
