import { defineConfig } from 'vitest/config';

// Two projects: fast units and API tests in Node, and browser journeys that start the
// real server and drive the system Chromium (they need `npm run build` first).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{core,file-input,connectors,ingest,sync,analysis,fixtures,cli,dashboard,test}/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/load/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts', 'test/load/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
