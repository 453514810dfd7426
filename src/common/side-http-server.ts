import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { oneLine, StartupError } from './startup-error';

/** What a route of a SideHttpServer answers. */
export interface SideAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface SideHttpServerOptions {
  /** What is served, for messages: "metrics", "health". */
  what: string;
  /** The setting that chose the port, named when it cannot be listened on. */
  portSetting: string;
  host: string;
  port: number;
  /** GET (and HEAD) routes by exact path; the query string is ignored. */
  routes: ReadonlyMap<string, () => Promise<SideAnswer>>;
  /** Told about a route that threw; the client gets a plain 500 without the error. */
  onError: (error: unknown) => void;
}

const plain = 'text/plain; charset=utf-8';

/**
 * A small HTTP listener of a worker process, which has no Nest HTTP server: a few fixed GET routes, 404
 * for every other path and 405 for other methods. Shared by the worker's metrics and health listeners.
 */
export class SideHttpServer {
  private server?: Server;

  constructor(private readonly options: SideHttpServerOptions) {}

  get url(): string {
    return `http://${this.options.host}:${this.options.port}`;
  }

  /** Listens, or fails with a StartupError naming the port setting (a port in use, say). */
  async listen(): Promise<void> {
    const { host, port, portSetting, what } = this.options;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new StartupError(`cannot serve ${what} on ${host}:${port} (${portSetting}): ${oneLine(error)}`)));
      server.listen(port, host, () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // A poller's keep-alive connection must not hold the shutdown up.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = this.options.routes.get((request.url ?? '').split('?')[0]);
    if (!route) {
      response.writeHead(404, { 'content-type': plain }).end('not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': plain }).end('method not allowed\n');
      return;
    }
    try {
      const { status, contentType, body } = await route();
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.options.onError(error);
      response.writeHead(500, { 'content-type': plain }).end(`could not serve ${this.options.what}\n`);
    }
  }
}
