import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bundles the agents (real and emulated) once per run; tests load dist/agent/*.js.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2-core machines: keep parallelism modest so timing-sensitive emulator runs stay stable.
    maxWorkers: 2,
  },
});
