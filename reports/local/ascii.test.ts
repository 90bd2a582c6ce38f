/**
 * The local/staged/origin pictures against the seed's own drawings (seed 000, second half), as
 * goldens: the long-lived single writer built by running the model (`c5 == b2 == a4`), the
 * canonicalization example's snapshots (its extreme form, its final form and the latest canonical
 * snapshot), and the shapes a model-only run gives (a fork at the empty start, an unconfirmed push).
 */
import { describe, expect, it } from 'vitest';
import { pictureOf } from '../../model/grove-local/picture.ts';
import { equivalenceLines, forkOf, renderClientLogs, renderLocalAscii, renderRemote, renderSnapshot } from './ascii.ts';
import { replayRows, SINGLE_WRITER } from './fixtures.ts';

const lines = (...ls: string[]) => ls.join('\n');

describe("the seed's diagrams", () => {
  it('the long-lived single writer: three logs, / up to the squashed and landed entries', () => {
    const p = pictureOf(replayRows(2, 6, SINGLE_WRITER));
    expect(renderClientLogs(p.clients[0])).toBe(
      lines(
        'a1---a2----------------a3--------a4  ← origin/main',
        '      \\               /         /',
        '       \\-------------b1--------b2  ← staged',
        '        \\           /         /',
        '         c1---c2---c3---c4---c5---c6  ← local',
      ),
    );
    expect(equivalenceLines(p.clients[0])).toEqual(['(c1..=c3) => b1 => a3', '(c4..=c5) => b2 => a4']);
    // The seed's "equivalent snapshot" of it: everything landed, only c6 on top of a4.
    expect(renderSnapshot(p.clients[0].canonical, { stagedLog: 'b' })).toBe(lines('a1---a2---a3---a4  ← origin/main', '                \\', '                 c6 ← local'));
  });

  it("the canonicalization example's final form, and its extreme form", () => {
    expect(renderSnapshot({ origin: ['a1', 'a2'], staged: ['a3', 'a4'], local: ['b3', 'c8'] }, { stagedLog: 'b' })).toBe(
      lines('a1---a2  ← origin/main', '      \\', '       a3---a4', '             \\', '              b3---c8 ← local, staged'),
    );
    expect(renderSnapshot({ origin: ['a1', 'a2'], staged: ['b1', 'b2'], local: ['c6', 'c7', 'c8'] }, { stagedLog: 'b' })).toBe(
      lines('a1---a2  ← origin/main', '      \\', '       b1---b2 ← staged', '             \\', '              c6---c7---c8 ← local'),
    );
    expect(renderSnapshot({ origin: ['a1', 'a2', 'a3', 'a4'], staged: ['b3'], local: ['c8'] }, { stagedLog: 'b' })).toBe(
      lines('a1---a2---a3---a4  ← origin/main', '                \\', '                 b3 ← staged', '                  \\', '                   c8 ← local'),
    );
  });
});

describe('pictures of model runs', () => {
  it('a writer from the empty remote hangs from ∅; an unlanded staged commit has no / above it', () => {
    const s = replayRows(
      1,
      6,
      `1 Write<c1, p=c1> Ok
1 Write<c2, q=c2> Ok
1 Write<c3, p=c3> Ok
1 Squash<c1..=c3, b1> Ok
1 Write<c4, q=c4> Ok
1 Push<b1, a@1> Ok
1 Write<c5, p=c5> Ok
1 CAS<main, a@0, a@1> Ok(c1..=c3 => b1 => a1)
1 Squash<c4..=c5, b2> Ok
1 Push<b2, a@2> Ok
1 Write<c6, q=c6> Ok
1 Squash<c6..=c6, b3> Ok`,
    );
    const p = pictureOf(s);
    expect(forkOf(p.clients[0])).toBe(-1);
    expect(renderRemote(p)).toBe('a1---a2  ← main (a@1)');
    expect(renderClientLogs(p.clients[0])).toBe(
      lines(
        '∅-----------------a1  ← origin/main',
        ' \\               /',
        '  \\-------------b1--------b2---b3  ← staged',
        '   \\           /         /    /',
        '    c1---c2---c3---c4---c5---c6  ← local',
      ),
    );
    expect(equivalenceLines(p.clients[0])).toEqual(['(c1..=c3) => b1 => a1', '(c4..=c5) => b2', '(c6..=c6) => b3']);
  });

  it('the whole picture: remote, then per client its logs, equivalences and canonical snapshot', () => {
    const text = renderLocalAscii(pictureOf(replayRows(2, 1, '1 Write<c1, p=c1> Ok\n1 Squash<c1..=c1, b1> Ok')));
    expect(text).toBe(
      lines(
        'remote log a:',
        '∅  ← main',
        '',
        'client 1:',
        '∅  ← origin/main',
        ' \\',
        '  \\---b1  ← staged',
        '   \\ /',
        '    c1  ← local',
        '',
        'equivalence relations:',
        '(c1..=c1) => b1',
        '',
        'canonical snapshot:',
        '∅  ← origin/main',
        ' \\',
        '  b1 ← staged',
        '',
        'client 2:',
        '∅  ← origin/main',
        '',
        'canonical snapshot:',
        '∅  ← origin/main',
      ),
    );
  });
});
