// After tsup's CommonJS build: the ESM entry (and its types) re-export it, so an ESM app or a
// bundler gets the one copy of the code, whose global `require` calls bundlers can follow.
// See tsup.cjs-with-esm-entry.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entries = process.argv.slice(2);
for (const name of entries.length > 0 ? entries : ['index']) {
  const reexport = `export * from './${name}.js';\n`;
  writeFileSync(join('dist', `${name}.mjs`), reexport);
  writeFileSync(join('dist', `${name}.d.mts`), reexport);
}
