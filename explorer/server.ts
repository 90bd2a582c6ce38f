/**
 * The explorer's HTTP server: `node:http`, bound to 127.0.0.1 only, serving the page at `/` and the
 * JSON API (`api.ts`) under `/api/`. For one person on one machine: requests are handled one at a
 * time, in order (a search blocks the server for up to its budget), and the session lives in memory.
 *
 * Defences, since the API can write files (`/api/save`): the socket listens on the loopback address
 * only; a request whose `Host` is not the loopback address (or `localhost`) at our port is refused
 * with 403, which stops DNS-rebinding pages; a cross-site POST is refused by its `Origin`; bodies are
 * capped at `MAX_BODY` bytes and `BODY_TIMEOUT_MS`, and read in full *before* the request joins the
 * one-at-a-time queue, so a client that stalls mid-body holds up no one else. Nothing a client sends
 * can crash the server: every error becomes a 4xx or 500 response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Explorer, type ExplorerOptions } from './api.ts';
import { explorerPage } from './page/page.ts';

/** The only address the explorer listens on. */
export const HOST = '127.0.0.1';

/** Largest request body accepted (a scenario file, pasted). */
export const MAX_BODY = 2 * 1024 * 1024;

/** A running explorer. */
export interface RunningExplorer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  readonly explorer: Explorer;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Longest time a request body may take to arrive, from the request's headers to its last byte. */
export const BODY_TIMEOUT_MS = 10_000;

class TooLarge extends Error {}
class TooSlow extends Error {}

/**
 * Reads a body as UTF-8, within `MAX_BODY` bytes and `timeoutMs`. A body announced or grown past
 * `MAX_BODY` is refused at once (413); one that has not ended in time is refused (408). Either way
 * nothing more is stored, and the caller closes the connection after answering.
 */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const announced = Number(req.headers['content-length'] ?? 0);
    if (announced > MAX_BODY) return reject(new TooLarge(`request body over ${MAX_BODY} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => reject(new TooSlow(`request body not received within ${timeoutMs / 1000} s`)), timeoutMs);
    const settle = () => clearTimeout(timer);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else {
        settle();
        reject(new TooLarge(`request body over ${MAX_BODY} bytes`));
      }
    });
    req.on('end', () => {
      settle();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      settle();
      reject(e);
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}

function allowedHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `${HOST}:${port}` || host === `localhost:${port}`;
}

/** Serializes the handling of requests: one at a time, in arrival order. */
function queue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Starts an explorer on 127.0.0.1:`port` (0: any free port). Resolves once it listens; rejects
 * when the port cannot be had (EADDRINUSE, …) or the starting scenario cannot be read.
 */
export async function startExplorer(options: ExplorerOptions & { readonly port?: number; readonly bodyTimeoutMs?: number } = {}): Promise<RunningExplorer> {
  const explorer = new Explorer(options);
  const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const page = explorerPage();
  const serial = queue();
  let port = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (!allowedHost(req, port)) {
      send(res, 403, 'text/plain', `refused: Host must be ${HOST}:${port} or localhost:${port}`);
      return;
    }
    const origin = req.headers.origin;
    if (req.method === 'POST' && origin !== undefined && origin !== `http://${HOST}:${port}` && origin !== `http://localhost:${port}`) {
      send(res, 403, 'text/plain', `refused: cross-origin request from ${origin}`);
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
      return send(res, 200, 'text/html', page);
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, 'text/plain', `not found: ${url.pathname}`);
    // The body is read before the request is queued: a stalled upload never blocks other calls.
    void (async () => {
      let body: unknown;
      try {
        const text = req.method === 'POST' ? await readBody(req, bodyTimeoutMs) : '';
        if (text.trim() !== '') {
          try {
            body = JSON.parse(text);
          } catch (e) {
            return send(res, 400, 'application/json', JSON.stringify({ error: `the request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }));
          }
        }
      } catch (e) {
        const status = e instanceof TooLarge ? 413 : e instanceof TooSlow ? 408 : 400;
        res.setHeader('connection', 'close');
        send(res, status, 'application/json', JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
        req.socket.destroySoon();
        return;
      }
      await serial(async () => {
        const r = await explorer.handle(req.method ?? 'GET', url.pathname, body);
        send(res, r.status, r.type, r.body);
      });
    })().catch((e: unknown) => send(res, 500, 'application/json', JSON.stringify({ error: `internal error: ${e instanceof Error ? e.message : String(e)}` })));
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    explorer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
