/**
 * Applied-but-error wedges the queue (reported against Zero): the server applies a mutation but the
 * client gets an error reply; the client retries, the server refuses the mutation it has already
 * processed with another error, and the client's queue never drains. The corrected server
 * acknowledges a mutation it already holds.
 *
 *   grove-check sim examples/sync/wedge.ts --faults applied-error=1
 *   grove-check sim examples/sync/wedge.ts --export fixed --faults applied-error=1
 */
import { counterSpec } from './counter/spec.ts';

export default counterSpec('wedge', 'error');
export const fixed = counterSpec('wedge-fixed', 'ack');
export const faults = { 'applied-error': 1 };
