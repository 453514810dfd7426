import { AppConfig } from './app-config';
import { ConfigError, loadConfig, trustProxyOf } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.APP_ROLE).toBe('all');
    expect(config.PORT).toBe(3000);
    expect(config.METRICS_PORT).toBe(0);
    expect(config.HEALTH_PORT).toBe(0);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.EMBEDDING_MODEL).toBe('all-MiniLM-L6-v2');
    expect(config.EMBEDDING_PRECISION).toBe('int8');
    expect(config.EMBEDDING_MAX_TOKENS).toBe(256);
  });

  it('converts numbers and booleans from their string form', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', WORKER_CONCURRENCY: '4' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.WORKER_CONCURRENCY).toBe(4);
  });

  it('bounds the embedding queue and the statement time by default; 0 turns each bound off', () => {
    const defaults = loadConfig({});
    expect([defaults.EMBEDDING_QUEUE_MAX_TEXTS, defaults.EMBEDDING_REQUEST_TIMEOUT_MS, defaults.DATABASE_STATEMENT_TIMEOUT_MS]).toEqual([10000, 30000, 30000]);
    const off = loadConfig({ EMBEDDING_QUEUE_MAX_TEXTS: '0', EMBEDDING_REQUEST_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '0' });
    expect([off.EMBEDDING_QUEUE_MAX_TEXTS, off.EMBEDDING_REQUEST_TIMEOUT_MS, off.DATABASE_STATEMENT_TIMEOUT_MS]).toEqual([0, 0, 0]);
    expect(() => loadConfig({ EMBEDDING_QUEUE_MAX_TEXTS: '-1' })).toThrow('EMBEDDING_QUEUE_MAX_TEXTS=');
    expect(() => loadConfig({ EMBEDDING_REQUEST_TIMEOUT_MS: '1.5' })).toThrow('EMBEDDING_REQUEST_TIMEOUT_MS=');
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow('DATABASE_STATEMENT_TIMEOUT_MS=');
  });

  it('treats an empty DATABASE_URL or REDIS_URL as unset (embedded defaults)', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: ' ' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['METRICS_PORT', '-1'],
    ['HEALTH_PORT', '65536'],
    ['APP_ROLE', 'scheduler'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'redis://:pw@cache:port'],
    ['DATABASE_URL', 'postgres://'],
    ['EMBEDDING_PRECISION', 'fp16'],
    ['EMBEDDING_MODELS_BY_ENTITY', 'event:ascii-test'],
    ['MIGRATIONS_RUN', 'maybe'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(1);
    expect((error as ConfigError).message).toContain(`${name}=`);
  });

  it("refuses one port for a worker's health and metrics listeners", () => {
    expect(loadConfig({ HEALTH_PORT: '9465', METRICS_PORT: '9464' }).HEALTH_PORT).toBe(9465);
    expect(() => loadConfig({ HEALTH_PORT: '9464', METRICS_PORT: '9464' })).toThrow(/HEALTH_PORT=9464: .*METRICS_PORT/);
    expect(loadConfig({ HEALTH_PORT: '0', METRICS_PORT: '0' }).HEALTH_PORT).toBe(0);
  });

  it('never shows the value of a URL or key it refuses, which may hold a password', () => {
    const secrets = { DATABASE_URL: 'postgress://app:s3cret-pw@db/semflow', REDIS_URL: 'redis//:s3cret-pw@cache:6379', ADMIN_API_KEY: 's3cret-pw' };
    let message = '';
    try {
      loadConfig(secrets);
    } catch (e) {
      message = (e as ConfigError).message;
    }
    expect(message).toContain('DATABASE_URL=(hidden, 36 characters): DATABASE_URL must be a postgres:// or postgresql:// URL with a host');
    expect(message).toContain('REDIS_URL=(hidden, 28 characters)');
    expect(message).toContain('ADMIN_API_KEY=(hidden, 9 characters)');
    expect(message).not.toContain('s3cret');
  });

  it('hides API keys and the JWT secret in its errors, and names the bad entry by position', () => {
    const message = (() => {
      try {
        loadConfig({ API_KEYS: 'ok:s3cret-key-0123456789:read:talks,bad:s3cret-key-abcdefghij:read:everything', JWT_SECRET: 's3cret-short' });
      } catch (e) {
        return (e as ConfigError).message;
      }
      return '';
    })();
    expect(message).toMatch(/API_KEYS=\(hidden, \d+ characters\): API_KEYS entry 2 \(bad\) names an unknown scope/);
    expect(message).toContain('JWT_SECRET=(hidden, 12 characters): JWT_SECRET must be at least 32 characters');
    expect(message).not.toContain('s3cret');
  });

  it('never makes the financial scopes public, and opens the conference API in datasqrl mode', () => {
    expect(() => loadConfig({ PUBLIC_SCOPES: 'read:talks read:finance' })).toThrow(/PUBLIC_SCOPES=.*always need credentials/);
    expect(() => loadConfig({ PUBLIC_SCOPES: 'read:talks read:cards' })).toThrow(/PUBLIC_SCOPES=/);
    expect(loadConfig({}).PUBLIC_SCOPES).toBe('read:talks');
    expect(loadConfig({ COMPAT_MODE: 'datasqrl' }).PUBLIC_SCOPES).toBe('read:talks read:likes write:likes act:any-user');
  });

  it('takes one way of verifying tokens', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://issuer.example/jwks.json' })).toThrow(/JWT_SECRET or JWT_JWKS_URL, not both/);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/PORT=.*LOG_LEVEL=|LOG_LEVEL=.*PORT=/);
  });

  it('takes the agenda items the popular fallback offers, talks by default', () => {
    expect(loadConfig({}).RECOMMEND_POPULAR_ITEMS).toBe('talks');
    expect(loadConfig({ RECOMMEND_POPULAR_ITEMS: 'with-abstract' }).RECOMMEND_POPULAR_ITEMS).toBe('with-abstract');
    expect(() => loadConfig({ RECOMMEND_POPULAR_ITEMS: 'keynotes' })).toThrow(/RECOMMEND_POPULAR_ITEMS="keynotes"/);
  });

  it('ignores variables it does not know', () => {
    const config = loadConfig({ SOMETHING_ELSE: 'x' }) as unknown as Record<string, unknown>;
    expect(config.SOMETHING_ELSE).toBeUndefined();
  });

  it('turns introspection off by default when NODE_ENV=production, unless GRAPHQL_INTROSPECTION is set', () => {
    expect(loadConfig({}).GRAPHQL_INTROSPECTION).toBe(true);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db:5432/semflow' };
    expect(loadConfig(production).GRAPHQL_INTROSPECTION).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).GRAPHQL_INTROSPECTION).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).GRAPHQL_INTROSPECTION).toBe(true);
  });

  it('refuses the embedded database with NODE_ENV=production unless EMBEDDED_DATABASE_IN_PRODUCTION says so', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL is unset with NODE_ENV=production.*EMBEDDED_DATABASE_IN_PRODUCTION=true/);
    expect(loadConfig({ NODE_ENV: 'production', EMBEDDED_DATABASE_IN_PRODUCTION: 'true' }).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db:5432/semflow' }).EMBEDDED_DATABASE_IN_PRODUCTION).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).DATABASE_URL).toBeUndefined();
  });

  it("reads TRUST_PROXY as Express's trust proxy takes it, and refuses anything else", () => {
    expect(trustProxyOf(loadConfig({}))).toBe(false);
    expect(trustProxyOf(loadConfig({ TRUST_PROXY: 'true' }))).toBe(true);
    expect(trustProxyOf(loadConfig({ TRUST_PROXY: '2' }))).toBe(2);
    expect(trustProxyOf(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }))).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'x y' })).toThrow(/TRUST_PROXY must be/);
  });
});
