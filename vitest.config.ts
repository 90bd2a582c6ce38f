import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `import … from 'grove-check'` (examples/, a user's tests) is the package's root module, as tsconfig's paths say.
  resolve: { alias: [{ find: /^grove-check$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) }] },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.git/**', '.stryker-tmp/**', 'dist/**'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
