/**
 * The resident-set reading every fast search reports as its peak (`residentBytes`): the kernel's
 * count read from a kept-open /proc/self/statm on Linux, which must agree with Node's own reading.
 */
import { describe, expect, it } from 'vitest';
import { RssSampler, residentBytes } from './compiled.ts';

describe('residentBytes', () => {
  it("agrees with process.memoryUsage.rss() within a few megabytes, read after read", () => {
    for (let k = 0; k < 5; k++) {
      const ours = residentBytes();
      const node = process.memoryUsage.rss();
      expect(ours).toBeGreaterThan(0);
      expect(Math.abs(ours - node)).toBeLessThan(4 << 20);
    }
  });

  it('sees memory the process takes (a 64 MiB buffer, touched)', () => {
    const before = residentBytes();
    const big = new Uint8Array(64 << 20).fill(1);
    expect(residentBytes() - before).toBeGreaterThan(48 << 20);
    expect(big[big.length - 1]).toBe(1);
  });

  it('a sampler keeps the largest reading', () => {
    const r = new RssSampler();
    r.sample();
    const first = r.peak;
    expect(first).toBeGreaterThan(0);
    r.sample();
    expect(r.peak).toBeGreaterThanOrEqual(first);
  });
});
