// A user's jest config: no module mapping. `@osauth/*` resolve to the built packages.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'alibaba-sts',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
};
