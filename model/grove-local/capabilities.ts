/**
 * What a grove-local model offers beyond its semantics (`model/core/capabilities.ts`): its
 * picture (three logs per client, `reports/pictures/local.ts`), its implementation for `--against impl:…` (`impl/local/`, imported only when asked for)
 * and its state codec for the fast engine (`codec.ts`).
 */
import type { LocalModel } from './model.ts';
import type { Capabilities } from '../core/capabilities.ts';
import type { LocalState } from './state.ts';
import { localPicture } from '../../reports/pictures/local.ts';
import { groveLocalCodec } from './codec.ts';

/** The capabilities every grove-local model instance carries. */
export const groveLocalCapabilities: Capabilities<LocalState> = {
  picture: localPicture,
  codec: groveLocalCodec,
  against: {
    check: async (model, flags) => (await import('../../impl/local/cli.ts')).checkLocalAgainstCommand(model as LocalModel, flags),
  },
};
