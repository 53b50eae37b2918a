import { Injectable } from '@nestjs/common';
import type {
  NewRefreshToken,
  RefreshTokenRepository,
  StoredRefreshToken,
} from '../../domain/refresh-token.repository.port';
import { duringOutageAnswer503 } from './database-outage';
import { PrismaService } from './prisma.service';

@Injectable()
export class PrismaRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  async save(token: NewRefreshToken): Promise<void> {
    await duringOutageAnswer503(
      this.prisma.refreshToken.create({ data: token, select: { id: true } }),
    );
  }

  findByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    return duringOutageAnswer503(
      this.prisma.refreshToken.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          familyId: true,
          userId: true,
          expiresAt: true,
          usedAt: true,
          revokedAt: true,
        },
      }),
    );
  }

  async markUsed(id: string, at: Date): Promise<boolean> {
    // Conditional update: of two concurrent refreshes with one token, exactly one wins.
    const { count } = await duringOutageAnswer503(
      this.prisma.refreshToken.updateMany({
        where: { id, usedAt: null, revokedAt: null },
        data: { usedAt: at },
      }),
    );
    return count === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await duringOutageAnswer503(
      this.prisma.refreshToken.updateMany({
        where: { familyId, revokedAt: null },
        data: { revokedAt: at },
      }),
    );
  }
}
