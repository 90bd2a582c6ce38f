/** Small grove histories shared by tests (JSONL, as `grove-check stress` records it). */

/** One event line of a grove history. */
export const groveEvent = (client: number, type: string, op: string, extra: string, time: number): string => `{"client":${client},"type":"${type}","op":"${op}",${extra},"time":${time}}`;

/** Two clients append at `a@1` and both are told they won: not linearizable (the second is stuck). */
export const TWO_WINNERS_JSONL = [
  groveEvent(1, 'invoke', 'append', `"args":{"log":"a","lsn":1,"commit":"c1.1"}`, 1),
  groveEvent(2, 'invoke', 'append', `"args":{"log":"a","lsn":1,"commit":"c2.1"}`, 2),
  groveEvent(1, 'ok', 'append', `"result":{"ok":true}`, 3),
  groveEvent(2, 'ok', 'append', `"result":{"ok":true}`, 4),
].join('\n');
