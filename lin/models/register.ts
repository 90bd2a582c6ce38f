/**
 * A single compare-and-set register (Jepsen's etcd test, Porcupine's etcd model). The initial value
 * is `null` (Jepsen's `nil`).
 *
 * - `read` returns the value; with an unknown result it accepts any state.
 * - `write` sets the value; its output carries nothing.
 * - `cas(from, to)` sets `to` if the value is `from`. A successful cas requires the match; a failed
 *   cas (`ok: false`, Jepsen `:fail :cas`) ran and requires a *different* value, and leaves the
 *   register unchanged; a cas with an unknown result is accepted and does whatever the state says.
 */
import type { LinModel } from '../model.ts';

/** A register value; `null` is the initial, never-written value. */
export type RegisterValue = number | null;

/** A register operation as invoked. */
export type RegisterInput =
  | { f: 'read' }
  | { f: 'write'; value: RegisterValue }
  | { f: 'cas'; from: RegisterValue; to: RegisterValue };

/** A register result. */
export type RegisterOutput = { f: 'read'; value: RegisterValue } | { f: 'write' } | { f: 'cas'; ok: boolean };

const show = (v: RegisterValue): string => (v === null ? 'nil' : String(v));

/** Renders `read() -> 3`, `write(2)`, `cas(1, 2) -> ok|fail`; `-> ?` for an unknown result. */
export function describeRegisterOp(input: RegisterInput, output: RegisterOutput | undefined): string {
  const call = input.f === 'read' ? 'read()' : input.f === 'write' ? `write(${show(input.value)})` : `cas(${show(input.from)}, ${show(input.to)})`;
  if (output === undefined) return `${call} -> ?`;
  if (output.f === 'read') return `${call} -> ${show(output.value)}`;
  if (output.f === 'cas') return `${call} -> ${output.ok ? 'ok' : 'fail'}`;
  return call;
}

/** The compare-and-set register model. */
export const registerModel: LinModel<RegisterValue, RegisterInput, RegisterOutput> = {
  init: () => null,
  step: (s, input, output) => {
    switch (input.f) {
      case 'read':
        return { ok: output === undefined || (output.f === 'read' && output.value === s), next: s };
      case 'write':
        return { ok: true, next: input.value };
      case 'cas': {
        const matches = s === input.from;
        if (output === undefined) return { ok: true, next: matches ? input.to : s };
        const claimed = output.f === 'cas' && output.ok;
        return { ok: claimed === matches, next: matches ? input.to : s };
      }
    }
  },
  // A read, and a cas observed to fail, leave the register as it was whenever they are accepted.
  readOnly: (input, output) => input.f === 'read' || (input.f === 'cas' && output?.f === 'cas' && !output.ok),
  // A read that returned a value is accepted exactly where the register holds that value.
  observed: (input, output) => (input.f === 'read' && output?.f === 'read' ? output.value : undefined),
  hash: (s) => show(s),
  digest: (s) => (s === null ? -1 : s | 0),
  equal: (a, b) => a === b,
  describeOp: describeRegisterOp,
  describeState: show,
};
