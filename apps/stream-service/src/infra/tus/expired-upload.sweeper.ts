import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type StreamConfig } from '../../config';
import { StagedUploadStore } from './staged-upload.store';

/**
 * Deletes abandoned uploads (the tus expiration extension only refuses them; their multipart
 * parts would stay in S3 and be billed). Every replica sweeps; the sweep is idempotent, so two
 * overlapping sweeps at worst repeat a delete.
 */
@Injectable()
export class ExpiredUploadSweeper
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(ExpiredUploadSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: StagedUploadStore,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep(),
      this.config.UPLOAD_CLEANUP_INTERVAL_SECONDS * 1000,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep at a time per process; returns how many uploads were deleted. */
  sweep(): Promise<number> {
    this.running ??= this.store
      .deleteExpired()
      .then((deleted) => {
        if (deleted) this.logger.log(`deleted ${deleted} expired uploads`);
        return deleted;
      })
      .catch((error: unknown) => {
        this.logger.warn(
          `expired-upload sweep failed: ${(error as Error).message}`,
        );
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
