/**
 * The tests Stryker runs against each mutant (`stryker.config.mjs`): the ones that cover the mutated
 * files, and only the memory backend of the remote contract (the others need services and disks).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['model/grove/planted.test.ts', 'model/grove/model.test.ts', 'model/grove/remote.test.ts', 'impl/remote/contract.test.ts', 'impl/remote/memory/memory.test.ts'],
    testNamePattern: /^(?!backend (fs|sqlite|postgres)\b)/,
    testTimeout: 60_000,
    pool: 'forks',
  },
});
