import type { AppConfig } from '../config/app-config';

/** The health routes of this service; /health is readiness under its older name. */
export type HealthPath = '/health/live' | '/health/ready';

/**
 * Where this process serves `path`, seen from the same host (a container's HEALTHCHECK): PORT for api
 * and all processes, HEALTH_PORT for a worker; undefined for a worker without HEALTH_PORT. A wildcard
 * HOST is reached on the loopback address.
 */
export function healthUrl(config: AppConfig, path: HealthPath): string | undefined {
  const port = config.APP_ROLE === 'worker' ? config.HEALTH_PORT : config.PORT;
  if (port === 0) return undefined;
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
}
