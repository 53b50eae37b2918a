export interface ApiClient {
  clientId: string;
  secretHash: string;
  scopes: string[];
  revoked: boolean;
}

export interface ApiClientRepository {
  findByClientId(clientId: string): Promise<ApiClient | null>;
}

export const API_CLIENT_REPOSITORY = Symbol('API_CLIENT_REPOSITORY');
