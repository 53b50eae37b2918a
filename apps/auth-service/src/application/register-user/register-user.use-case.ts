import { Inject, Injectable } from '@nestjs/common';
import type { Credentials } from '../../domain/credentials';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
} from '../../domain/password-hasher.port';
import {
  USER_REPOSITORY,
  type UserRepository,
} from '../../domain/user.repository.port';

/**
 * Creates an account with the default scopes. A taken address gets the same answer as a new one
 * (the controller answers 202 either way) and costs the same hash, so registering cannot be used
 * to find out who has an account.
 */
@Injectable()
export class RegisterUserUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute({ email, password }: Credentials): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.users.create(email, passwordHash);
  }
}
