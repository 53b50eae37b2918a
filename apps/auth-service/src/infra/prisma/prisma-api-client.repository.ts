import { Injectable } from '@nestjs/common';
import type {
  ApiClient,
  ApiClientRepository,
} from '../../domain/api-client.repository.port';
import { duringOutageAnswer503 } from './database-outage';
import { PrismaService } from './prisma.service';

@Injectable()
export class PrismaApiClientRepository implements ApiClientRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByClientId(clientId: string): Promise<ApiClient | null> {
    const row = await duringOutageAnswer503(
      this.prisma.apiClient.findUnique({
        where: { clientId },
        select: {
          clientId: true,
          secretHash: true,
          scopes: true,
          revokedAt: true,
        },
      }),
    );
    return (
      row && {
        clientId: row.clientId,
        secretHash: row.secretHash,
        scopes: row.scopes,
        revoked: row.revokedAt !== null,
      }
    );
  }
}
