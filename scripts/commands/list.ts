/** `grove-check list [--json]`: the models, their variants (planted bugs marked) and properties. */
import { families } from '../../model/registry.ts';
import { parseFlags, printJson } from './_common.ts';

const USAGE = 'usage: grove-check list [--json]\n\nLists every model with its variants (planted-bug variants marked with the property they break) and its properties.';

export default async function list(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE, false);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const data = families.map((f) => ({ name: f.name, title: f.title, defaultVariant: f.defaultVariant, variants: f.variants, properties: f.properties }));
  if (values.json) {
    printJson({ models: data });
    return 0;
  }
  for (const f of data) {
    process.stdout.write(`${f.name}: ${f.title}\n  variants (default ${f.defaultVariant}):\n`);
    for (const v of f.variants) process.stdout.write(`    ${v.name.padEnd(22)} ${v.planted ? `[planted ${v.planted}] ` : ''}${v.title}\n`);
    process.stdout.write('  properties:\n');
    // Some titles already say why they are advisory ("(advisory: hg detects it …)"): say it once.
    for (const p of f.properties) process.stdout.write(`    ${p.id.padEnd(4)} ${p.title}${p.advisory && !/\badvisory\b/.test(p.title) ? ' (advisory)' : ''}\n`);
    process.stdout.write('\n');
  }
  return 0;
}
