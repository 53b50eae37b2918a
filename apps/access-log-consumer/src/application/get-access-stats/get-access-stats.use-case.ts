import { Inject, Injectable } from '@nestjs/common';
import type { AccessStats } from '../../domain/access-log-query';
import {
  ACCESS_LOG_REPOSITORY,
  type AccessLogRepository,
} from '../../domain/access-log.repository.port';

@Injectable()
export class GetAccessStatsUseCase {
  constructor(
    @Inject(ACCESS_LOG_REPOSITORY)
    private readonly repository: AccessLogRepository,
  ) {}

  execute(videoKey: string): Promise<AccessStats> {
    return this.repository.stats(videoKey);
  }
}
