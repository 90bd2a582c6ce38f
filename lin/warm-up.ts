/**
 * # Warming the checker up while the kernel compiles
 *
 * A `lin` run compiles the search kernel's WebAssembly on a background thread as it starts
 * (lin/kernel/kernel.ts) and waits for it before the first check: a few milliseconds in which the
 * main thread has nothing to do. The first check of a short history spends most of its time in
 * code running for the first time: V8's inline caches learning the shapes they meet, pages of the
 * heap and of Node's built-ins touched for the first time. {@link warmUp} runs that code on
 * small sample histories (lin/samples.ts) in the wait: the readers, the format's detection, and the
 * JavaScript half of a check (the model's steps included), everything but the search (the kernel,
 * not yet compiled, warms its own up when it is: `warmUp` in lin/kernel/kernel.ts). It changes no
 * state a check depends on.
 */
import { warmUpChecker } from './check.ts';
import { detectFormat } from './formats/detect.ts';
import { readPlainEtcd } from './formats/jepsen-etcd.ts';
import { readPlainKv } from './formats/jepsen-kv.ts';
import { kvModel, kvModelUnpartitioned } from './models/kv.ts';
import { registerModel } from './models/register.ts';
import { sampleHistories } from './samples.ts';

/**
 * Runs the readers and the checker's set-up on the sample histories (see above), with the kv model
 * the command will check kv histories with (`noPartition`: all keys as one state); how many it ran.
 */
export function warmUp(noPartition = false): number {
  let ran = 0;
  for (const text of sampleHistories()) {
    if (detectFormat(text) === 'jepsen-kv') {
      const h = readPlainKv(text, 'sample');
      if (h === undefined) continue;
      if (noPartition) warmUpChecker(kvModelUnpartitioned, h.operations);
      else warmUpChecker(kvModel, h.operations);
    } else {
      const h = readPlainEtcd(text, 'sample');
      if (h === undefined) continue;
      warmUpChecker(registerModel, h.operations);
    }
    ran++;
  }
  return ran;
}
