// Writes docs/errors.md from the built remediation catalogue (`pnpm run docs`).
const fs = require('node:fs');
const path = require('node:path');
const { renderErrorsDoc } = require('../dist/errors-doc.js');

const target = path.join(__dirname, '..', '..', '..', 'docs', 'errors.md');
fs.writeFileSync(target, renderErrorsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
