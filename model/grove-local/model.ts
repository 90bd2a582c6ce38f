/**
 * The `grove-local` model family: local, staged and origin/main logs (seed 000, second half;
 * MODEL.md §2; properties G8–G11).
 *
 * What is modelled. Each client holds three logs. `local` takes every write at once: a write is never
 * blocked by sync. From time to time the client squashes its unsquashed local commits into one commit
 * of `staged` (`Squash<c4..=c5, b2>`), and in the background it pushes staged commits to the shared
 * remote log `a`, one at a time, in two atomic steps: a conditional `Push<b2, a@5>` (an Append at
 * origin/main's tip + 1, which conflicts when someone else got there first) and a `CAS<main, a@4, a@5>`
 * that confirms it. Only the confirm records the equivalence `(c4..=c5) => b2 => a5` and puts `a5`
 * into the client's `origin/main`. `Pull<main>` fetches what others landed; `Rebase<a@t>` then moves
 * the client's snapshot onto it, replaying what has not landed (a fast-forward when nothing has).
 *
 * What a client reads is its *snapshot*: origin/main up to its base, its unlanded staged commits and
 * its unsquashed local commits, the seed's three lines. Squashes and pushes change the snapshot's
 * lines but not its canonical form (`canonical.ts`), which is how a client tells that its state is
 * unchanged across a background push. A write is a small transaction: it commits only if the
 * snapshot it read is canonically equal to the current one, so it fails (and is retried) only after
 * a rebase onto new remote entries, never because of its own background sync.
 *
 * Why these choices. Commits are physical page sets, so replaying a commit on a new base never changes
 * it: a rebase only moves the base, and staged commits survive it unchanged. Each write touches one
 * page and writes its own commit name as the value, so every value is unique and any lost, duplicated
 * or shadowed write changes what some snapshot materializes. One squash action squashes everything
 * unsquashed; since writes interleave with squashes in every order, every partition of the local log
 * into ranges is still reachable. The remote is lsn-cas's: main moves only by a CAS from the position
 * the pusher appended after, and a pull reads only up to main, so an unconfirmed entry is invisible.
 *
 * Not modelled: a `reset` that discards unlanded commits (it would need a ghost of the discarded
 * writes for G10), force pushes and several refs (see the `grove` family), crashes and lost replies.
 */
import { UsageError, type Model, type ModelFamily, type ModelOptions } from '../core/model.ts';
import type { Row } from '../../scenarios/notation/types.ts';
import { printOp } from '../../scenarios/notation/print.ts';
import { fingerprint } from './fingerprint.ts';
import { MAX_CLIENTS } from './names.ts';
import { memoizedCodecPath } from './memo.ts';
import { localProperties } from './properties.ts';
import { describeAction, enabledActions, takeAction, type LocalContext } from './protocol.ts';
import { initialState, type LocalState } from './state.ts';
import { allLocalVariants, localVariantByName, threeLogs, type LocalVariant } from './variant.ts';

export { localVariantByName } from './variant.ts';
export { fingerprint } from './fingerprint.ts';
import { groveLocalCapabilities } from './capabilities.ts';

/** Options of a model instance. */
export interface LocalOptions {
  readonly variant?: LocalVariant;
  /** Clients `1..clients` (1 to 12). */
  readonly clients: number;
  /** Accepted writes each client makes. */
  readonly writes: number;
  /** Pages a write may touch (default `['p']`); every write is offered once per page. */
  readonly pages?: readonly string[];
}

/** A model instance, with its context exposed for tests and reports. */
export type LocalModel = Model<LocalState> & { readonly ctx: LocalContext };

/** Builds a `grove-local` model instance. Pure and deterministic. */
export function localModel(o: LocalOptions): LocalModel {
  if (!Number.isInteger(o.clients) || o.clients < 1 || o.clients > MAX_CLIENTS) throw new UsageError(`clients must be a whole number from 1 to ${MAX_CLIENTS}, got ${o.clients}`);
  if (!Number.isInteger(o.writes) || o.writes < 0) throw new UsageError(`writes must be a whole number ≥ 0, got ${o.writes}`);
  const pages = o.pages ?? ['p'];
  if (pages.length === 0 || pages.some((p) => !/^[a-z][a-z0-9_]*$/.test(p))) throw new UsageError(`pages must be lowercase names, got '${pages.join(',')}'`);
  const variant = o.variant ?? threeLogs;
  const ctx: LocalContext = { variant, writes: o.writes, pages };
  const model: LocalModel = {
    name: 'grove-local',
    variant: variant.name,
    config: { variant: variant.name, actors: o.clients, ops: o.writes, pages: pages.join(',') },
    ctx,
    initial: () => initialState(o.clients),
    actions: (s) => enabledActions(ctx, s).map((a) => describeAction(ctx, s, a)),
    step(s, index) {
      const a = enabledActions(ctx, s)[index];
      if (a === undefined) throw new Error(`no enabled action number ${index}`);
      return takeAction(ctx, s, a);
    },
    apply(s, row: Row) {
      if (row.kind !== 'call' && row.kind !== 'invoke') throw new UsageError(`grove-local cannot apply a '${row.kind}' row`);
      const want = printOp(row.op).replace(/\s+/g, '');
      const acts = enabledActions(ctx, s);
      const a = acts.find((x) => String(x.client + 1) === row.actor && printOp(describeAction(ctx, s, x).op).replace(/\s+/g, '') === want);
      if (a === undefined) {
        const can = acts.filter((x) => String(x.client + 1) === row.actor).map((x) => printOp(describeAction(ctx, s, x).op));
        throw new UsageError(`actor ${row.actor} cannot take ${printOp(row.op)} here; it can take: ${can.join(', ') || 'nothing'}`, row.span);
      }
      const st = takeAction(ctx, s, a);
      return { ...st, row: { ...st.row, ...(row.span ? { span: row.span } : {}) } };
    },
    fingerprint,
    properties: localProperties(ctx),
  };
  // The codec path steps and judges through a memo of the model's own functions (`memo.ts`); the
  // model's `step` and properties above, which the reference engine runs, are left as they are.
  const codec = { codec: groveLocalCapabilities.codec!.codec, ...memoizedCodecPath(ctx, (s, index) => model.step(s, index), o.clients) };
  return { ...model, capabilities: { ...groveLocalCapabilities, codec } };
}

/** The family, as `grove-check list` shows it and the CLI builds it (`--actors` clients, `--ops` writes each, `pages=p,q`). */
export const groveLocalFamily: ModelFamily<LocalState> = {
  name: 'grove-local',
  title: 'Grove local, staged and origin/main logs: squash while writing, background push, equivalences and canonical snapshots (seed 000)',
  variants: allLocalVariants.map((v) => ({ name: v.name, title: v.title, planted: v.planted })),
  properties: localProperties({ variant: threeLogs, writes: 0, pages: ['p'] }).map((p) => ({ id: p.id, title: p.title, advisory: p.advisory })),
  defaultVariant: threeLogs.name,
  build(options: ModelOptions) {
    const pages = typeof options.extra?.pages === 'string' ? options.extra.pages.split(',').map((p) => p.trim()) : undefined;
    return localModel({ variant: localVariantByName(options.variant ?? threeLogs.name), clients: options.actors ?? 2, writes: options.ops ?? 1, pages });
  },
};
