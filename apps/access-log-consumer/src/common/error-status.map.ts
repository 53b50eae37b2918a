import type { ErrorStatusMap } from '@video-streaming/platform';
import { INVALID_CURSOR } from '../application/list-access-logs/list-access-logs.use-case';

export const errorStatusMap: ErrorStatusMap = {
  [INVALID_CURSOR]: 400,
};
