/** The model option schema: reading by type and range, `--set` pairs, and headers that read back. */
import { describe, expect, it } from 'vitest';
import { UsageError } from './model.ts';
import { MODEL_OPTIONS, configEntries, optionNamed, readOption, readOptions, readSetting, type OptionSpec } from './options.ts';

const spec = (name: string): OptionSpec => optionNamed(name)!;

describe('model options', () => {
  it('reads whole numbers within their range and refuses the rest with one line', () => {
    expect(readOption(spec('actors'), ' 3 ', '--actors')).toBe(3);
    expect(() => readOption(spec('actors'), '65', '--actors')).toThrow(new UsageError('--actors must be at most 64, got 65'));
    expect(() => readOption(spec('ops'), '-1', '--ops')).toThrow(new UsageError('--ops must be at least 0, got -1'));
    expect(() => readOption(spec('ops'), 'two', "header 'ops'")).toThrow(new UsageError("header 'ops' takes a whole number, got 'two'"));
    expect(readOption(spec('collide'), 'true', 'collide')).toBe(true);
    expect(() => readOption(spec('collide'), 'yes', 'collide')).toThrow(UsageError);
  });

  it('--set: a declared option by its spec, anything else as number, boolean or text', () => {
    const epochs: OptionSpec = { name: 'epochs', flag: 'epochs', header: 'epochs', type: 'int', min: 1, max: 8, place: 'extra', help: 'epochs' };
    expect(readSetting('epochs=2', '--set', [epochs])).toEqual(['epochs', 2]);
    expect(() => readSetting('epochs=9', '--set', [epochs])).toThrow(new UsageError('--set epochs must be at most 8, got 9'));
    expect(readSetting('dups=-1', '--set')).toEqual(['dups', -1]);
    expect(readSetting('fast=false', '--set')).toEqual(['fast', false]);
    expect(readSetting('pages=p,q', '--set')).toEqual(['pages', 'p,q']);
    expect(() => readSetting('=1', '--set')).toThrow(new UsageError("--set takes KEY=VALUE, got '=1'"));
  });

  it('a configuration written as headers reads back as the same options', () => {
    const config = { variant: 'lsn-cas', actors: 2, ops: 1, program: 'push,pull', maxLostReplies: 1, maxCrashes: 0, maxFaults: 1, collide: true, epochs: 3 };
    const headers = configEntries(config).map((e) => (e.spec !== undefined ? { key: e.spec.header, value: String(e.value) } : { key: 'set', value: `${e.key}=${e.value}` }));
    expect(headers.map((h) => h.key)).toEqual(['actors', 'ops', 'program', 'max-lost-replies', 'max-crashes', 'max-faults', 'collide', 'set']);
    const byKey = new Map(headers.map((h) => [h.key, h.value]));
    const { top, extra } = readOptions((o) => (o.name === 'variant' ? undefined : byKey.get(o.header)), (o) => o.header);
    const set = readSetting(byKey.get('set')!, 'set');
    expect({ variant: 'lsn-cas', ...top, ...extra, [set[0]]: set[1] }).toEqual(config);
  });

  it('every option has a flag, a header, help, and an int option a bound', () => {
    for (const o of MODEL_OPTIONS) {
      expect(o.flag).toMatch(/^[a-z][a-z-]*$/);
      expect(o.help.length).toBeGreaterThan(10);
      if (o.type === 'int') expect(o.max).toBeDefined();
    }
  });
});
