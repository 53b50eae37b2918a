import { jestProject } from '../../jest.shared.js';

export default jestProject('apps/transcode-worker', {
  // The integration specs share the stack's topic and bucket, and ffmpeg wants both cores: one at a time.
  maxWorkers: 1,
  testTimeout: 120_000,
});
