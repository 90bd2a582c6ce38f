/**
 * `grove-check lin FILE`: checks a recorded history for linearizability (lin/check.ts) and prints
 * the verdict with its witness. Exit codes: 0 linearizable, 1 not linearizable, 2 bad input,
 * 3 unknown (time ran out, or a partition's search outgrew its memory).
 */
import { readFileSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import type { LinResult } from '../../lin/check.ts';
import type { LinModel } from '../../lin/model.ts';
import type { HistoryFormat } from '../../lin/formats/detect.ts';
import type { ParsedHistory } from '../../lin/formats/pair.ts';
import { loadEngine } from '../../lin/engine-load.ts';

// The formats, models and checker, loaded before any file is read (from the build's cached script
// when installed: lin/engine-load.ts says why).
const {
  checkLinearizable,
  withDefaults,
  binaryAt,
  FormatError,
  printable,
  detectFormat,
  readPlainKv,
  readKv,
  readPlainEtcd,
  readEtcd,
  kvModel,
  kvModelUnpartitioned,
  registerModel,
  looksLikeGrove,
  parseGroveHistory,
  groveLinModel,
  groveJsonlToJepsenEdn,
  parseJepsenEdnHistory,
  prepareKernel,
  kernelIsReady,
  warmUp,
} = await loadEngine();
// The search kernel compiles on a background thread while the command starts (lin/kernel/kernel.ts).
const kernelReady = prepareKernel();

const USAGE = `usage: grove-check lin FILE|DIR... [--format jepsen-kv|jepsen-etcd|grove|jepsen-edn] [--json] [--timeout SEC]
                        [--all-partitions] [--no-partition] [--report DIR] [--edn OUT]

Checks a history for linearizability (Porcupine's algorithm: Wing-Gong search with just-in-time
linearization and memoization). Several files, or a directory (every file under it but hidden and
*.md ones, in name order), are checked one after another in this one process; the exit code is the
worst verdict (1 over 3 over 0).

  --format F         jepsen-kv    Jepsen kv EDN lines (get/put/append, checked per key)
                     jepsen-etcd  Jepsen etcd log lines (one compare-and-set register)
                     grove        JSONL histories of the Grove implementation (grove-check stress)
                     jepsen-edn   the same histories as Jepsen EDN events (:type :f :value :process :time)
                     Detected from the first line when omitted.
  --json             print one JSON object (outcome, stats, witness); stats.seconds is the time of
                     reading, parsing and checking the file, stats.checkSeconds that of the check alone
  --timeout SEC      give up with outcome 'unknown' after SEC seconds, per history (default 60, 0 = no limit)
  --all-partitions   keep checking after a failing partition, to report every failing one
  --no-partition     jepsen-kv only: check all keys as one object instead of key by key (slower;
                     Porcupine's kvNoPartitionModel)
  --report DIR       write DIR/<file>.timeline.html: one lane per client, the linearization found or
                     where it fails, one tab per partition (self-contained, opens offline)
  --edn OUT          write a grove (JSONL) history as Jepsen EDN to OUT, for Knossos or Elle (one file)

exit codes: 0 linearizable, 1 not linearizable, 2 bad input, 3 unknown (timeout, or a search that outgrew its 4 GiB)`;

const FORMATS: readonly HistoryFormat[] = ['jepsen-kv', 'jepsen-etcd', 'grove', 'jepsen-edn'];

/** One operation as it appears in a witness. */
interface OpRow {
  id: number;
  client: number;
  op: string;
  line: number;
}

/** Writes the timeline page of `--report DIR` and says where. */
async function writeReport<S, I, O>(dir: string, file: string, model: LinModel<S, I, O>, parsed: { operations: ParsedHistory<I, O>['operations']; lines: ParsedHistory<I, O>['lines'] }, labelOf?: (part: readonly { input: unknown }[], i: number) => string): Promise<string> {
  const { buildTimeline } = await import('../../reports/timeline/data.ts');
  const { writeTimeline } = await import('../../reports/timeline/write.ts');
  const t = buildTimeline(model, parsed.operations, { title: `${basename(file)}: linearizability`, labelOf, lineOf: (id) => parsed.lines[id]?.invoke });
  return writeTimeline(t, dir, basename(file).replace(/\.[^.]*$/, ''));
}

/** The JSON report of one history: outcome, stats, witness with operations spelled out. */
function jsonOf<S, I, O>(file: string, model: LinModel<S, I, O>, parsed: Omit<ParsedHistory<I, O>, 'format'> & { format: string }, result: LinResult): unknown {
  const m = withDefaults(model);
  const row = (id: number): OpRow => {
    const op = parsed.operations[id];
    return { id, client: op.client, op: m.describeOp(op.input, op.output), line: parsed.lines[id].invoke };
  };
  const pending = parsed.operations.filter((o) => o.ret === Infinity).length;
  const base = { file, format: parsed.format, outcome: result.outcome, stats: result.stats, pending, dropped: parsed.dropped };
  if (result.outcome === 'linearizable') return { ...base, linearization: result.linearization };
  if (result.outcome === 'unknown') return { ...base, reason: result.reason, partition: result.partition };
  return {
    ...base,
    partial: result.partial.map((p) => ({ ...p, longestOps: p.longest.map(row), stuckOps: p.stuckAt.map(row) })),
    ...(result.undecided !== undefined ? { undecided: result.undecided } : {}),
  };
}

function render<S, I, O>(
  file: string,
  model: LinModel<S, I, O>,
  parsed: Omit<ParsedHistory<I, O>, 'format'> & { format: string },
  result: LinResult,
  json: boolean,
): void {
  if (json) {
    printJson(jsonOf(file, model, parsed, result));
    return;
  }
  const m = withDefaults(model);
  const row = (id: number): OpRow => {
    const op = parsed.operations[id];
    return { id, client: op.client, op: m.describeOp(op.input, op.output), line: parsed.lines[id].invoke };
  };
  const pending = parsed.operations.filter((o) => o.ret === Infinity).length;
  const s = result.stats;
  const out: string[] = [];
  out.push(
    `${basename(file)}: ${parsed.format}, ${s.operations} operations (${pending} pending, ${parsed.dropped} failed and dropped), ` +
      `${s.partitions} partition${s.partitions === 1 ? '' : 's'}`,
  );
  const figures = `${s.seconds.toFixed(3)} s, ${s.statesExplored} states explored`;
  const fmt = (r: OpRow): string => `  line ${String(r.line).padEnd(5)} p${String(r.client).padEnd(4)} ${r.op}`;
  if (result.outcome === 'linearizable') {
    out.push(`linearizable (${figures})`);
  } else if (result.outcome === 'unknown') {
    out.push(
      result.reason === 'memory'
        ? `unknown: the search of partition ${result.partition} outgrew the 4 GiB of memory it may use (${figures})`
        : `unknown: ${result.reason} while partition ${result.partition} was undecided (${figures})`,
    );
  } else {
    out.push(`NOT linearizable (${figures})`);
    for (const p of result.partial) {
      const first = parsed.operations[p.stuckAt[0] ?? p.longest[0]];
      const label = first !== undefined && parsed.format === 'jepsen-kv' ? ` (key ${JSON.stringify((first.input as { key: string }).key)})` : '';
      out.push(`partition ${p.partition}${label}: ${p.longest.length} operations linearize, reaching state ${p.stateAfter}; none of these can come next:`);
      for (const id of p.stuckAt) out.push(fmt(row(id)));
      const tail = p.longest.slice(-5);
      if (tail.length > 0) {
        out.push(`  the linearized prefix ends with${p.longest.length > tail.length ? ` (last ${tail.length} of ${p.longest.length})` : ''}:`);
        for (const id of tail) out.push('  ' + fmt(row(id)));
      }
    }
    for (const u of result.undecided ?? []) {
      out.push(`partition ${u.partition}: undecided, ${u.reason === 'memory' ? 'a search outgrew the 4 GiB of memory the searches may use' : 'time ran out'}`);
    }
    out.push('(--json prints the whole witness)');
  }
  process.stdout.write(out.join('\n') + '\n');
}

/** Every history file a positional names: the file itself, or the files under a directory. */
async function expand(arg: string): Promise<string[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(arg)).isDirectory();
  } catch (e) {
    throw new InputError(`cannot read ${arg}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isDir) return [arg];
  const entries = (await readdir(arg, { withFileTypes: true })).filter((e) => !e.name.startsWith('.') && !e.name.endsWith('.md'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const p = join(arg, e.name);
    if (e.isDirectory()) files.push(...(await expand(p)));
    else if (e.isFile()) files.push(p);
  }
  return files;
}

interface Checked {
  result: LinResult;
  /** Prints the report of this history (text or JSON object). */
  render(json: boolean): void;
  /** The JSON object of this history, for the several-files output. */
  json(): unknown;
}

/** Reads, parses and checks one history file. */
async function checkFile(
  file: string,
  forced: HistoryFormat | undefined,
  options: { timeoutMs?: number; allPartitions: boolean },
  noPartition: boolean,
  out: { report?: string; edn?: string } = {},
): Promise<Checked> {
  // The clock of stats.seconds starts before the file is read: reading and parsing are part of the work.
  const started = performance.now();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // A binary file gets its own error, before any other. The scan for its characters is skipped when
  // a fast reader accepts the whole text (jepsen-kv, jepsen-etcd): every character is then one of its
  // tokens, none of them binary; a file of any other shape is scanned before anything else is said.
  const rejectBinary = (): void => {
    const binary = binaryAt(text);
    if (binary === undefined) return;
    const what = binary.code === 0xfffd ? 'a byte that is not UTF-8' : `control character U+${binary.code.toString(16).padStart(4, '0').toUpperCase()}`;
    throw new InputError(printable(`${file}:${binary.line}:${binary.column}: expected a text history, found ${what} (a binary file?)`));
  };
  let format = forced;
  if (format === undefined) {
    format = detectFormat(text);
    if (format === 'jepsen-kv' && looksLikeGrove(text)) format = 'grove';
    if (format === undefined) {
      rejectBinary();
      throw new InputError(`${file}: cannot detect the format from the first line; pass --format (${FORMATS.join(', ')})`);
    }
  }
  if ((out.edn !== undefined && format !== 'grove') || (noPartition && format !== 'jepsen-kv')) rejectBinary();
  if (out.edn !== undefined && format !== 'grove') throw new InputError(`${file}: --edn exports grove histories (JSONL), not ${format}`);
  if (noPartition && format !== 'jepsen-kv') throw new InputError(`${file}: --no-partition applies to jepsen-kv histories only, this one is ${format}`);
  try {
    const done = async <S, I, O>(
      model: LinModel<S, I, O>,
      parsed: Omit<ParsedHistory<I, O>, 'format'> & { format: string },
      labelOf?: (part: readonly { input: unknown }[], i: number) => string,
    ): Promise<Checked> => {
      const checked = checkLinearizable(model, parsed.operations, options);
      const seconds = (performance.now() - started) / 1000;
      const result: LinResult = { ...checked, stats: { ...checked.stats, seconds, checkSeconds: checked.stats.seconds } };
      const report = out.report === undefined ? undefined : await writeReport(out.report, file, model, parsed, labelOf);
      return {
        result,
        render: (json) => {
          render(file, model, parsed, result, json);
          if (report !== undefined && !json) process.stdout.write(`timeline: ${report}\n`);
        },
        json: () => jsonOf(file, model, parsed, result),
      };
    };
    if (format === 'grove' || format === 'jepsen-edn') {
      rejectBinary();
      const parsed = format === 'grove' ? parseGroveHistory(text, file) : parseJepsenEdnHistory(text, file);
      if (out.edn !== undefined) await writeFile(out.edn, groveJsonlToJepsenEdn(text, file));
      // The variants (and the models they import) only for a history that names one.
      const variant = parsed.variant === undefined ? undefined : (await import('../../model/grove/variants/index.ts')).variantByName(parsed.variant);
      return await done(groveLinModel(parsed.store, variant), { ...parsed, format });
    }
    if (format === 'jepsen-kv') {
      const parsed = readPlainKv(text, file) ?? (rejectBinary(), readKv(text, file));
      const keyLabel = (part: readonly { input: unknown }[]): string => `key ${JSON.stringify((part[0]?.input as { key?: string } | undefined)?.key ?? '')}`;
      return noPartition ? await done(kvModelUnpartitioned, parsed, () => 'all keys') : await done(kvModel, parsed, keyLabel);
    }
    return await done(registerModel, readPlainEtcd(text, file) ?? (rejectBinary(), readEtcd(text, file)), () => 'register');
  } catch (e) {
    if (e instanceof FormatError) throw new InputError(e.message);
    throw e;
  }
}

const exitCode = (r: LinResult): number => (r.outcome === 'linearizable' ? 0 : r.outcome === 'not-linearizable' ? 1 : 3);

/** Entry point of `grove-check lin`. */
/** Nothing of `lin` runs on after it returns: the CLI may end the process at once (scripts/cli.ts). */
export const exitsWhenDone = true;

export default async function lin(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'all-partitions': { type: 'boolean', default: false },
      'no-partition': { type: 'boolean', default: false },
      report: { type: 'string' },
      edn: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new InputError(`expected a FILE or DIR\n\n${USAGE}`);
  const timeoutSec = intFlag('timeout', values.timeout, 60, 0);
  let format: HistoryFormat | undefined;
  if (values.format !== undefined) {
    if (!FORMATS.includes(values.format as HistoryFormat)) {
      throw new InputError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    }
    format = values.format as HistoryFormat;
  }
  const options = { timeoutMs: timeoutSec === 0 ? undefined : timeoutSec * 1000, allPartitions: values['all-partitions'] };
  const noPartition = values['no-partition'];
  const single = positionals.length === 1 && !(await stat(positionals[0]).then((s) => s.isDirectory(), () => false));
  // The kernel compiles on a background thread as the command starts: while it does, the main thread
  // warms the readers and the checker up (lin/warm-up.ts) instead of waiting.
  if (!kernelIsReady()) warmUp(noPartition);
  await kernelReady;
  if (single) {
    const c = await checkFile(positionals[0], format, options, noPartition, { report: values.report, edn: values.edn });
    c.render(values.json);
    return exitCode(c.result);
  }
  if (values.edn !== undefined) throw new InputError('--edn takes one history file, not several');
  const files: string[] = [];
  for (const p of positionals) files.push(...(await expand(p)));
  if (files.length === 0) throw new InputError(`no history files under ${positionals.join(', ')}`);
  const checked: Checked[] = [];
  const counts = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
  let seconds = 0;
  for (const f of files) {
    const c = await checkFile(f, format, options, noPartition, { report: values.report });
    checked.push(c);
    counts[c.result.outcome]++;
    seconds += c.result.stats.seconds;
    if (!values.json) c.render(false);
  }
  const code = counts['not-linearizable'] > 0 ? 1 : counts.unknown > 0 ? 3 : 0;
  if (values.json) {
    printJson({ histories: checked.map((c) => c.json()), counts, seconds });
  } else {
    process.stdout.write(
      `${files.length} histories: ${counts.linearizable} linearizable, ${counts['not-linearizable']} not linearizable, ` +
        `${counts.unknown} unknown (${seconds.toFixed(3)} s reading and checking)\n`,
    );
  }
  return code;
}
