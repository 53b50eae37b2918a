export default {
  displayName: 'stream-service',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Integration specs talk to the real Kafka and S3; a consumer group join alone takes seconds.
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/stream-service',
};
