import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['cjs', 'esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The Alibaba SDKs are loaded with `require` when first needed; the ESM build
  // gets a `require` of its own (both ship CommonJS).
  banner: ({ format }) => (format === 'esm' ? { js: "import { createRequire as __osauthCreateRequire } from 'node:module';\nconst require = __osauthCreateRequire(import.meta.url);" } : {}),
});
