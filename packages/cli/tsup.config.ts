import { defineConfig } from 'tsup';

// One CommonJS bin; dependencies stay external (tsup's default for package.json deps).
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['cjs'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
