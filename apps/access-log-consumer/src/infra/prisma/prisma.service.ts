import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { prismaPgAdapter } from '@video-streaming/postgres';
import { APP_CONFIG, type AppConfig } from '../../config';
import { PrismaClient } from './generated';

/** The generated client over node-postgres, on the access log's database. */
@Injectable()
export class PrismaService
  extends PrismaClient
  implements OnApplicationShutdown
{
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      adapter: prismaPgAdapter(
        config.ACCESS_LOG_DATABASE_URL,
        config.DATABASE_POOL_SIZE,
      ),
    });
  }

  /** After onModuleDestroy, where the consumer finishes (stores and commits) its batch in hand. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
