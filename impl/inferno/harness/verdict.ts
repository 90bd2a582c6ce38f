/**
 * Judging a run: the recorded history against the sequential spec (`lin/check.ts` with
 * `spec.ts`), and the store at rest against the acknowledged stores (`inspect.ts`: I1, I2, or I3
 * after a crash). Three outcomes (STYLE §5): `pass` (linearizable and every invariant holds),
 * `violation` (with each finding's witness) and `inconclusive` (the linearizability search ran out
 * of time and nothing else failed).
 *
 * Findings, and the seed's bug each one is the sign of:
 * - `I1` history lost or forked: a head file without a predecessor, or two successors (bug 1);
 * - `I2` wrong head: an object whose lookup finds a head that is not its history's (bug 2);
 * - `I3` after a crash, no choice of the unfinished stores explains the store (bug 3);
 * - `LIN` the answers clients got cannot be explained by any order of the calls;
 * - `ERR` a call failed in a way that is neither an answer nor a crash (a file vanished inside a
 *   store: a symptom of bugs 1 and 2; a lock that never came free).
 */
import type { Outcome } from '../../../checker/outcome.ts';
import { checkLinearizable, type LinResult } from '../../../lin/check.ts';
import { withDefaults } from '../../../lin/model.ts';
import type { Store } from '../../../model/inferno/store.ts';
import { designOf, judgeCrash, judgeStore, type Problem } from '../inspect.ts';
import { emptySpec, infernoSpec, specHistory, specStep, storeAllowed, type InfernoInput, type InfernoOutput, type SpecState } from '../spec.ts';
import type { Hash, StoreName } from '../types.ts';
import { toLinOps, type RecordedOp } from './record.ts';
import type { Pick } from './scheduler.ts';

/** Which harness made the run. */
export type Mode = 'async' | 'processes' | 'crash';

/** How a run was made: enough to replay it. */
export interface RunInfo {
  readonly store: StoreName;
  readonly mode: Mode;
  /** In-process runs: `seeded` (turn scheduler: the seed fixes the interleaving) or `free` (real concurrency, seeded delays). */
  readonly schedule?: 'seeded' | 'free';
  readonly seed: number;
  readonly clients: number;
  readonly ops: number;
  readonly scripts: number;
  /** Crash runs: where the crash was planned and whether it fired. */
  readonly crash?: { readonly label: string; readonly nth: number; readonly fired: boolean; readonly inProcess: boolean };
}

/** One thing found wrong. */
export interface Finding {
  readonly property: 'LIN' | 'I1' | 'I2' | 'I3' | 'ERR';
  readonly message: string;
  /** Witness lines (operations, the state the search reached). */
  readonly detail?: readonly string[];
  /** LIN: what the stuck calls' answers look like, in the seed's terms (see {@link signOf}). */
  readonly signs?: readonly string[];
}

/** The verdict of one run. */
export interface Verdict {
  /** The checker's three outcomes (`checker/outcome.ts`). */
  readonly outcome: Outcome['outcome'];
  readonly info: RunInfo;
  readonly findings: readonly Finding[];
  readonly lin: { readonly outcome: LinResult['outcome']; readonly partitions: number; readonly statesExplored: number; readonly seconds: number };
  readonly stats: {
    readonly calls: number;
    readonly stores: number;
    readonly storesOk: number;
    readonly notHead: number;
    readonly unexpected: number;
    readonly pending: number;
    readonly fetchHistErrors: number;
    readonly seconds: number;
  };
  /** The command that reruns it. */
  readonly replay: string;
  /** Seeded schedule: the number of picks and the last ones (the schedule's tail). */
  readonly schedule?: { readonly picks: number; readonly tail: readonly string[] };
}

/** Renders hashes by the content the harness gave them (`s0.c2.5`). */
export function namer(ops: readonly RecordedOp[]): (h: Hash) => string {
  const names = new Map<Hash, string>();
  for (const o of ops) if (o.input.f === 'store') names.set(o.input.hash, o.input.content);
  return (h) => names.get(h) ?? h.slice(0, 8);
}

/** Replaces every hash in a message (an error naming a file) by its name, and drops the store's directory. */
export function nameAll(text: string, name: (h: Hash) => string, dir?: string): string {
  const t = dir !== undefined ? text.split(dir + '/').join('') : text;
  return t.replace(/[A-Za-z0-9_-]{43}/g, (h) => name(h));
}

/** True when `o` shows up anywhere in the store's histories (a store of unknown outcome that took effect). */
function appearsIn(s: Store, o: Hash): boolean {
  if (s.heads[o] !== undefined || Object.values(s.histToHead).includes(o)) return true;
  return Object.values(s.heads).some((xs) => xs.includes(o));
}

/**
 * What a call the linearizability search got stuck on looks like, against the spec state reached:
 * `history-lost` (a history without some predecessors: bug 1), `stale-to-head` (a lookup through a
 * to_head pointer to a head file that is gone: the pointers are rewritten after the rename, bug 2),
 * `head-file-gone` (no pointer and no head file: a read between a store's rename and its to_head
 * loop, or after a crash there), `fork` (a store accepted on an object that already had a
 * successor: bug 1's recreated head file), `wrong-history`, `refused-head`, or `other`.
 */
export function signOf(state: SpecState, input: InfernoInput, output: InfernoOutput | undefined): string {
  if (output === undefined) return 'other';
  if (input.f === 'store' && output.f === 'store') {
    if (output.ok) return storeAllowed(state, input.hash, input.pred) ? 'other' : 'fork';
    return 'refused-head';
  }
  if (input.f === 'fetchHist' && output.f === 'fetchHist') {
    if (!output.ok) {
      if (output.error.includes('per to_head/')) return 'stale-to-head';
      if (output.error.includes('no to_head pointer')) return 'head-file-gone';
      return 'other';
    }
    const want = specHistory(state, input.h);
    if (want === null) return 'wrong-history';
    const got = new Set(output.hist);
    const missing = want.filter((x) => !got.has(x));
    return missing.length > 0 && output.hist.every((x) => want.includes(x)) ? 'history-lost' : 'wrong-history';
  }
  return 'other';
}

/** The replay command of a run. */
export function replayCommand(i: RunInfo): string {
  const parts = [`grove-check inferno --store ${i.store} --mode ${i.mode} --clients ${i.clients} --ops ${i.ops} --scripts ${i.scripts} --seed ${i.seed}`];
  if (i.schedule === 'free' && i.mode !== 'processes') parts.push('--schedule free');
  if (i.crash !== undefined) parts.push(`--crash-at ${i.crash.label}:${i.crash.nth}`);
  return parts.join(' ');
}

/** Options of {@link judge}. */
export interface JudgeOptions {
  /** Budget of the linearizability search (ms, default 20,000). */
  readonly timeoutMs?: number;
  /** The process crashed: judge the store by I3 (unfinished stores may or may not have happened). */
  readonly crashed?: boolean;
  /** The scheduler's picks, for the witness. */
  readonly trace?: readonly Pick[];
  /** Wall-clock seconds the run took. */
  readonly seconds?: number;
  /** The store's directory, left out of messages. */
  readonly dir?: string;
  /** How to rerun it, when not by the CLI's flags (a scripted schedule). */
  readonly replay?: string;
}

/** Judges a run (see the module comment). `store` is the store at rest, read by `inspectStore`. */
export function judge(info: RunInfo, ops: readonly RecordedOp[], store: Store, o: JudgeOptions = {}): Verdict {
  const name = namer(ops);
  const findings: Finding[] = [];
  const design = designOf(info.store);

  // The store at rest against the acknowledged stores.
  const links: Record<Hash, Hash> = {};
  const roots: Hash[] = [];
  const unknown: [Hash, Hash | null][] = [];
  for (const op of ops) {
    if (op.input.f !== 'store') continue;
    const { hash, pred } = op.input;
    if (op.output === undefined) unknown.push([hash, pred]);
    else if (op.output.f === 'store' && op.output.ok) {
      if (pred === null) roots.push(hash);
      else links[hash] = pred;
    }
  }
  let problems: Problem[];
  if (o.crashed && unknown.length <= 12) {
    const p = judgeCrash(design, store, links, roots, unknown, name);
    problems = p === null ? [] : [p];
  } else {
    // Unknown outcomes resolved by what the store shows (too many to try every choice, or no crash).
    const l = { ...links };
    const r = [...roots];
    for (const [h, p] of unknown) {
      if (!appearsIn(store, h)) continue;
      if (p === null) r.push(h);
      else l[h] = p;
    }
    problems = judgeStore(design, store, l, r, name).map((x) => (o.crashed ? { property: 'I3' as const, message: `after the crash: ${x.message}` } : x));
  }
  for (const p of problems) findings.push(p);

  // The answers against the spec.
  const model = infernoSpec(name);
  const full = withDefaults(model);
  const linOps = toLinOps(ops);
  const result = checkLinearizable(model, linOps, { timeoutMs: o.timeoutMs ?? 20_000 });
  if (result.outcome === 'not-linearizable') {
    const byId = new Map(ops.map((x) => [x.id, x]));
    const row = (id: number) => {
      const x = byId.get(id)!;
      const t = (n: number) => (n === Infinity ? '∞' : String(n));
      return nameAll(`c${x.client} ${full.describeOp(x.input, x.output)}${x.error !== undefined ? ` (raised: ${x.error})` : ''}   [${t(x.call)}, ${t(x.ret)}]`, name, o.dir);
    };
    for (const p of result.partial) {
      const tail = p.longest.slice(-6);
      let st = emptySpec;
      for (const id of p.longest) {
        const x = byId.get(id)!;
        st = specStep(st, x.input, x.output).next;
      }
      const signs = [...new Set(p.stuckAt.map((id) => signOf(st, byId.get(id)!.input, byId.get(id)!.output)))].sort();
      findings.push({
        signs,
        property: 'LIN',
        message: `not linearizable: ${p.longest.length} calls of one script linearize, reaching ${p.stateAfter}, and none of the calls that must come next can`,
        detail: [
          ...p.stuckAt.map((id) => `stuck: ${row(id)}`),
          ...(tail.length > 0 ? [`the linearized prefix ends with${p.longest.length > tail.length ? ` (last ${tail.length} of ${p.longest.length})` : ''}:`] : []),
          ...tail.map((id) => `  ${row(id)}`),
        ],
      });
    }
  }
  const errs = ops.filter((x) => x.error !== undefined);
  if (errs.length > 0) {
    findings.push({
      property: 'ERR',
      message: `${errs.length} call${errs.length === 1 ? '' : 's'} failed unexpectedly (effect unknown)`,
      detail: errs.slice(0, 3).map((x) => nameAll(`c${x.client} ${full.describeOp(x.input, undefined)}: ${x.error}`, name, o.dir)),
    });
  }

  const stores = ops.filter((x) => x.input.f === 'store');
  const outcome = findings.length > 0 ? 'violation' : result.outcome === 'unknown' ? 'inconclusive' : 'pass';
  return {
    outcome,
    info,
    findings,
    lin: { outcome: result.outcome, partitions: result.stats.partitions, statesExplored: result.stats.statesExplored, seconds: result.stats.seconds },
    stats: {
      calls: ops.length,
      stores: stores.length,
      storesOk: stores.filter((x) => x.output?.f === 'store' && x.output.ok).length,
      notHead: stores.filter((x) => x.output?.f === 'store' && !x.output.ok).length,
      unexpected: errs.length,
      pending: ops.filter((x) => x.ret === Infinity).length,
      fetchHistErrors: ops.filter((x) => x.output?.f === 'fetchHist' && !x.output.ok).length,
      seconds: o.seconds ?? 0,
    },
    replay: o.replay ?? replayCommand(info),
    ...(o.trace !== undefined ? { schedule: { picks: o.trace.length, tail: o.trace.slice(-24).map((p) => `c${p.client} ${p.label}`) } } : {}),
  };
}

/** The properties a verdict found broken, in a fixed order (for tests and tables). */
export function brokenProperties(v: Verdict): string[] {
  const order = ['I1', 'I2', 'I3', 'LIN', 'ERR'];
  return order.filter((p) => v.findings.some((f) => f.property === p));
}

/** The verdict as text: a header, each finding with its witness, the replay command. */
export function renderVerdict(v: Verdict): string {
  const i = v.info;
  const how = i.mode === 'processes' ? `${i.clients} processes` : `${i.clients} async clients${i.schedule !== undefined ? ` (${i.schedule === 'seeded' ? 'seeded scheduler' : 'free, seeded delays'})` : ''}`;
  const crash = i.crash !== undefined ? `, crash before ${i.crash.label} #${i.crash.nth}${i.crash.fired ? '' : ' (never reached)'}` : '';
  const s = v.stats;
  const out = [
    `inferno ${i.store}, ${i.mode}: ${how} × ${i.ops} calls, ${i.scripts} script${i.scripts === 1 ? '' : 's'}, seed ${i.seed}${crash}`,
    `${s.calls} calls (${s.stores} stores: ${s.storesOk} ok, ${s.notHead} not-head; ${s.unexpected} unexpected errors; ${s.pending} pending), ${s.seconds.toFixed(2)} s; ` +
      `linearizability: ${v.lin.outcome} (${v.lin.partitions} scripts, ${v.lin.statesExplored} states, ${v.lin.seconds.toFixed(2)} s)`,
    v.outcome === 'pass' ? 'PASS: linearizable, and the store at rest holds I1 and I2' + (i.crash?.fired ? ' (I3 after the crash)' : '') : v.outcome === 'inconclusive' ? 'INCONCLUSIVE: the linearizability search ran out of time' : `VIOLATION: ${brokenProperties(v).join(', ')}`,
  ];
  for (const f of v.findings) {
    out.push(`  ${f.property.padEnd(4)}${f.message}${f.signs !== undefined ? ` [${f.signs.join(', ')}]` : ''}`);
    for (const d of f.detail ?? []) out.push(`      ${d}`);
  }
  if (v.schedule !== undefined) out.push(`  schedule: ${v.schedule.picks} picks; last: ${v.schedule.tail.slice(-8).join(' · ')}`);
  out.push(`replay: ${v.replay}`);
  return out.join('\n');
}
