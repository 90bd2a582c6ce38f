/**
 * The search loop of lin/check.ts in WebAssembly: loads the module of lin/kernel/assembly/search.ts
 * (compiled by AssemblyScript with `npm run build:kernel`, lin/kernel/build.ts, into
 * search-wasm.ts, which is committed) and sets a partition's search up in its memory.
 * assembly/search.ts says why and how.
 *
 * One instance serves every check of the process, one after another: a check starts the module's
 * allocator over ({@link Kernel.begin}); a check started while another is running (a model that
 * checks a history from its own step) gets an instance of its own. The shared instance's memory is
 * as large as the largest check so far needed (a WebAssembly memory never shrinks). The module is
 * compiled once, on first use, or ahead of it by {@link prepareKernel}: the `lin` command starts that
 * as it loads, and the compilation runs on a background thread while the command starts.
 */
import { SEARCH_WASM } from './search-wasm.ts';

/** What the module exports, besides the layout's `F_…` globals. */
interface Exports {
  readonly memory: WebAssembly.Memory;
  reset(): void;
  alloc(bytes: number): number;
  free(p: number, bytes: number): void;
  setUp(n: number, W: number, part: number): number;
  prepare(c: number): number;
  advance(c: number, budget: number): number;
  release(c: number): void;
  readonly [global: string]: unknown;
}

/** What {@link SearchContext.advance} returns (the module's codes). */
export const RAN_OUT = 0;
export const LINEARIZED = 1;
export const EXHAUSTED = 2;
const OUT_OF_MEMORY = 3;

/** Pages (64 KiB) of memory an instance starts with: 16 MiB. */
const RESERVED_PAGES = 256;

/** The layout of a search's context: each field's index among its 32-bit words. */
interface Layout {
  readonly [field: string]: number;
}

/** The arrays a partition's search starts from (lin/check.ts's `setUpArrays` makes them). */
export interface SearchArrays {
  readonly n: number;
  /** Words of the bitset of linearized operations. */
  readonly W: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly opOf: Int32Array;
  readonly isCall: Uint8Array;
  readonly match: Int32Array;
  readonly pending: Uint8Array;
  readonly readOnly: Uint8Array;
  readonly twin: Int32Array;
  /**
   * Per operation: the id of the one state it is accepted in, or -1; or, in a search that interns
   * states by digest (`digests`), -2 for an operation whose observed state the kernel interns.
   */
  readonly observed: Int32Array;
  readonly zob: Int32Array;
  /**
   * For a model with a digest: the kernel interns the states (the model's answers stay in
   * JavaScript), starting from the initial state's digest and those of the observed states (per
   * operation, read where `observed` is -2).
   */
  readonly digests?: { readonly init: number; readonly observed: Int32Array };
  /** The first event (the head's successor) and the operations with a return. */
  readonly entry: number;
  readonly definiteLeft: number;
}

/** 2^31: {@link StateAnswers.step}'s answer for a state it made is this plus the state's digest as an unsigned word. */
export const NEW_STATE = 2 ** 31;

/**
 * What a partition's search asks of JavaScript (lin/states.ts answers): the model's step of `op`
 * from state id `state` as a state id or -1 (rejected); in a search that interns states (given the
 * digest of `state` and the next id, `count`), also 2^31 + the digest of a state the step made, as
 * an unsigned word, that state put in place as state `count`; whether state `id` equals the one in
 * place as the next id; and to put the state operation `op` observes in place as state `id`.
 */
export interface StateAnswers {
  step(state: number, op: number, digest: number, count: number): number;
  same(id: number): number;
  place(id: number, op: number): void;
}

let compiled: WebAssembly.Module | undefined;
let compiling: Promise<void> | undefined;
/** The instance checks share (one at a time). */
let shared: Kernel | undefined;

/** The module's bytes (`atob`: no Node-only API, the kernel runs wherever WebAssembly does). */
function bytes(): Uint8Array<ArrayBuffer> {
  const text = atob(SEARCH_WASM);
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return b;
}

/**
 * Compiles the module on a background thread and makes the instance checks share, if that is not
 * done yet: a check that starts after the promise settled finds them ready. Never rejects (a failure
 * shows at first use).
 */
export function prepareKernel(): Promise<void> {
  if (typeof WebAssembly === 'undefined') return Promise.resolve(); // the first check says so
  compiling ??= WebAssembly.compile(bytes())
    .then((m) => {
      compiled ??= m;
      shared ??= new Kernel();
      warmUp(shared);
    })
    .catch(() => undefined);
  return compiling;
}

/** Whether the kernel has compiled (and warmed up): a check then starts without waiting. */
export function kernelIsReady(): boolean {
  return shared !== undefined;
}

/**
 * Runs a search of one write and one read through `kernel`: V8 compiles a module's functions on
 * their first call, on the thread that calls them, so this moves that out of the first check.
 */
function warmUp(kernel: Kernel): void {
  const { done } = kernelFor(kernel);
  try {
    // Events: call 0, call 1, return 0, return 1; the head is 4. Operation 0 asks the model, 1 is observed.
    const s = kernel.search(
      {
        n: 2,
        W: 1,
        next: Int32Array.of(1, 2, 3, -1, 0),
        prev: Int32Array.of(4, 0, 1, 2, 0),
        opOf: Int32Array.of(0, 1, 0, 1),
        isCall: Uint8Array.of(1, 1, 0, 0),
        match: Int32Array.of(2, 3, -1, -1),
        pending: Uint8Array.of(0, 0),
        readOnly: Uint8Array.of(0, 1),
        twin: Int32Array.of(-1, -1),
        observed: Int32Array.of(-1, -2),
        zob: Int32Array.of(1, 2),
        entry: 0,
        definiteLeft: 2,
        // The kernel interns the states: 0 the initial one, 1 the one operation 1 observes, which
        // operation 0's step makes.
        digests: { init: 0, observed: Int32Array.of(0, 7) },
      },
      { step: () => NEW_STATE + 7, same: () => 1, place: () => undefined },
    );
    s.advance(100);
  } finally {
    done();
  }
}

/** An instance of the module. */
export class Kernel {
  private readonly x: Exports;
  /** The layout: field name (without `F_`) → index of its word in a context. */
  private readonly f: Layout;
  /** Per partition of the check under way, the model's answers (lin/states.ts). */
  private answers: StateAnswers[] = [];
  /** True while a check uses this instance. */
  busy = false;
  /** The kernel's memory as words (replaced when it grows: the old view then has length 0), its mailbox's word, and the answer that points there. */
  private words = new Int32Array(0);
  private mailbox = 0;
  private made = 0;

  constructor() {
    if (typeof WebAssembly === 'undefined') throw new Error('lin: the search needs WebAssembly, which this JavaScript engine does not offer (node --jitless?)');
    compiled ??= new WebAssembly.Module(bytes());
    const instance = new WebAssembly.Instance(compiled, {
      lin: {
        // A state the step made comes back as 2^31 + its digest: the digest goes to the kernel's
        // mailbox and the answer is MADE, so that what crosses into the kernel is a small integer
        // (a number of 2^31 or more is boxed on its way, an object per new state).
        step: (part: number, state: number, op: number, digest: number, count: number): number => {
          const r = this.answers[part].step(state, op, digest, count);
          if (r < NEW_STATE) return r;
          let m = this.words;
          if (m.length === 0) this.words = m = new Int32Array(this.x.memory.buffer);
          m[this.mailbox] = (r - NEW_STATE) | 0;
          return this.made;
        },
        same: (part: number, id: number): number => this.answers[part].same(id),
        place: (part: number, id: number, op: number): void => this.answers[part].place(id, op),
      },
    });
    this.x = instance.exports as unknown as Exports;
    this.made = (this.x.MADE as WebAssembly.Global).value as number;
    this.mailbox = ((this.x.MAILBOX as WebAssembly.Global).value as number) >>> 2;
    // Address space for the searches of small histories (pages are only touched when used): the
    // memory then grows during a check only for a large one (growing it took up to 3 ms, once, in a
    // cold process).
    const pages = this.x.memory.buffer.byteLength >>> 16;
    if (pages < RESERVED_PAGES) this.x.memory.grow(RESERVED_PAGES - pages);
    const f: Record<string, number> = {};
    for (const [name, v] of Object.entries(this.x)) if (name.startsWith('F_')) f[name.slice(2)] = ((v as WebAssembly.Global).value as number) >>> 2;
    this.f = f;
  }

  /** Starts a check: what the last one allocated is free again. */
  begin(): void {
    this.x.reset();
    this.answers = [];
  }

  /** A partition's search, set up from `a`; `answers` asks the model (lin/states.ts). */
  search(a: SearchArrays, answers: StateAnswers): SearchContext {
    const x = this.x;
    const f = this.f;
    const c = x.setUp(a.n, a.W, this.answers.length);
    if (c === 0) throw outOfMemory();
    this.answers.push(answers);
    let mem = new Int32Array(x.memory.buffer);
    const base = c >>> 2;
    const put = (field: number, v: ArrayLike<number>): void => mem.set(v, mem[base + field] >>> 2);
    put(f.NEXT, a.next);
    put(f.PREV, a.prev);
    put(f.OP_OF, a.opOf);
    put(f.IS_CALL, a.isCall);
    put(f.MATCH, a.match);
    put(f.PENDING, a.pending);
    put(f.READ_ONLY, a.readOnly);
    put(f.TWIN, a.twin);
    put(f.OBSERVED, a.observed);
    put(f.ZOB, a.zob);
    mem[base + f.ENTRY] = a.entry;
    mem[base + f.DEFINITE_LEFT] = a.definiteLeft;
    if (a.digests !== undefined) {
      put(f.OBS_DIGEST, a.digests.observed);
      mem[base + f.DIGESTED] = 1;
      mem[base + f.INIT_DIGEST] = a.digests.init;
    }
    if (x.prepare(c) === 0) throw outOfMemory();
    const memory = x.memory;
    // The memory's buffer is replaced when it grows (the old one then has length 0).
    const view = (): Int32Array => (mem.length === 0 ? (mem = new Int32Array(memory.buffer)) : mem);
    return {
      advance(budget: number): number {
        const code = x.advance(c, budget);
        if (code === OUT_OF_MEMORY) throw outOfMemory();
        return code;
      },
      field: (name: string): number => view()[base + f[name]],
      release: (): void => x.release(c),
      array(name: string, len: number): number[] {
        const m = view();
        const p = m[base + f[name]] >>> 2;
        return Array.from(m.subarray(p, p + Math.max(0, len)));
      },
    };
  }
}

/** One partition's search in the kernel's memory. */
export interface SearchContext {
  /** At most `budget` iterations: RAN_OUT, LINEARIZED or EXHAUSTED. */
  advance(budget: number): number;
  /** A field of the context (`DEPTH`, `MEMO_SIZE`, `BEST_STATE`, …). */
  field(name: string): number;
  /** The first `len` words of the array a field points at (`STACK_ENTRY`, `BEST_STACK`, `BEST_STUCK`). */
  array(name: string, len: number): number[];
  /** Gives the search's memory back to the next one, when it can (the search is over, its results read): no use of it after. */
  release(): void;
}

/**
 * A search that needed more than the 4 GiB a WebAssembly memory can hold (a partition whose memo of
 * states explodes: checking one key of c50-bad alone needs that, and Porcupine took 24 GB on it
 * before it was stopped). `checkLinearizable` turns it into the outcome `unknown` for lack of memory.
 */
export class KernelOutOfMemory extends RangeError {
  override readonly name = 'KernelOutOfMemory';
}

function outOfMemory(): Error {
  return new KernelOutOfMemory('lin: the search outgrew the 4 GiB a WebAssembly memory can hold');
}

/** The kernel for a check about to start, marked busy: call `done()` when the check ends. */
export function kernelForCheck(): { kernel: Kernel; done(): void } {
  return kernelFor(shared !== undefined && !shared.busy ? shared : new Kernel());
}

function kernelFor(kernel: Kernel): { kernel: Kernel; done(): void } {
  shared ??= kernel;
  kernel.busy = true;
  kernel.begin();
  return { kernel, done: () => void (kernel.busy = false) };
}
