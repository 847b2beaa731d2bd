import { randomUUID } from 'node:crypto';

/** A JSON answer from the store. */
export interface StoreAnswer {
  readonly status: number;
  readonly body?: unknown;
}

type Doc = Record<string, unknown>;
interface Stored {
  readonly source: Doc;
  readonly version: number;
}

/**
 * A tiny in-memory OpenSearch: enough of the REST API for demos, examples and tests of
 * code that indexes and searches (indices, documents, bulk, search, msearch, cat).
 * It is not a search engine: `match` is a case-insensitive word match on strings.
 */
export class DocumentStore {
  private readonly indices = new Map<string, Map<string, Stored>>();

  constructor(private readonly distribution: { readonly name: string; readonly service: string }) {}

  clear(): void {
    this.indices.clear();
  }

  /** Handles one request; `segments` are the decoded path segments. */
  handle(method: string, segments: readonly string[], query: URLSearchParams, body: string): StoreAnswer {
    const [first, second, third] = segments;
    if (segments.length === 0) {
      if (method === 'GET' || method === 'HEAD') return { status: 200, body: this.info() };
      return notFound();
    }
    if (first === '_cat' && second === 'indices') return { status: 200, body: this.catIndices(query) };
    if (first === '_bulk' && method !== 'GET') return this.bulk(undefined, body);
    if (first === '_search') return this.search([...this.indices.keys()], parseJson(body));
    if (first === '_msearch') return this.msearch(undefined, body);
    if (!first || first.startsWith('_')) return notFound();

    const index = first;
    if (segments.length === 1) return this.indexLevel(method, index);
    switch (second) {
      case '_doc':
      case '_create':
        return this.docLevel(method, index, third, body, second === '_create');
      case '_update':
        return this.update(index, third, body);
      case '_bulk':
        return this.bulk(index, body);
      case '_search':
        return this.search(this.resolve(index), parseJson(body));
      case '_msearch':
        return this.msearch(index, body);
      case '_count':
        return { status: 200, body: { count: this.search(this.resolve(index), parseJson(body)).total } };
      case '_refresh':
        return { status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } };
      case '_mapping':
        return this.indices.has(index) ? { status: 200, body: { [index]: { mappings: {} } } } : indexNotFound(index);
      default:
        return notFound();
    }
  }

  private info(): unknown {
    return {
      name: this.distribution.name,
      cluster_name: this.distribution.name,
      cluster_uuid: 'osauth-emulator',
      version: { distribution: 'opensearch', number: '2.17.0', build_type: 'emulator' },
      tagline: `The OpenSearch Project: osauth emulator (${this.distribution.service})`,
    };
  }

  private indexLevel(method: string, index: string): StoreAnswer {
    const exists = this.indices.has(index);
    switch (method) {
      case 'HEAD':
        return { status: exists ? 200 : 404 };
      case 'PUT':
        if (exists) {
          return {
            status: 400,
            body: { error: { type: 'resource_already_exists_exception', reason: `index [${index}] already exists`, index }, status: 400 },
          };
        }
        this.indices.set(index, new Map());
        return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index } };
      case 'DELETE':
        if (!exists) return indexNotFound(index);
        this.indices.delete(index);
        return { status: 200, body: { acknowledged: true } };
      case 'GET':
        return exists ? { status: 200, body: { [index]: { aliases: {}, mappings: {}, settings: {} } } } : indexNotFound(index);
      default:
        return notFound();
    }
  }

  private docLevel(method: string, index: string, id: string | undefined, body: string, createOnly: boolean): StoreAnswer {
    if (method === 'POST' && id === undefined) return this.put(index, randomUUID().replace(/-/g, '').slice(0, 20), parseJson(body), false);
    if (id === undefined) return notFound();
    const docs = this.indices.get(index);
    switch (method) {
      case 'PUT':
      case 'POST':
        return this.put(index, id, parseJson(body), createOnly);
      case 'GET':
      case 'HEAD': {
        if (!docs) return indexNotFound(index);
        const doc = docs.get(id);
        if (!doc) return { status: 404, body: { _index: index, _id: id, found: false } };
        return { status: 200, body: { _index: index, _id: id, _version: doc.version, _seq_no: doc.version - 1, _primary_term: 1, found: true, _source: doc.source } };
      }
      case 'DELETE': {
        if (!docs) return indexNotFound(index);
        const doc = docs.get(id);
        if (!doc) return { status: 404, body: { _index: index, _id: id, result: 'not_found' } };
        docs.delete(id);
        return { status: 200, body: writeResult(index, id, doc.version + 1, 'deleted') };
      }
      default:
        return notFound();
    }
  }

  private put(index: string, id: string, source: unknown, createOnly: boolean): StoreAnswer {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) {
      return { status: 400, body: { error: { type: 'mapper_parsing_exception', reason: 'failed to parse' }, status: 400 } };
    }
    const docs = this.indexFor(index);
    const previous = docs.get(id);
    if (previous && createOnly) {
      return { status: 409, body: { error: { type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, document already exists` }, status: 409 } };
    }
    const version = (previous?.version ?? 0) + 1;
    docs.set(id, { source: source as Doc, version });
    return { status: previous ? 200 : 201, body: writeResult(index, id, version, previous ? 'updated' : 'created') };
  }

  private update(index: string, id: string | undefined, body: string): StoreAnswer {
    const doc = id === undefined ? undefined : this.indices.get(index)?.get(id);
    if (!doc || id === undefined) {
      return { status: 404, body: { error: { type: 'document_missing_exception', reason: `[${id}]: document missing` }, status: 404 } };
    }
    const partial = (parseJson(body) as { doc?: Doc })?.doc ?? {};
    const version = doc.version + 1;
    this.indexFor(index).set(id, { source: { ...doc.source, ...partial }, version });
    return { status: 200, body: writeResult(index, id, version, 'updated') };
  }

  private bulk(defaultIndex: string | undefined, body: string): StoreAnswer {
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    const items: unknown[] = [];
    let errors = false;
    for (let i = 0; i < lines.length; i += 1) {
      const action = parseJson(lines[i] ?? '') as Record<string, { _index?: string; _id?: string }> | undefined;
      const [op, meta] = Object.entries(action ?? {})[0] ?? [];
      if (!op || !meta) return { status: 400, body: { error: { type: 'illegal_argument_exception', reason: `Malformed action/metadata line [${i + 1}]` }, status: 400 } };
      const index = meta._index ?? defaultIndex;
      if (!index) return { status: 400, body: { error: { type: 'action_request_validation_exception', reason: 'index is missing' }, status: 400 } };
      let answer: StoreAnswer;
      if (op === 'delete') {
        answer = this.docLevel('DELETE', index, meta._id, '', false);
      } else {
        i += 1;
        const source = lines[i] ?? '';
        if (op === 'update') answer = this.update(index, meta._id, source);
        else answer = this.put(index, meta._id ?? randomUUID().replace(/-/g, '').slice(0, 20), parseJson(source), op === 'create');
      }
      if (answer.status >= 300) errors = true;
      items.push({ [op]: { ...(answer.body as object), status: answer.status } });
    }
    return { status: 200, body: { took: 1, errors, items } };
  }

  private msearch(defaultIndex: string | undefined, body: string): StoreAnswer {
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    const responses: unknown[] = [];
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const header = (parseJson(lines[i] ?? '') ?? {}) as { index?: string | string[] };
      const names = header.index ?? defaultIndex;
      const indices = names === undefined ? [...this.indices.keys()] : (Array.isArray(names) ? names : [names]).flatMap((n) => this.resolve(n));
      responses.push({ ...(this.search(indices, parseJson(lines[i + 1] ?? '')).body as object), status: 200 });
    }
    return { status: 200, body: { took: 1, responses } };
  }

  private search(indices: readonly string[], request: unknown): StoreAnswer & { total: number } {
    const { query, size = 10, from = 0 } = (request ?? {}) as { query?: unknown; size?: number; from?: number };
    const hits: { _index: string; _id: string; _score: number; _source: Doc }[] = [];
    for (const index of indices) {
      for (const [id, doc] of this.indices.get(index) ?? []) {
        if (matches(doc.source, id, query)) hits.push({ _index: index, _id: id, _score: 1, _source: doc.source });
      }
    }
    return {
      status: 200,
      total: hits.length,
      body: {
        took: 1,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: { total: { value: hits.length, relation: 'eq' }, max_score: hits.length > 0 ? 1 : null, hits: hits.slice(from, from + size) },
      },
    };
  }

  private catIndices(query: URLSearchParams): unknown {
    const rows = [...this.indices.entries()].map(([index, docs]) => ({ health: 'green', status: 'open', index, 'docs.count': String(docs.size) }));
    if (query.get('format') === 'json') return rows;
    return rows.map((r) => `${r.health} ${r.status} ${r.index} ${r['docs.count']}`).join('\n');
  }

  private resolve(pattern: string): string[] {
    const names = pattern.split(',');
    const all = [...this.indices.keys()];
    return names.flatMap((name) => {
      if (name === '_all' || name === '*') return all;
      if (name.includes('*')) {
        const re = new RegExp(
          `^${name
            .split('*')
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        );
        return all.filter((n) => re.test(n));
      }
      return [name];
    });
  }

  private indexFor(index: string): Map<string, Stored> {
    let docs = this.indices.get(index);
    if (!docs) {
      docs = new Map();
      this.indices.set(index, docs);
    }
    return docs;
  }
}

function matches(source: Doc, id: string, query: unknown): boolean {
  if (query === undefined || query === null) return true;
  const [type, spec] = Object.entries(query as Record<string, unknown>)[0] ?? [];
  switch (type) {
    case 'match_all':
      return true;
    case 'ids':
      return ((spec as { values?: string[] }).values ?? []).includes(id);
    case 'term':
    case 'match': {
      const [field, raw] = Object.entries(spec as Record<string, unknown>)[0] ?? [];
      if (!field) return false;
      const wanted = typeof raw === 'object' && raw !== null ? ((raw as { value?: unknown; query?: unknown }).value ?? (raw as { query?: unknown }).query) : raw;
      const actual = getField(source, field);
      if (type === 'term') return Array.isArray(actual) ? actual.includes(wanted) : actual === wanted;
      return matchText(actual, wanted);
    }
    case 'terms': {
      const [field, values] = Object.entries(spec as Record<string, unknown>)[0] ?? [];
      return field !== undefined && Array.isArray(values) && values.includes(getField(source, field));
    }
    case 'bool': {
      const b = spec as { must?: unknown; filter?: unknown; should?: unknown; must_not?: unknown };
      const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
      if (!list(b.must).every((q) => matches(source, id, q))) return false;
      if (!list(b.filter).every((q) => matches(source, id, q))) return false;
      if (list(b.must_not).some((q) => matches(source, id, q))) return false;
      const should = list(b.should);
      return should.length === 0 || should.some((q) => matches(source, id, q));
    }
    default:
      return false;
  }
}

function matchText(actual: unknown, wanted: unknown): boolean {
  if (typeof actual !== 'string' || wanted === undefined) return actual === wanted;
  const words = new Set(actual.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a query value from the request's JSON, matched as text whatever its type
  return String(wanted)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .some((word) => words.has(word));
}

function getField(source: Doc, path: string): unknown {
  const field = path.endsWith('.keyword') ? path.slice(0, -'.keyword'.length) : path;
  return field.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Doc)[key] : undefined), source);
}

function writeResult(index: string, id: string, version: number, result: string): unknown {
  return { _index: index, _id: id, _version: version, result, _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: version - 1, _primary_term: 1 };
}

function notFound(): StoreAnswer {
  return { status: 404, body: { error: { type: 'illegal_argument_exception', reason: 'no handler found for this request in the osauth emulator' }, status: 404 } };
}

function indexNotFound(index: string): StoreAnswer {
  return { status: 404, body: { error: { type: 'index_not_found_exception', reason: `no such index [${index}]`, index }, status: 404 } };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
