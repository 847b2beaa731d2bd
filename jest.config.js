// One jest run over every workspace package that has a jest.config.js, so that
// `pnpm test` ends with a single summary.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['packages', 'examples'].flatMap((group) => {
  const dir = path.join(__dirname, group);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'jest.config.js'))
    .filter((file) => fs.existsSync(file));
});

/** @type {import('jest').Config} */
// testTimeout is a global option: a project's own setting is ignored when jest runs several.
module.exports = { projects, testTimeout: 20000 };
