import { jestProject } from '../../jest.shared.js';

export default jestProject('apps/stream-service', {
  // Integration specs talk to the real Kafka and S3; a consumer group join alone takes seconds.
  testTimeout: 60_000,
});
