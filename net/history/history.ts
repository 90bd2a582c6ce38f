/**
 * A run's client history: Jepsen's shape, one event a line (JSONL). `process` is the client's
 * process id (a new one after a timed-out op, as in Jepsen), `time` the logical step, `type` one of
 * `invoke`, `ok` (happened), `fail` (definitely did not happen: a definite error) or `info` (unknown:
 * an indefinite error, a timeout, a crashed node).
 *
 * Exporters are a registry: JSONL is built in; another format (Jepsen EDN) registers itself with
 * {@link registerExporter} and becomes available to `grove-check run --report` under its extension.
 */

/** One history event. */
export interface HistoryEvent {
  readonly process: number;
  readonly type: 'invoke' | 'ok' | 'fail' | 'info';
  readonly f: string;
  readonly value: unknown;
  /** The node the request went to. */
  readonly node: string;
  /** Logical step at which it happened. */
  readonly time: number;
  /** Completions: the step at which the node sent the reply (before the network delivered it). */
  readonly replied?: number;
  /** The error of a `fail` or `info` completion, `{code, name, text}`, if any. */
  readonly error?: unknown;
}

/** Renders a history in some format; `ext` is the file extension under `--report`. */
export interface HistoryExporter {
  readonly ext: string;
  format(history: readonly HistoryEvent[]): string;
}

const exporters = new Map<string, HistoryExporter>();

/** Adds (or replaces) an exporter; `grove-check run --report DIR` writes `history.EXT` for each. */
export function registerExporter(e: HistoryExporter): void {
  exporters.set(e.ext, e);
}

/** Every registered exporter, JSONL first. */
export function historyExporters(): HistoryExporter[] {
  return [...exporters.values()];
}

/** The JSONL form: one event a line. */
export function historyJsonl(history: readonly HistoryEvent[]): string {
  return history.map((e) => JSON.stringify(e)).join('\n') + (history.length > 0 ? '\n' : '');
}

registerExporter({ ext: 'jsonl', format: historyJsonl });

/** `0 invoke write [1,3] n2`-style row for reports. */
export function describeEvent(e: HistoryEvent): string {
  const err = e.error === undefined ? '' : ` ${JSON.stringify(e.error)}`;
  return `${String(e.time).padStart(5)}  p${e.process} ${e.type.padEnd(6)} ${e.f} ${JSON.stringify(e.value)} @${e.node}${err}`;
}

/** Pairs invocations with completions: one record per op, `ret` Infinity when pending (`info` or none). */
export interface PairedOp {
  readonly id: number;
  readonly process: number;
  readonly f: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly type: 'ok' | 'fail' | 'info' | 'pending';
  readonly call: number;
  readonly ret: number;
}

/** Pairs a history's events by process; ops come out in invocation order. */
export function pairOps(history: readonly HistoryEvent[]): PairedOp[] {
  const open = new Map<number, { i: number; e: HistoryEvent }>();
  const out: PairedOp[] = [];
  history.forEach((e, i) => {
    if (e.type === 'invoke') {
      open.set(e.process, { i, e });
      out.push({ id: out.length, process: e.process, f: e.f, input: e.value, output: undefined, type: 'pending', call: i, ret: Infinity });
      return;
    }
    const o = open.get(e.process);
    if (o === undefined) return;
    open.delete(e.process);
    let idx = out.length - 1;
    while (idx > 0 && !(out[idx].process === e.process && out[idx].call === o.i)) idx--;
    out[idx] = { ...out[idx], output: e.value, type: e.type, ret: e.type === 'info' ? Infinity : i };
  });
  return out;
}
