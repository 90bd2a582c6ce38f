/**
 * The Grove model's packed kernel, offered to the fast engine as its `packed` capability. The
 * compiled kernel, its symmetry and partial-order reductions live in `checker/fast/` for now
 * (`kernel.ts`, `symmetry.ts`, `por.ts`); this file is what the engine sees of them. It is also the
 * module a worker thread imports to rebuild the kernel (`kernelFromInit`, `symmetryOf`,
 * `partialOrderOf`).
 */
import type { Model } from '../core/model.ts';
import type { PackedCapability, PackedKernel, PackedPartialOrder, PackedSymmetry } from '../core/capabilities.ts';
import { GroveKernel, PROPERTY_IDS, STRICT_ONLY, type Semantics } from './kernel/kernel.ts';
import { PartialOrder } from './kernel/por.ts';
import { Symmetry } from './kernel/symmetry.ts';
import type { GroveModel } from './model.ts';
import type { GroveState } from './state.ts';
import { moduleUrl } from '../../runtime/module.ts';

/** What a worker thread needs to rebuild a Grove kernel (structured-cloneable). */
interface GroveKernelInit {
  readonly actors: number;
  readonly ops: number;
  readonly sem: Semantics;
  readonly program: readonly string[];
  readonly maxLsn: number;
  /** The kernel's property switches (`GroveKernel.on`). */
  readonly on: Uint8Array;
}

/** Rebuilds a kernel in a worker thread from `groveKernelInit`'s data. */
export function kernelFromInit(data: unknown): GroveKernel {
  const init = data as GroveKernelInit;
  const K = new GroveKernel(init.actors, init.ops, init.sem, init.program, init.maxLsn);
  K.on.set(init.on);
  return K;
}

/** The symmetry reduction of a Grove kernel. */
export function symmetryOf(K: PackedKernel): PackedSymmetry {
  return new Symmetry(K as GroveKernel);
}

/** The partial-order reduction of a Grove kernel. */
export function partialOrderOf(K: PackedKernel): PackedPartialOrder {
  return new PartialOrder(K as GroveKernel);
}

/** The `packed` capability of every Grove model instance. */
export const grovePacked: PackedCapability<GroveState, GroveKernel> = {
  kernel: (model: Model<GroveState>) => GroveKernel.forModel(model as GroveModel),
  propertyIds: PROPERTY_IDS,
  strictOnly: STRICT_ONLY,
  advisory: 'G7',
  symmetry: symmetryOf,
  partialOrder: partialOrderOf,
  worker: {
    module: moduleUrl('./packed.ts', import.meta.url).href,
    init: (K: GroveKernel, model: Model<GroveState>): GroveKernelInit => ({ actors: K.actors, ops: K.ops, sem: K.sem, program: (model as GroveModel).ctx.program, maxLsn: K.maxLsn, on: K.on.slice() }),
  },
};
