import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'crawlers/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    expect: {
      // A test that reaches its end without one expect() (a loop over nothing…) fails.
      requireAssertions: true,
      // expect.poll waits for a condition; on a loaded machine it can take longer than the 1 s default.
      poll: { timeout: 10_000 },
    },
    hookTimeout: 120_000,
    // Two cores: each worker gets its own cloned database, so a couple of forks is the sweet spot.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    // A fork runs file after file with the modules it already loaded (the app's dependency tree
    // costs seconds to load): files keep apart by their own database, DATA_DIR and ports.
    isolate: false,
  },
});
