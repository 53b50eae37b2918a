// One Jest configuration for every project of apps/ and libs/: each jest.config.ts is one call,
// `export default jestProject('apps/<name>', { what this project changes })`. CommonJS with its
// extension spelled out, so that both Jest's native TypeScript loading and ts-node can import it.
const { basename } = require('node:path');

/**
 * @param {string} dir the project's folder from the repository root, e.g. `libs/auth`
 * @param {import('jest').Config} [overrides] what differs (test timeout, workers)
 * @returns {import('jest').Config}
 */
function jestProject(dir, overrides = {}) {
  return {
    displayName: basename(dir),
    preset: '../../jest.preset.js',
    testEnvironment: 'node',
    transform: {
      '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    },
    // The generated Prisma clients and libs/dev-stack's test-support.cjs are plain CommonJS already.
    transformIgnorePatterns: ['/node_modules/', '/generated/', '\\.cjs$'],
    moduleFileExtensions: ['ts', 'js', 'html'],
    coverageDirectory: `../../coverage/${dir}`,
    ...overrides,
  };
}

module.exports = { jestProject };
