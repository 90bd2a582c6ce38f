import { describe, expect, it } from 'vitest';
import { groveService } from './grove.ts';
import { lsnCas } from '../../model/grove/variants/standard.ts';
import type { Body } from '../protocol/message.ts';

const ask = (svc: ReturnType<typeof groveService>, body: Omit<Body, 'msg_id'>, lose = false, t = 0) => svc.handle({ src: 'n1', dest: 'grove', body: { ...body, msg_id: 9 } as Body }, t, lose);

describe('the grove service (the remote, backed by the model primitives)', () => {
  it('push by Append + CAS; a stale CAS is a definite error with where the ref is', () => {
    const s = groveService(lsnCas);
    expect(ask(s, { type: 'pull', ref: 'main' })).toEqual({ type: 'pull_ok', in_reply_to: 9, at: { log: 'a', lsn: 0 }, tip: 0 });
    expect(ask(s, { type: 'append', log: 'a', lsn: 1, commit: '1.1' })).toEqual({ type: 'append_ok', in_reply_to: 9 });
    expect(ask(s, { type: 'append', log: 'a', lsn: 1, commit: '2.1' })).toMatchObject({ type: 'error', code: 22, reason: 'conflict' });
    expect(ask(s, { type: 'cas', ref: 'main', expected: { log: 'a', lsn: 0 }, next: { log: 'a', lsn: 1 } })).toMatchObject({ type: 'cas_ok', actual: { log: 'a', lsn: 1 } });
    expect(ask(s, { type: 'cas', ref: 'main', expected: { log: 'a', lsn: 0 }, next: { log: 'a', lsn: 1 } })).toMatchObject({ type: 'error', code: 22, actual: { log: 'a', lsn: 1 } });
    expect(ask(s, { type: 'branch', from: { log: 'a', lsn: 1 }, to: 'a', commit: '3.1' })).toMatchObject({ type: 'error', code: 21 });
    expect(ask(s, { type: 'frobnicate' })).toMatchObject({ type: 'error', code: 12 });
  });

  it('a lost reply applies the request and answers the indefinite timeout error', () => {
    const s = groveService(lsnCas);
    expect(ask(s, { type: 'append', log: 'a', lsn: 1, commit: '1.1' }, true)).toMatchObject({ type: 'error', code: 0 });
    expect(ask(s, { type: 'pull', ref: 'main' })).toMatchObject({ tip: 1 });
    expect(s.records().map((r) => r.type)).toEqual(['meta', 'invoke', 'info', 'invoke', 'ok']);
  });
});
