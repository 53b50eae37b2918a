import { jestProject } from '../../jest.shared.js';

export default jestProject('apps/auth-service', {
  // Integration specs hash passwords (argon2id) and talk to the real PostgreSQL.
  testTimeout: 30_000,
});
