/**
 * `grove-check lin FILE`: checks a recorded history for linearizability (lin/check.ts) and prints
 * the verdict with its witness. Exit codes: 0 linearizable, 1 not linearizable, 2 bad input,
 * 3 unknown (time ran out).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, intFlag, parseFlags, printJson } from './_common.ts';
import { checkLinearizable, type LinResult } from '../../lin/check.ts';
import { withDefaults, type LinModel } from '../../lin/model.ts';
import { binaryAt, FormatError, printable } from '../../lin/formats/error.ts';
import { detectFormat, type HistoryFormat } from '../../lin/formats/detect.ts';
import { parseJepsenKv } from '../../lin/formats/jepsen-kv.ts';
import { parseJepsenEtcd } from '../../lin/formats/jepsen-etcd.ts';
import type { ParsedHistory } from '../../lin/formats/pair.ts';
import { kvModel } from '../../lin/models/kv.ts';
import { registerModel } from '../../lin/models/register.ts';
import { looksLikeGrove, parseGroveHistory } from '../../lin/formats/grove.ts';
import { groveLinModel } from '../../lin/models/grove.ts';
import { variantByName } from '../../model/grove/variants/index.ts';

const USAGE = `usage: grove-check lin FILE [--format jepsen-kv|jepsen-etcd|grove] [--json] [--timeout SEC] [--all-partitions]

Checks a history for linearizability (Porcupine's algorithm: Wing-Gong search with just-in-time
linearization and memoization).

  --format F         jepsen-kv    Jepsen kv EDN lines (get/put/append, checked per key)
                     jepsen-etcd  Jepsen etcd log lines (one compare-and-set register)
                     grove        JSONL histories of the Grove implementation (grove-check stress)
                     Detected from the first line when omitted.
  --json             print one JSON object (outcome, stats, witness)
  --timeout SEC      give up with outcome 'unknown' after SEC seconds (default 60, 0 = no limit)
  --all-partitions   keep checking after a failing partition, to report every failing one

exit codes: 0 linearizable, 1 not linearizable, 2 bad input, 3 unknown (timeout)`;

const FORMATS: readonly HistoryFormat[] = ['jepsen-kv', 'jepsen-etcd', 'grove'];

/** One operation as it appears in a witness. */
interface OpRow {
  id: number;
  client: number;
  op: string;
  line: number;
}

function render<S, I, O>(
  file: string,
  model: LinModel<S, I, O>,
  parsed: Omit<ParsedHistory<I, O>, 'format'> & { format: string },
  result: LinResult,
  json: boolean,
): void {
  const m = withDefaults(model);
  const row = (id: number): OpRow => {
    const op = parsed.operations[id];
    return { id, client: op.client, op: m.describeOp(op.input, op.output), line: parsed.lines[id].invoke };
  };
  const pending = parsed.operations.filter((o) => o.ret === Infinity).length;
  if (json) {
    const base = { file, format: parsed.format, outcome: result.outcome, stats: result.stats, pending, dropped: parsed.dropped };
    if (result.outcome === 'linearizable') printJson({ ...base, linearization: result.linearization });
    else if (result.outcome === 'unknown') printJson({ ...base, reason: result.reason, partition: result.partition });
    else {
      printJson({
        ...base,
        partial: result.partial.map((p) => ({ ...p, longestOps: p.longest.map(row), stuckOps: p.stuckAt.map(row) })),
      });
    }
    return;
  }
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
    out.push(`unknown: ${result.reason} while partition ${result.partition} was undecided (${figures})`);
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
    out.push('(--json prints the whole witness)');
  }
  process.stdout.write(out.join('\n') + '\n');
}

/** Entry point of `grove-check lin`. */
export default async function lin(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'all-partitions': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new InputError(`expected exactly one FILE, got ${positionals.length}\n\n${USAGE}`);
  const file = positionals[0];
  const timeoutSec = intFlag('timeout', values.timeout, 60, 0);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const binary = binaryAt(text);
  if (binary !== undefined) {
    const what = binary.code === 0xfffd ? 'a byte that is not UTF-8' : `control character U+${binary.code.toString(16).padStart(4, '0').toUpperCase()}`;
    throw new InputError(printable(`${file}:${binary.line}:${binary.column}: expected a text history, found ${what} (a binary file?)`));
  }
  let format: HistoryFormat | undefined;
  if (values.format !== undefined) {
    if (!FORMATS.includes(values.format as HistoryFormat)) {
      throw new InputError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
    }
    format = values.format as HistoryFormat;
  } else {
    format = detectFormat(text);
    if (format === 'jepsen-kv' && looksLikeGrove(text)) format = 'grove';
    if (format === undefined) throw new InputError(`${file}: cannot detect the format from the first line; pass --format (${FORMATS.join(', ')})`);
  }
  const options = { timeoutMs: timeoutSec === 0 ? undefined : timeoutSec * 1000, allPartitions: values['all-partitions'] };
  try {
    let result: LinResult;
    if (format === 'grove') {
      const parsed = parseGroveHistory(text, file);
      const model = groveLinModel(parsed.store, parsed.variant === undefined ? undefined : variantByName(parsed.variant));
      result = checkLinearizable(model, parsed.operations, options);
      render(file, model, parsed, result, values.json);
    } else if (format === 'jepsen-kv') {
      const parsed = parseJepsenKv(text, file);
      result = checkLinearizable(kvModel, parsed.operations, options);
      render(file, kvModel, parsed, result, values.json);
    } else {
      const parsed = parseJepsenEtcd(text, file);
      result = checkLinearizable(registerModel, parsed.operations, options);
      render(file, registerModel, parsed, result, values.json);
    }
    return result.outcome === 'linearizable' ? 0 : result.outcome === 'not-linearizable' ? 1 : 3;
  } catch (e) {
    if (e instanceof FormatError) throw new InputError(e.message);
    throw e;
  }
}

