#!/usr/bin/env node
// A Maelstrom lin-kv node in JavaScript, run by `node` as a stand-in for a compiled binary. Same
// design as lin_kv.py: the first node of node_ids serves everything; --stale-reads lets followers
// answer reads from their own replica (a planted stale-read bug).
import { createInterface } from 'node:readline';

const STALE = process.argv.includes('--stale-reads');
let nodeId = null;
let nodes = [];
const data = new Map();
let nextId = 0;
const relays = new Map();

function send(dest, body) {
  nextId += 1;
  process.stdout.write(JSON.stringify({ src: nodeId, dest, body: { ...body, msg_id: nextId } }) + '\n');
  return nextId;
}
const reply = (req, body) => send(req.src, { ...body, in_reply_to: req.body.msg_id });

function replicate(key) {
  for (const n of nodes.slice(1)) send(n, { type: 'replicate', key, value: data.get(JSON.stringify(key)) });
}

function apply(body) {
  const key = JSON.stringify(body.key);
  if (body.type === 'read') return data.has(key) ? { type: 'read_ok', value: data.get(key) } : { type: 'error', code: 20, text: 'no such key' };
  if (body.type === 'write') {
    data.set(key, body.value);
    replicate(body.key);
    return { type: 'write_ok' };
  }
  if (!data.has(key)) return { type: 'error', code: 20, text: 'no such key' };
  if (JSON.stringify(data.get(key)) !== JSON.stringify(body.from)) return { type: 'error', code: 22, text: `had ${JSON.stringify(data.get(key))}` };
  data.set(key, body.to);
  replicate(body.key);
  return { type: 'cas_ok' };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line);
  const body = msg.body;
  switch (body.type) {
    case 'init':
      nodeId = body.node_id;
      nodes = body.node_ids;
      process.stderr.write(`${nodeId} initialized; stale reads: ${STALE}\n`);
      reply(msg, { type: 'init_ok' });
      break;
    case 'read':
    case 'write':
    case 'cas':
      if (nodeId === nodes[0] || (STALE && body.type === 'read')) reply(msg, apply(body));
      else relays.set(send(nodes[0], { type: 'forward', request: body }), msg);
      break;
    case 'forward':
      reply(msg, { type: 'forward_ok', result: apply(body.request) });
      break;
    case 'forward_ok': {
      const req = relays.get(body.in_reply_to);
      relays.delete(body.in_reply_to);
      reply(req, body.result);
      break;
    }
    case 'replicate':
      data.set(JSON.stringify(body.key), body.value);
      break;
  }
});
