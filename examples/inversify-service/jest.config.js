// A user's jest config: no module mapping, no ESM flags; @osauth/* are the built packages.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'inversify-service',
  testEnvironment: 'node',
  // Decorators (@injectable, @inject) need the TypeScript decorator syntax, as in any inversify app.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true } } }] },
};
