/**
 * The one process supervisor of the harnesses: worker processes (the compiled module, or the
 * TypeScript one through tsx: `runtime/module.ts`)
 * registered while they run, so that a run can kill and reap all of them, a test can check that none
 * is left behind, and none outlives the parent (they are SIGKILLed when it exits).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { scriptCommand } from '../../runtime/module.ts';

const live = new Set<ChildProcess>();
let exitHook = false;

/**
 * Starts the module at `script` (`moduleUrl('./worker.ts', import.meta.url)`: compiled or TypeScript,
 * as the caller runs) with `args` in a new node process, registered until it exits.
 */
export function spawnWorker(script: URL, args: readonly string[], o: { readonly stdio: StdioOptions; readonly cwd?: string }): ChildProcess {
  if (!exitHook) {
    process.on('exit', killAll);
    exitHook = true;
  }
  const child = spawn(process.execPath, [...scriptCommand(script), ...args], { stdio: o.stdio, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Worker processes of this process that are still running (0 between runs: nothing is left behind). */
export function liveWorkers(): number {
  return live.size;
}

/** SIGKILLs every live worker (synchronously: also from an `exit` handler). */
export function killAll(): void {
  for (const c of live) c.kill('SIGKILL');
}

/** Kills every live worker and waits until each has exited (and been reaped). */
export async function stopAll(): Promise<void> {
  const waits = [...live].map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()))));
  killAll();
  await Promise.all(waits);
}
