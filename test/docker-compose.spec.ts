import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { AppConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/load-config';
import { healthUrl } from '../src/health/health-url';

/** No Docker engine runs in CI: the compose file is checked as data, against what semflow needs. */
describe('docker-compose.yml', () => {
  const root = path.resolve(__dirname, '..');
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services = compose.services;

  it('runs Postgres from the official pgvector image, Redis, an api and a worker; the generator on request', () => {
    const always = Object.keys(services).filter((name) => !services[name].profiles);
    expect(always.sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(services.generator.profiles).toEqual(['generator']);
    expect(services.postgres.image).toMatch(/^pgvector\/pgvector:pg1[5-9]/);
  });

  it('configures Redis for BullMQ: noeviction and append-only persistence on a volume', () => {
    const command: string[] = services.redis.command;
    expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
    expect(services.redis.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
  });

  it('builds api and worker from the same image and gives them valid semflow settings', () => {
    expect(services.api.image).toBe(services.worker.image);
    expect(services.api.environment.APP_ROLE).toBe('api');
    expect(services.worker.environment.APP_ROLE).toBe('worker');
    for (const name of ['api', 'worker']) {
      const env = services[name].environment as Record<string, string>;
      const config: AppConfig = loadConfig(env);
      expect(config.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(config.REDIS_URL).toBe('redis://redis:6379');
      expect(services[name].volumes).toContain(`./models:${env.MODELS_DIR}:ro`);
      expect(services[name].depends_on.postgres.condition).toBe('service_healthy');
      expect(services[name].depends_on.redis.condition).toBe('service_healthy');
    }
  });

  it('publishes the metrics port of the worker, as its METRICS_PORT says', () => {
    const worker: AppConfig = loadConfig(services.worker.environment);
    expect(worker.METRICS_PORT).toBeGreaterThan(0);
    expect(services.worker.ports).toContain(`${worker.METRICS_PORT}:${worker.METRICS_PORT}`);
  });

  it("checks api and worker with the image's readiness check, on the port each role serves health on", () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const imageCheck = /^HEALTHCHECK .*CMD (\[.*\])$/m.exec(dockerfile)![1];
    expect(JSON.parse(imageCheck)).toEqual(['node', 'dist/src/cli/healthcheck.js']);
    for (const name of ['api', 'worker']) {
      const healthcheck = services[name].healthcheck;
      expect(healthcheck.test).toEqual(['CMD', ...JSON.parse(imageCheck)]);
      expect(healthcheck.start_period).toBeDefined();
      const config: AppConfig = loadConfig(services[name].environment);
      expect(healthUrl(config, '/health/ready')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health\/ready$/);
    }
    const worker: AppConfig = loadConfig(services.worker.environment);
    expect(worker.HEALTH_PORT).toBeGreaterThan(0);
    expect(worker.HEALTH_PORT).not.toBe(worker.METRICS_PORT);
    expect(services.generator.healthcheck).toEqual({ disable: true });
  });

  it('runs every process under an init that forwards signals and reaps children', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/apt-get install -y --no-install-recommends tini\b/);
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    // The generator's entrypoint replaces the image's: it gets Docker's init instead.
    expect(services.generator.entrypoint[0]).not.toBe('/usr/bin/tini');
    expect(services.generator.init).toBe(true);
    for (const name of ['api', 'worker']) expect(services[name].entrypoint).toBeUndefined();
  });

  it('lets other programs reach Postgres, and runs the generator against the same database', () => {
    expect(services.postgres.ports).toContain('5432:5432');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const [, script] = services.generator.entrypoint;
    expect(pkg.scripts.generate).toContain(script);
    expect(services.generator.image).toBe(services.worker.image);
    expect(services.generator.environment.DATABASE_URL).toBe(services.worker.environment.DATABASE_URL);
    expect(services.generator.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('points the Dockerfile at the compiled entry point the package scripts use', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toContain('dist/src/main.js');
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
    expect(services.api.ports).toContain(`3000:${services.api.environment.PORT}`);
  });
});
