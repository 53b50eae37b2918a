import { pgPoolSettings, splitDatabaseUrl } from './pg-settings';

describe('the database URL', () => {
  it('gives Prisma’s ?schema= to the search path, not to the server', () => {
    expect(
      splitDatabaseUrl('postgresql://app@db:5432/video_streaming?schema=auth'),
    ).toEqual({
      connectionString: 'postgresql://app@db:5432/video_streaming',
      schema: 'auth',
    });
    expect(splitDatabaseUrl('postgresql://db/v').schema).toBe('public');
  });

  it('keeps the other parameters', () => {
    expect(
      splitDatabaseUrl('postgresql://db/v?schema=a&sslmode=require')
        .connectionString,
    ).toBe('postgresql://db/v?sslmode=require');
  });
});

describe('the pool settings', () => {
  it('bound connecting and each query, and quote the schema in the search path', () => {
    const { pool, schema } = pgPoolSettings(
      'postgresql://db/v?schema=odd"name',
      7,
    );
    expect(schema).toBe('odd"name');
    expect(pool).toEqual({
      connectionString: 'postgresql://db/v',
      max: 7,
      connectionTimeoutMillis: 5_000,
      query_timeout: 30_000,
      options: '-c search_path="odd""name"',
    });
  });
});
