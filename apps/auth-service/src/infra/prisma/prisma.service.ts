import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { prismaPgAdapter } from '@video-streaming/postgres';
import { APP_CONFIG, type AuthConfig } from '../../config';
import { PrismaClient } from './generated';

/** The generated client over node-postgres, on the users, clients and refresh tokens. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AuthConfig) {
    super({ adapter: prismaPgAdapter(config.databaseUrl, 10) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
