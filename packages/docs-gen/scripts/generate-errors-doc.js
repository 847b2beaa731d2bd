// Writes docs/errors.md (`pnpm run docs`) from the builds: core's generic remediations and
// those each provider package registers when it loads. Loaded in this order, which is the
// order of the providers' sections under each code.
const fs = require('node:fs');
const path = require('node:path');

require('@osauth/aws');
require('@osauth/alibaba');
const { renderErrorsDoc } = require('@osauth/core/internal');

const target = path.join(__dirname, '..', '..', '..', 'docs', 'errors.md');
fs.writeFileSync(target, renderErrorsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
