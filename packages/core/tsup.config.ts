import { defineConfig } from 'tsup';

export default defineConfig({
  // `internal` is `@osauth/core/internal`: for this repository's packages, not public API.
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['cjs', 'esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
