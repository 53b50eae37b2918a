export default {
  displayName: 'transcode-worker',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/transcode-worker',
  // The integration specs share the stack's topic and bucket, and ffmpeg wants both cores: one at a time.
  maxWorkers: 1,
  testTimeout: 120_000,
};
