/**
 * What a Grove model offers beyond its semantics (`model/core/capabilities.ts`): its picture (the
 * log forest, drawn in `reports/pictures/grove.ts`), its packed kernel for `--strategy fast` and its implementation for `--against impl:…` (the harness is imported only
 * when asked for).
 */
import type { Capabilities } from '../core/capabilities.ts';
import type { GroveModel } from './model.ts';
import { grovePacked } from './packed.ts';
import { grovePicture } from '../../reports/pictures/grove.ts';
import type { GroveState } from './state.ts';

/** The capabilities every Grove model instance carries. */
export const groveCapabilities: Capabilities<GroveState> = {
  picture: grovePicture,
  packed: grovePacked,
  against: {
    check: async (model, flags) => (await import('../../impl/harness/cli.ts')).checkAgainstCommand(model as GroveModel, flags as Record<string, string | boolean | undefined>),
  },
};
