// A real node:http server on 127.0.0.1 for remote key set tests: each request is counted and
// answered by a handler the test can change at any time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests received, in order (their paths). */
  requests: string[];
  /** The request headers of the last request. */
  lastHeaders: IncomingMessage['headers'] | undefined;
  handle: Handler;
  close(): Promise<void>;
}

/** Answers with `body` as JSON, status 200 and optional headers. */
export function json(body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export async function startServer(handle: Handler): Promise<TestServer> {
  const state: TestServer = {
    origin: '',
    requests: [],
    lastHeaders: undefined,
    handle,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.url ?? '');
    state.lastHeaders = req.headers;
    state.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
