/**
 * A node: the user's program, one OS process speaking Maelstrom's protocol on stdin/stdout, its stderr
 * appended to its own log file, its working directory its own (kept across a crash and restart).
 *
 * **Quiescence.** The network delivers one message at a time and then waits until the node is done
 * with it, instead of racing it against the wall clock: it waits until the kernel's count of bytes the
 * process has read (`rchar` in `/proc/PID/io`) covers what was written to it, then until every thread
 * of the process is asleep (`S` in `/proc/PID/task/T/stat`) with no new stdout, on two consecutive
 * polls. Only then are the lines it wrote taken as its answer to that delivery. A generous deadline is
 * the last resort; hitting it is counted and named as a nondeterminism source in the run's result.
 *
 * What this cannot make deterministic: a node's own timers and background threads (a heartbeat every
 * 100 ms, a retry loop) run on the wall clock and may write between deliveries; such lines are picked
 * up at the next quiescence point, so where they land depends on timing. A replay then diverges, and
 * the run reports the divergence (see `network/run.ts`) rather than a bug. Linux only (`/proc`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Splits `CMD ARGS` like a shell would for plain words, single and double quotes (no expansion). */
export function splitCommand(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (const ch of cmd) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unterminated ${quote} in --bin ${JSON.stringify(cmd)}`);
  if (inWord) out.push(cur);
  return out;
}

/** How a wait for quiescence ended. */
export type Quiet = 'quiet' | 'deadline' | 'exited';

/** Options of a {@link NodeProcess}. */
export interface NodeOptions {
  /** The node's id (`n1`, …). */
  readonly id: string;
  /** The command and its arguments; an argument naming an existing relative path is made absolute. */
  readonly argv: readonly string[];
  /** The node's own directory (its working directory); created if missing, never cleared. */
  readonly dir: string;
  /** Its stderr log file (appended). */
  readonly log: string;
  /** Last-resort deadline of one wait for quiescence, in ms. */
  readonly deadlineMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One running (or crashed) node process. Not reentrant: one delivery at a time. */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private out = '';
  private lines: string[] = [];
  private outBytes = 0;
  private exitInfo: string | null = null;
  private exitWaiters: (() => void)[] = [];
  /** Number of waits that ended at the deadline instead of at quiescence. */
  deadlines = 0;
  /** True between pause() and resume(). */
  paused = false;

  constructor(readonly opts: NodeOptions) {}

  /** Starts the process (again, after a crash) in its own directory. */
  start(): void {
    mkdirSync(this.opts.dir, { recursive: true });
    const [cmd, ...args] = this.opts.argv.map((a) => (!isAbsolute(a) && a.includes('/') && existsSync(a) ? resolve(a) : a));
    this.out = '';
    this.lines = [];
    this.exitInfo = null;
    this.paused = false;
    const child = spawn(cmd, args, { cwd: this.opts.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.outBytes += chunk.length;
      this.out += chunk;
      let i: number;
      while ((i = this.out.indexOf('\n')) >= 0) {
        const line = this.out.slice(0, i);
        this.out = this.out.slice(i + 1);
        if (line.trim() !== '') this.lines.push(line);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => appendFileSync(this.opts.log, chunk));
    child.stdin!.on('error', () => {});
    child.on('error', (e) => this.exited(`could not be started: ${e.message}`));
    child.on('exit', (code, signal) => this.exited(signal !== null ? `was killed by ${signal}` : `exited with code ${code}`));
  }

  private exited(info: string): void {
    if (this.exitInfo !== null) return;
    this.exitInfo = info;
    for (const w of this.exitWaiters.splice(0)) w();
  }

  /** Why the process is gone (`exited with code 1`), or null while it runs. */
  get exit(): string | null {
    return this.exitInfo;
  }

  /**
   * Writes one line to the node and waits for quiescence; returns the lines it wrote meanwhile. With
   * `answered` (used for `init`, while an interpreter may still be loading its files, which `rchar`
   * counts too) it first waits for one line of output.
   */
  async deliver(line: string, answered = false): Promise<{ lines: string[]; quiet: Quiet }> {
    if (this.child === null || this.exitInfo !== null) return { lines: this.take(), quiet: 'exited' };
    const before = this.rchar();
    const data = line + '\n';
    this.child.stdin!.write(data);
    if (answered) {
      const deadline = Date.now() + this.opts.deadlineMs;
      while (this.lines.length === 0 && this.exitInfo === null && Date.now() <= deadline) await sleep(1);
    }
    const quiet = await this.quiesce(before + Buffer.byteLength(data));
    return { lines: this.take(), quiet };
  }

  /** Waits for quiescence without writing (after start-up); returns the lines written meanwhile. */
  async settle(): Promise<{ lines: string[]; quiet: Quiet }> {
    const quiet = await this.quiesce(0);
    return { lines: this.take(), quiet };
  }

  /** Lines written since the last delivery (by a node's own timers, say). */
  take(): string[] {
    return this.lines.splice(0);
  }

  /** SIGKILL, and wait for the exit. Its directory is kept. */
  async kill(): Promise<void> {
    if (this.child === null || this.exitInfo !== null) return;
    const gone = new Promise<void>((r) => this.exitWaiters.push(r));
    this.child.kill('SIGKILL');
    await gone;
    this.take();
  }

  /** SIGSTOP. */
  pause(): void {
    if (this.child !== null && this.exitInfo === null) this.child.kill('SIGSTOP');
    this.paused = true;
  }

  /** SIGCONT. */
  resume(): void {
    if (this.child !== null && this.exitInfo === null) this.child.kill('SIGCONT');
    this.paused = false;
  }

  private rchar(): number {
    try {
      const m = /rchar:\s*(\d+)/.exec(readFileSync(`/proc/${this.child!.pid}/io`, 'utf8'));
      return m === null ? 0 : Number(m[1]);
    } catch {
      return Infinity;
    }
  }

  private asleep(): boolean {
    const pid = this.child!.pid;
    try {
      for (const t of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(join(`/proc/${pid}/task`, t, 'stat'), 'utf8');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (state !== 'S' && state !== 'T' && state !== 'I') return false;
      }
      return true;
    } catch {
      return true;
    }
  }

  private async quiesce(minRead: number): Promise<Quiet> {
    const deadline = Date.now() + this.opts.deadlineMs;
    let stable = 0;
    let seen = this.outBytes;
    for (;;) {
      if (this.exitInfo !== null) return 'exited';
      const done = this.rchar() >= minRead && this.asleep() && this.outBytes === seen;
      stable = done ? stable + 1 : 0;
      seen = this.outBytes;
      if (stable >= 2) return 'quiet';
      if (Date.now() > deadline) {
        this.deadlines++;
        return 'deadline';
      }
      await sleep(1);
    }
  }
}
