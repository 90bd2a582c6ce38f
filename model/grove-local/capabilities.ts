/**
 * What a grove-local model offers beyond its semantics (`model/core/capabilities.ts`): its
 * implementation for `--against impl:…` (`impl/local/`, imported only when asked for).
 */
import type { Model } from '../core/model.ts';
import type { Capabilities } from '../core/capabilities.ts';
import type { LocalState } from './state.ts';

/** The capabilities every grove-local model instance carries. */
export const groveLocalCapabilities: Capabilities<LocalState> = {
  against: {
    check: async (model, flags) => (await import('../../impl/local/cli.ts')).checkLocalAgainstCommand(model as Model<unknown>, flags),
  },
};
