export default {
  displayName: 'auth-service',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // The generated Prisma client is plain CommonJS already.
  transformIgnorePatterns: [
    '/node_modules/',
    '/infra/prisma/generated/',
    '\\.cjs$', // libs/dev-stack's test-support.cjs
  ],
  // Integration specs hash passwords (argon2id) and talk to the real PostgreSQL.
  testTimeout: 30_000,
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/auth-service',
};
