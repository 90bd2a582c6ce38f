/**
 * Test fixtures: grove-local states built by replaying rows through the model, among them the seed's
 * long-lived single writer (`c5 == b2 == a4`).
 */
import { localModel } from '../../model/grove-local/model.ts';
import type { LocalState } from '../../model/grove-local/state.ts';
import { parseScenarioFile } from '../../scenarios/notation/parse.ts';

/** Replays rows (scripted, as a scenario file writes them) through a grove-local model. */
export function replayRows(clients: number, writes: number, rows: string): LocalState {
  const m = localModel({ clients, writes, pages: ['p', 'q'] });
  let s = m.initial();
  for (const r of parseScenarioFile(`model: grove-local\n${rows}`).scenarios[0].rows) s = m.apply!(s, r).next;
  return s;
}

/** Client 2 lands a1 and a2; client 1 then writes c1..c6 with two landings, as in the seed. */
export const SINGLE_WRITER = `
2 Write<e1, p=e1> Ok
2 Squash<e1..=e1, d1> Ok
2 Push<d1, a@1> Ok
2 CAS<main, a@0, a@1> Ok(e1..=e1 => d1 => a1)
2 Write<e2, q=e2> Ok
2 Squash<e2..=e2, d2> Ok
2 Push<d2, a@2> Ok
2 CAS<main, a@1, a@2> Ok(e2..=e2 => d2 => a2)
1 Pull<main> Ok(a@2)
1 Rebase<a@2> Ok
1 Write<c1, p=c1> Err: stale
1 Write<c1, p=c1> Ok
1 Write<c2, q=c2> Ok
1 Write<c3, p=c3> Ok
1 Squash<c1..=c3, b1> Ok
1 Write<c4, q=c4> Ok
1 Push<b1, a@3> Ok
1 Write<c5, p=c5> Ok
1 CAS<main, a@2, a@3> Ok(c1..=c3 => b1 => a3)
1 Squash<c4..=c5, b2> Ok
1 Push<b2, a@4> Ok
1 CAS<main, a@3, a@4> Ok(c4..=c5 => b2 => a4)
1 Write<c6, q=c6> Ok
`;
