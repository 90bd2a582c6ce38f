/**
 * Duplicate upload after a lost reply (the shape an outside Jepsen test found in PowerSync): the
 * server applies a push, the reply is lost, the client times out and pushes the same mutations again,
 * and a server that does not remember what it applied applies them twice.
 *
 *   grove-check sim examples/sync/duplicate-upload.ts --faults lost-reply=1          (finds it)
 *   grove-check sim examples/sync/duplicate-upload.ts --export fixed --faults lost-reply=1
 *   npx tsx examples/sync/duplicate-upload.ts --real [--fixed]   (the same client, a real server process)
 */
import { counterSpec } from './counter/spec.ts';

export default counterSpec('duplicate-upload', 'none');
export const fixed = counterSpec('duplicate-upload-fixed', 'ack');
/** The budget the README and the bench state for this example. */
export const faults = { 'lost-reply': 1 };

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')) && process.argv.includes('--real')) {
  const { runReal } = await import('./counter/run-real.ts');
  const fixedWanted = process.argv.includes('--fixed');
  process.exitCode = await runReal(fixedWanted ? 'duplicate-upload-fixed' : 'duplicate-upload', fixedWanted ? 'ack' : 'none', (l) => process.stdout.write(l + '\n'));
  process.exit();
}
