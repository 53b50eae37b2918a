import { Injectable } from '@nestjs/common';
import type {
  UserAccount,
  UserRepository,
} from '../../domain/user.repository.port';
import { Prisma } from './generated';
import { duringOutageAnswer503 } from './database-outage';
import { PrismaService } from './prisma.service';

const ACCOUNT = {
  id: true,
  email: true,
  passwordHash: true,
  scopes: true,
} as const;

@Injectable()
export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByEmail(email: string): Promise<UserAccount | null> {
    return duringOutageAnswer503(
      this.prisma.user.findUnique({ where: { email }, select: ACCOUNT }),
    );
  }

  findById(id: string): Promise<UserAccount | null> {
    return duringOutageAnswer503(
      this.prisma.user.findUnique({ where: { id }, select: ACCOUNT }),
    );
  }

  async create(email: string, passwordHash: string): Promise<boolean> {
    try {
      await duringOutageAnswer503(
        this.prisma.user.create({
          data: { email, passwordHash },
          select: { id: true },
        }),
      );
      return true;
    } catch (error) {
      // Unique violation on email: the address is taken (possibly by a concurrent request).
      if (
        error instanceof Prisma.PrismaClientKnownRequestError &&
        error.code === 'P2002'
      )
        return false;
      throw error;
    }
  }
}
