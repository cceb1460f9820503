import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // README snippets import the package by name; tests run them against the sources.
    // The subpath comes first: an alias also matches ids that start with it plus '/'.
    alias: {
      'label-assign/ndarray': fileURLToPath(new URL('./src/ndarray/index.ts', import.meta.url)),
      'label-assign': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
  },
});
