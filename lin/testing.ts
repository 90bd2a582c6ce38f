/** What the lin tests share: running `grove-check lin` in-process and capturing what it prints. */
import { vi } from 'vitest';
import lin from '../scripts/commands/lin.ts';

/** Runs `grove-check lin ARGV` in this process; returns its exit code and everything it wrote to stdout. */
export async function runLin(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await lin(argv), out };
  } finally {
    spy.mockRestore();
  }
}
