/**
 * Pictures of the local/staged/origin model (issue 6): each client's three logs with their
 * equivalence edges, drawn from `pictureOf(state)` (plain data) as ASCII in the seed's style, as DOT
 * (and SVG through `dotToSvg`), and as HTML reports.
 */
export { renderClientLogs, renderSnapshot, renderRemote, renderLocalAscii, equivalenceLines, forkOf, START_GLYPH, type LocalAsciiOptions, type SnapshotAsciiOptions } from './ascii.ts';
export { localDot } from './dot.ts';
export { localSequenceOf, localRemoteChanges } from './sequence.ts';
export { localTraceFromPath, localStateAt, type LocalTrace, type LocalTraceStep } from './trace.ts';
export { localReportPage, writeLocalReport, writeLocalTraceReport, tracePicture, LOCAL_DRAWING, type LocalReportPage, type LocalPageState } from './report.ts';
export { groveLocalPictures } from './picture.ts';
