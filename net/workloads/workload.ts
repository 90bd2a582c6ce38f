/**
 * What a workload is: the requests its clients send (Maelstrom's bodies, doc/workloads.md), how a
 * reply completes an operation, the services its nodes may call, and the checker that judges the
 * history. A workload is data plus pure functions; the network (network/run.ts) runs it.
 */
import type { Body } from '../protocol/message.ts';
import type { Service } from '../services/service.ts';
import type { HistoryEvent } from '../history/history.ts';

/** A seeded source of choices (see network/prng.ts). */
export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
}

/** How a reply (or its absence) completes an operation. */
export interface Completion {
  readonly type: 'ok' | 'fail' | 'info';
  readonly value?: unknown;
}

/** What a checker found. */
export type Verdict =
  | { readonly outcome: 'pass'; readonly summary: string }
  | { readonly outcome: 'violation'; readonly property: string; readonly message: string; readonly witness?: readonly string[] }
  | { readonly outcome: 'inconclusive'; readonly reason: string };

/** Everything a checker may read about a finished run. */
export interface CheckInput {
  readonly history: readonly HistoryEvent[];
  readonly services: ReadonlyMap<string, Service>;
}

/** A Maelstrom workload. */
export interface Workload {
  readonly name: string;
  /** One line for `--help`. */
  readonly title: string;
  /** The `f` and request body of client op number `i` (no `msg_id`: the client adds it). */
  generate(rng: Rng, i: number, client: number): { readonly f: string; readonly value: unknown; readonly body: Body };
  /** Completes an op from its request and the reply body (`type` ending in `_ok`, or `error`). */
  complete(f: string, value: unknown, reply: Body): Completion;
  /** Messages each node gets after `init_ok` and before the first op (broadcast's `topology`). */
  setup?(node: string, nodes: readonly string[]): Body | undefined;
  /** Ops each client runs once the network is healed and quiet (final reads), as `{f, value, body}`. */
  final?(nodes: readonly string[]): { readonly node: string; readonly f: string; readonly value: unknown; readonly body: Body }[];
  /** Services this workload always runs (the `grove` remote for the grove workload). */
  readonly services?: readonly string[];
  /** Judges a finished run. Pure. */
  check(input: CheckInput): Verdict;
  /** Optional: more files `run --report` writes for this workload, by name (grove's `grove.jsonl`). Pure. */
  reportFiles?(input: CheckInput): Readonly<Record<string, string>>;
}
