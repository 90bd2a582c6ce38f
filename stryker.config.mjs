// Mutation testing of the Grove reference remote and the in-memory implementation remote, scoped to
// fit `npm run bench -- mutation` on a shared 2-core machine (one worker, the covering tests only).
// Run: npx stryker run (or npm run bench -- mutation, which also prints the score and the survivors).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'scripts/mutation/vitest.config.ts', related: false },
  mutate: ['model/grove/remote.ts', 'impl/remote/memory/memory.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, allowEmojis: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['reports/examples', '.stryker-tmp', 'reports/mutation'],
  disableTypeChecks: '{model,impl,checker,scenarios,lin,explorer,reports,scripts,fuzz}/**/*.ts',
};
