// A client that waits on a real timer: grove-check sim must name the escape, not run it.
import type { SimSpec } from '../spec.ts';

const spec: SimSpec = {
  name: 'escapes',
  clients: 1,
  server: () => ({}),
  client: () => ({}),
  ops: [{ name: 'wait', run: () => new Promise((r) => setTimeout(r, 10)) }],
};
export default spec;
