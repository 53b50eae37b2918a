const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // CommonJS runs as written (libs/dev-stack's test-support.cjs): nothing for ts-jest to compile.
  transformIgnorePatterns: ['/node_modules/', '\\.cjs$'],
};
