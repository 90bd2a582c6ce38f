/**
 * The explorer's JSON API, independent of HTTP: a request (method, path, parsed body) in, a response
 * (status, content type, body) out. It holds the one current session and replaces it on every
 * successful request; a failed request leaves it as it was.
 *
 * | request | body | does |
 * | --- | --- | --- |
 * | `GET /api/state` | | the view |
 * | `POST /api/step` | `{index}` | fires enabled action `index` |
 * | `POST /api/undo`, `/api/redo` | | one step back / forward |
 * | `POST /api/goto` | `{step}` | moves to step `step` of the timeline |
 * | `POST /api/row` | `{text}` | takes a scripted row (`1 Append<a> Ok`) |
 * | `POST /api/reset` | `{model, variant, actors, ops, maxLostReplies, maxCrashes}` | a fresh session (missing fields: the current ones) |
 * | `POST /api/load` | `{text, name?, at?, scenario?}` | a session from a scenario's text (`scenario`: its number in the file, default 1) |
 * | `POST /api/find` | `{seconds?, strict?, seed?}` | find a bug from here (default 10 s) |
 * | `GET /api/scenario` | | the steps taken as a scenario file (text/plain) |
 * | `GET /api/itf` | | the steps taken as an ITF trace (interchange/itf/trace.ts; application/json) |
 * | `POST /api/save` | `{name?}` | writes it under the save directory |
 *
 * Every POST answers with the new view (the state's JSON), plus `find` or `saved` where they apply.
 * Bad input (malformed JSON, a wrong field, an index out of range, a scenario the model cannot read)
 * is a 400 with `{error}`; an unknown path 404, a wrong method 405. The view carries the forest as
 * SVG, rendered by Graphviz (WebAssembly) and cached by DOT text; when that fails the page falls back
 * to the ASCII forest.
 */
import { UsageError } from '../model/core/model.ts';
import { ParseError } from '../scenarios/notation/errors.ts';
import { parseScenarioFile } from '../scenarios/notation/parse.ts';
import { printItf, scenarioToItf } from '../interchange/itf/trace.ts';
import { dotToSvg, inlineSvg } from '../reports/index.ts';
import { DEFAULT_CONFIG, familyInfos, readConfig, type ExploreConfig, type FamilyInfo } from './config.ts';
import { findBug, type FindResult } from './find.ts';
import { saveScenario, scenarioText, defaultName } from './scenario.ts';
import { applyRow, fire, goto, loadScenario, redo, startSession, undo, type Session } from './session.ts';
import { viewOf, type SessionView } from './view.ts';

/** A response, before HTTP. */
export interface ApiResponse {
  readonly status: number;
  readonly type: 'application/json' | 'text/plain';
  readonly body: string;
}

/** The view as the API sends it: with the families for the pickers and the forest's SVG. */
export interface StateResponse extends SessionView {
  readonly families: readonly FamilyInfo[];
  readonly saveDir: string;
  /** The forest as inline SVG; null when Graphviz failed (then `svgError` says why) or for non-Grove models. */
  readonly svg: string | null;
  readonly svgError?: string;
  /** The suggested file name for the scenario. */
  readonly fileName: string;
  readonly find?: FindResult;
  readonly saved?: string;
}

/** Options of an explorer. */
export interface ExplorerOptions {
  /** The configuration to start with (default `DEFAULT_CONFIG`). */
  readonly config?: ExploreConfig;
  /** A scenario to start from instead: its text and a name for messages. */
  readonly scenario?: { readonly text: string; readonly name: string };
  /** Where `POST /api/save` writes (default `scenarios/explored`). */
  readonly saveDir?: string;
}

const SVG_CACHE = 200;

/** A bad request: becomes a 400 with its message. */
class BadRequest extends Error {}

function json(status: number, value: unknown): ApiResponse {
  return { status, type: 'application/json', body: JSON.stringify(value) };
}

function object(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('expected a JSON object as the request body');
  return body as Record<string, unknown>;
}

function only(o: Record<string, unknown>, fields: readonly string[]): void {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length > 0) throw new BadRequest(`unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; expected ${fields.length === 0 ? 'none' : fields.join(', ')}`);
}

function wholeField(o: Record<string, unknown>, name: string): number {
  const v = o[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new BadRequest(`${name} must be a whole number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return v;
}

function stringField(o: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = o[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw new BadRequest(`${name} must be a string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return v;
}

/** One explorer: the current session and the request handler. Not safe for concurrent use (one person). */
export class Explorer {
  private session: Session;
  private readonly svgs = new Map<string, string>();
  readonly saveDir: string;

  constructor(options: ExplorerOptions = {}) {
    this.saveDir = options.saveDir ?? 'scenarios/explored';
    this.session = options.scenario !== undefined ? loadScenario(options.scenario.text, { name: options.scenario.name }) : startSession(options.config ?? DEFAULT_CONFIG);
  }

  /** The current session (for tests). */
  get current(): Session {
    return this.session;
  }

  /** The state response for the current session. */
  async state(extra: { find?: FindResult; saved?: string } = {}): Promise<StateResponse> {
    const view = viewOf(this.session);
    let svg: string | null = null;
    let svgError: string | undefined;
    if (view.picture.kind === 'forest') {
      try {
        svg = await this.svgOf(view.picture.dot);
      } catch (e) {
        svgError = `Graphviz could not draw the forest: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { ...view, families: familyInfos(), saveDir: this.saveDir, svg, ...(svgError !== undefined ? { svgError } : {}), fileName: `${defaultName(this.session)}.scenario`, ...extra };
  }

  private async svgOf(dot: string): Promise<string> {
    const hit = this.svgs.get(dot);
    if (hit !== undefined) return hit;
    const svg = inlineSvg(await dotToSvg(dot));
    if (this.svgs.size >= SVG_CACHE) this.svgs.delete(this.svgs.keys().next().value as string);
    this.svgs.set(dot, svg);
    return svg;
  }

  /**
   * Handles one request. `body` is the parsed JSON body (undefined for none). Never throws: bad
   * input is a 400, anything unexpected a 500 with the error's message.
   */
  async handle(method: string, path: string, body: unknown): Promise<ApiResponse> {
    try {
      return await this.route(method, path, body);
    } catch (e) {
      if (e instanceof BadRequest || e instanceof UsageError || e instanceof ParseError) return json(400, { error: e.message });
      return json(500, { error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async route(method: string, path: string, body: unknown): Promise<ApiResponse> {
    const routes: Record<string, 'GET' | 'POST'> = {
      '/api/state': 'GET',
      '/api/scenario': 'GET',
      '/api/itf': 'GET',
      '/api/step': 'POST',
      '/api/undo': 'POST',
      '/api/redo': 'POST',
      '/api/goto': 'POST',
      '/api/row': 'POST',
      '/api/reset': 'POST',
      '/api/load': 'POST',
      '/api/find': 'POST',
      '/api/save': 'POST',
    };
    const want = routes[path];
    if (want === undefined) return json(404, { error: `no such endpoint ${path}; known: ${Object.keys(routes).map((p) => `${routes[p]} ${p}`).join(', ')}` });
    if (method !== want) return json(405, { error: `${path} takes ${want}, not ${method}` });
    if (path === '/api/state') return json(200, await this.state());
    if (path === '/api/scenario') return { status: 200, type: 'text/plain', body: scenarioText(this.session) };
    if (path === '/api/itf') return { status: 200, type: 'application/json', body: printItf(scenarioToItf(parseScenarioFile(scenarioText(this.session), 'explored').scenarios[0])) };
    const o = object(body);
    switch (path) {
      case '/api/step':
        only(o, ['index']);
        this.session = fire(this.session, wholeField(o, 'index'));
        break;
      case '/api/undo':
        only(o, []);
        this.session = undo(this.session);
        break;
      case '/api/redo':
        only(o, []);
        this.session = redo(this.session);
        break;
      case '/api/goto':
        only(o, ['step']);
        this.session = goto(this.session, wholeField(o, 'step'));
        break;
      case '/api/row': {
        only(o, ['text']);
        const text = stringField(o, 'text', true)!;
        const sc = parseScenarioFile(text, 'row').scenarios[0];
        const rows = sc?.rows.filter((r) => r.kind !== 'note') ?? [];
        if (rows.length !== 1 || (sc !== undefined && (sc.headers.length > 0 || sc.initial.length > 0))) throw new BadRequest(`expected one row (Actor Op Result), got ${JSON.stringify(text)}`);
        this.session = applyRow(this.session, rows[0]);
        break;
      }
      case '/api/reset':
        this.session = startSession(readConfig(o, this.session.config));
        break;
      case '/api/load': {
        only(o, ['text', 'name', 'at', 'scenario']);
        const text = stringField(o, 'text', true)!;
        const name = stringField(o, 'name', false);
        const at = stringField(o, 'at', false);
        if (at !== undefined && at !== 'start' && at !== 'end') throw new BadRequest(`at must be 'start' or 'end', got ${JSON.stringify(at)}`);
        const number = o.scenario === undefined ? 1 : wholeField(o, 'scenario');
        if (number < 1) throw new BadRequest(`scenario must be 1 or more (its number in the file), got ${number}`);
        this.session = loadScenario(text, { name: name ?? 'pasted scenario', index: number - 1, ...(at !== undefined ? { at } : {}) });
        break;
      }
      case '/api/find': {
        only(o, ['seconds', 'strict', 'seed']);
        if (o.seconds !== undefined && typeof o.seconds !== 'number') throw new BadRequest(`seconds must be a number, got ${JSON.stringify(o.seconds)}`);
        if (o.strict !== undefined && typeof o.strict !== 'boolean') throw new BadRequest(`strict must be true or false, got ${JSON.stringify(o.strict)}`);
        const { session, result } = findBug(this.session, {
          ...(o.seconds !== undefined ? { seconds: o.seconds as number } : {}),
          ...(o.strict !== undefined ? { strict: o.strict as boolean } : {}),
          ...(o.seed !== undefined ? { seed: wholeField(o, 'seed') } : {}),
        });
        this.session = session;
        return json(200, await this.state({ find: result }));
      }
      case '/api/save': {
        only(o, ['name']);
        const saved = saveScenario(this.session, this.saveDir, stringField(o, 'name', false));
        return json(200, await this.state({ saved }));
      }
    }
    return json(200, await this.state());
  }
}
