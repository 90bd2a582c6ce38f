/** A one-line progress display on stderr for long runs (only on a terminal). */
import type { Progress } from '../../checker/options.ts';

export function progressPrinter(): { update: (p: Progress) => void; done: () => void } {
  let shown = false;
  return {
    update(p) {
      const rate = p.seconds > 0 ? Math.round(p.states / p.seconds) : 0;
      const runs = p.runs !== undefined ? `runs ${p.runs}  ` : '';
      process.stderr.write(`\r  ${runs}states ${p.states.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)  depth ${p.depth}  queue ${p.queue.toLocaleString('en-US')}  ${p.seconds.toFixed(1)} s   `);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
