/**
 * The counter server as a real process on loopback: `POST /rpc?from=c1` with a JSON body is
 * `CounterServer.handle`; `GET /state` returns the data and the applied log. `--dedup none|error|ack`
 * picks the server's behaviour; `--lose-first-reply` applies the first push but never answers it (the
 * socket stays silent until the client gives up), the real counterpart of the `lost-reply` fault.
 * Prints `listening PORT` once ready.
 */
import { createServer } from 'node:http';
import { CounterServer, type Dedup } from './server.ts';

const dedup = (process.argv[process.argv.indexOf('--dedup') + 1] ?? 'ack') as Dedup;
let loseNext = process.argv.includes('--lose-first-reply');
const server = new CounterServer(dedup);

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/state') {
      res.end(JSON.stringify({ data: server.data, applied: server.applied }));
      return;
    }
    const from = new URL(req.url ?? '/', 'http://x').searchParams.get('from') ?? '?';
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end(JSON.stringify({ ok: false, error: 'bad json' }));
      return;
    }
    const reply = server.handle(from, body);
    if (loseNext && (body as { type?: string }).type === 'push') {
      loseNext = false;
      return; // applied, never answered
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply));
  });
});
http.listen(0, '127.0.0.1', () => {
  const addr = http.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr !== null ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => {
  http.closeAllConnections();
  http.close(() => process.exit(0));
});
