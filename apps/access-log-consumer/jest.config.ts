export default {
  displayName: 'access-log-consumer',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    // Only our TypeScript: the generated Prisma client is plain CommonJS already.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  transformIgnorePatterns: ['/node_modules/', '/generated/', '\\.cjs$'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/access-log-consumer',
  // The integration specs share one topic and one table and some stop PostgreSQL: one at a time.
  maxWorkers: 1,
  testTimeout: 30_000,
};
