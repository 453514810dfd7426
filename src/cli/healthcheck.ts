/**
 * `node dist/src/cli/healthcheck.js [--live]`: the Docker image's HEALTHCHECK. Asks the service of the
 * same container, with the same settings, whether it is ready (or, with --live, up).
 */
import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import { healthUrl } from '../health/health-url';
import { CliFailure, runCommand } from './cli-command';
import { CommandLine, CommandSpec } from './command-line';

/** Below Docker's default HEALTHCHECK timeout (30 s) and the compose file's (5 s), so a slow answer is reported rather than killed. */
const ANSWER_TIMEOUT_MS = 4000;

const HEALTHCHECK_COMMAND: CommandSpec = {
  name: 'healthcheck',
  usage: `usage: node dist/src/cli/healthcheck.js [--live] [--help | --version]

Asks the service running with the same settings on this host for GET /health/ready (with --live:
/health/live): on PORT for APP_ROLE=api and all, on HEALTH_PORT for APP_ROLE=worker. Prints what is
down. Exit codes: 0 answered 200, 1 anything else (not ready, no answer, a worker without HEALTH_PORT),
2 usage error.`,
  options: { live: { type: 'boolean' } },
};

/** The components a health answer reports down, by name. */
function downIn(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body).flatMap(([name, entry]) => (entry?.status === 'down' ? [name] : []));
}

async function main(line: CommandLine): Promise<number> {
  const path = line.values.live ? '/health/live' : '/health/ready';
  const url = healthUrl(loadConfig(), path);
  if (!url) throw new CliFailure('a worker serves health only with HEALTH_PORT set', 1);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
  } catch {
    throw new CliFailure(`${path}: no answer`, 1);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 200) {
    const down = downIn(body);
    throw new CliFailure(`${path} answered ${response.status}${down.length ? `; down: ${down.join(', ')}` : ''}`, 1);
  }
  console.log(`${path}: ok`);
  return 0;
}

runCommand(HEALTHCHECK_COMMAND, main);
