import { describe, expect, it } from 'vitest';
import { clientKey, logsKey } from './fingerprint.ts';
import type { Client } from './state.ts';

const client = (local: string[]): Client => ({ local, staged: [], landed: 0, origin: 0, base: 0, push: null, behind: false, read: { origin: [], staged: [], local: [] } as unknown as Client['read'] });

describe('grove-local fingerprint', () => {
  it('tells apart clients whose local pages differ only in where one name ends (pages=p,pq)', () => {
    // Joined without a separator, both were "ppq": two states merged into one, a state lost to the search.
    const a = client(['p', 'pq']);
    const b = client(['pp', 'q']);
    expect(logsKey(a)).not.toBe(logsKey(b));
    expect(clientKey(a)).not.toBe(clientKey(b));
  });
});
