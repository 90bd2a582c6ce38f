/**
 * Small histories in the shapes the fast readers take, checked when the build writes the engine's
 * code cache (lin/engine-build.ts) and read when a run warms the checker up (lin/warm-up.ts).
 */

/** A register log and a kv log, each linearizable or not. */
export function sampleHistories(): string[] {
  const etcd = (bad: boolean): string =>
    [
      '0\t:invoke\t:write\t1',
      '1\t:invoke\t:read\tnil',
      '0\t:ok\t:write\t1',
      `1\t:ok\t:read\t${bad ? 3 : 1}`,
      '2\t:invoke\t:cas\t[1 2]',
      '0\t:invoke\t:cas\t[5 6]',
      '2\t:ok\t:cas\t[1 2]',
      '0\t:fail\t:cas\t[5 6]',
      '1\t:invoke\t:write\t4',
      '3\t:invoke\t:read\tnil',
      '1\t:info\t:write\t4',
      '3\t:fail\t:read\t:timed-out',
      '2\t:invoke\t:read\tnil',
      '2\t:ok\t:read\t2',
    ]
      .map((l) => `INFO  jepsen.util - ${l}`)
      .join('\n');
  const kv = (bad: boolean): string =>
    [
      [0, 'invoke', 'put', '1', '"x 0 0 y"'],
      [1, 'invoke', 'append', '2', '"x 1 0 y"'],
      [0, 'ok', 'put', '1', '"x 0 0 y"'],
      [1, 'ok', 'append', '2', '"x 1 0 y"'],
      [2, 'invoke', 'get', '1', 'nil'],
      [0, 'invoke', 'append', '1', '"x 0 1 y"'],
      [2, 'ok', 'get', '1', bad ? '"x 9 9 y"' : '"x 0 0 y"'],
      [0, 'ok', 'append', '1', '"x 0 1 y"'],
      [1, 'invoke', 'get', '2', 'nil'],
      [1, 'ok', 'get', '2', '"x 1 0 y"'],
      [2, 'invoke', 'append', '2', '"x 2 0 y"'],
    ]
      .map(([p, type, f, key, value]) => `{:process ${p}, :type :${type}, :f :${f}, :key "${key}", :value ${value}}`)
      .join('\n');
  return [etcd(false), etcd(true), kv(false), kv(true)];
}
