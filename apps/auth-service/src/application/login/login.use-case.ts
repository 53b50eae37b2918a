import { Inject, Injectable } from '@nestjs/common';
import { InvalidCredentialsError } from '../../domain/auth.errors';
import type { Credentials } from '../../domain/credentials';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
} from '../../domain/password-hasher.port';
import {
  USER_REPOSITORY,
  type UserRepository,
} from '../../domain/user.repository.port';
import {
  SessionIssuer,
  type SessionTokens,
} from '../access-token/session-issuer';

/** Email and password in, a new session (access + refresh token family) out. */
@Injectable()
export class LoginUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute({ email, password }: Credentials): Promise<SessionTokens> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      // Same cost as a wrong password: the response time does not reveal unknown addresses.
      await this.hasher.verifyDummy(password);
      throw new InvalidCredentialsError();
    }
    if (!(await this.hasher.verify(user.passwordHash, password)))
      throw new InvalidCredentialsError();
    return this.sessions.issue(user);
  }
}
