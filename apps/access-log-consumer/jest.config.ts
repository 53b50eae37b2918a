import { jestProject } from '../../jest.shared.js';

export default jestProject('apps/access-log-consumer', {
  // The integration specs share one topic and one table and some stop PostgreSQL: one at a time.
  maxWorkers: 1,
  testTimeout: 30_000,
});
