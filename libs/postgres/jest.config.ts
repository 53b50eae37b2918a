import { jestProject } from '../../jest.shared.js';

export default jestProject('libs/postgres');
