export interface UserAccount {
  id: string;
  email: string;
  passwordHash: string;
  scopes: string[];
}

export interface UserRepository {
  findByEmail(email: string): Promise<UserAccount | null>;
  findById(id: string): Promise<UserAccount | null>;
  /** Returns false when the address is already taken. */
  create(email: string, passwordHash: string): Promise<boolean>;
}

export const USER_REPOSITORY = Symbol('USER_REPOSITORY');
