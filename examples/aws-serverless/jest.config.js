// A user's jest config: no module mapping and no ESM flags. `@osauth/*` resolve to the
// built packages (CommonJS, with inversify 7 inside), exactly as in a user's project.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'aws-serverless',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
};
