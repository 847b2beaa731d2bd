import { defineConfig, type Options } from 'tsup';

/**
 * One CommonJS build, with an ESM entry that re-exports it, for the packages that load
 * their optional dependencies with `require` when first needed (providers, the AWS and
 * Alibaba SDKs, inversify, yaml). Those `require` calls are the global one, so a bundler
 * that meets them includes what they name, and Node runs them in an ESM app too; one copy
 * of the code means no second copy of any class. Node finds the named exports of the
 * CommonJS build statically (esbuild marks them for its lexer). The ESM entry itself is
 * written after the build by scripts/write-esm-entry.mjs (each package's `build` script).
 */
export function cjsWithEsmEntry(entries: readonly string[] = ['index']): Options | Options[] {
  return defineConfig({
    entry: entries.map((name) => `src/${name}.ts`),
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  });
}
