import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig, DATASQRL_COMPAT_DEFAULTS } from './app-config';

/** Thrown for invalid settings; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Settings whose values are never shown, not even in an error about them: the keys and secrets, and the URLs,
 * which may carry a password (a malformed one cannot be parsed to hide just that).
 */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(['ADMIN_API_KEY', 'API_KEYS', 'JWT_SECRET', 'DATABASE_URL', 'REDIS_URL']);

const describe = (error: ValidationError): string => {
  const reasons = Object.values(error.constraints ?? {});
  const shown = SECRET_SETTINGS.has(error.property)
    ? `(hidden, ${String(error.value ?? '').length} characters)`
    : typeof error.value === 'string'
      ? JSON.stringify(error.value)
      : String(error.value);
  return `${error.property}=${shown}: ${reasons.join(', ')}`;
};

/** Reads the settings from an environment (process.env by default), applies defaults, validates. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const preset = env.COMPAT_MODE?.trim() === 'datasqrl' ? DATASQRL_COMPAT_DEFAULTS : {};
  // A production service answers no introspection unless GRAPHQL_INTROSPECTION says so.
  const inProduction = env.NODE_ENV?.trim() === 'production';
  const production = inProduction ? { GRAPHQL_INTROSPECTION: 'false' } : {};
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const config = plainToInstance(AppConfig, { ...preset, ...production, ...given }, { exposeDefaultValues: true });
  // whitelist drops every variable AppConfig does not declare.
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.map(describe));
  if (config.HEALTH_PORT > 0 && config.HEALTH_PORT === config.METRICS_PORT) {
    throw new ConfigError([`HEALTH_PORT=${config.HEALTH_PORT}: a worker's health and metrics listeners need ports of their own; give METRICS_PORT another one`]);
  }
  if (inProduction && !config.DATABASE_URL && !config.EMBEDDED_DATABASE_IN_PRODUCTION) {
    throw new ConfigError([
      'DATABASE_URL is unset with NODE_ENV=production: the embedded database does not flush writes to disk (it survives a crash of the process, not a power loss); set DATABASE_URL to PostgreSQL with pgvector, or EMBEDDED_DATABASE_IN_PRODUCTION=true to accept that',
    ]);
  }
  return Object.freeze(config);
}

/** TRUST_PROXY as Express's `trust proxy` takes it: a boolean, a hop count, or the addresses. */
export function trustProxyOf(config: AppConfig): boolean | number | string {
  const value = config.TRUST_PROXY.trim();
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
