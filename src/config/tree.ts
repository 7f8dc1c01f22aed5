// YAML text -> a small located tree (every node keeps its line and column), and the environment
// merge on that tree, so errors found after merging still point at the right line of the file.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { InputError } from '../errors.js';
import { child, type Pos } from './messages.js';

export interface MapEntry {
  keyPos: Pos;
  value: Node;
}
export type Node =
  | { kind: 'map'; pos: Pos; entries: ReadonlyMap<string, MapEntry> }
  | { kind: 'seq'; pos: Pos; items: readonly Node[] }
  | { kind: 'scalar'; pos: Pos; value: unknown };

/** The plain JavaScript value of a node (mappings become objects, sequences arrays). */
export function plain(node: Node): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));
}

/** More nodes than this after expanding aliases is an alias bomb ("billion laughs"), not a config. */
export const MAX_YAML_NODES = 100_000;

export function parseYaml(text: string, file: string): Node {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Pos => lineCounter.linePos(offset);
  const first = doc.errors[0];
  if (first) {
    const { line, col } = position(first.pos[0]);
    throw new InputError(`${file}:${line}:${col}: invalid YAML: ${first.message}`);
  }
  if (doc.contents === null)
    throw new InputError(`${file}:1:1: expected a mapping at the top level, got an empty file`);
  const state: ConvertState = { doc, position, file, open: new Set(), count: 0 };
  return convert(doc.contents, '', state);
}

interface ConvertState {
  doc: Document;
  position: (offset: number) => Pos;
  file: string;
  /** YAML nodes being converted (this node's ancestors): an alias to one of them is a cycle. */
  open: Set<unknown>;
  /** Nodes converted so far, aliases expanded. */
  count: number;
}

function convert(node: unknown, path: string, state: ConvertState): Node {
  const { doc, position, file } = state;
  const located = (at: Pos, message: string): InputError =>
    new InputError(`${file}:${at.line}:${at.col}: ${path === '' ? '' : `${path}: `}${message}`);
  let resolved: unknown = node;
  if (isAlias(node)) {
    const aliasPos = position(node.range?.[0] ?? 0);
    resolved = node.resolve(doc);
    if (resolved === undefined) throw located(aliasPos, `unknown YAML alias *${node.source}`);
    if (state.open.has(resolved))
      throw located(aliasPos, `recursive YAML alias *${node.source} (it is inside the node it refers to)`);
  }
  const pos = position((resolved as YamlNode | undefined)?.range?.[0] ?? 0);
  if (++state.count > MAX_YAML_NODES)
    throw located(pos, `too many values: more than ${MAX_YAML_NODES} after expanding YAML aliases`);
  if (isMap(resolved)) {
    state.open.add(resolved);
    const entries = new Map<string, MapEntry>();
    for (const pair of resolved.items) {
      const keyPos = position((pair.key as YamlNode | null)?.range?.[0] ?? 0);
      if (!isScalar(pair.key))
        throw new InputError(`${file}:${keyPos.line}:${keyPos.col}: expected a plain key`);
      const key = String(pair.key.value);
      const value: Node =
        pair.value === null
          ? { kind: 'scalar', pos: keyPos, value: null }
          : convert(pair.value, child(path, key), state);
      entries.set(key, { keyPos, value });
    }
    state.open.delete(resolved);
    return { kind: 'map', pos, entries };
  }
  if (isSeq(resolved)) {
    state.open.add(resolved);
    const items = resolved.items.map((item, i) => convert(item, child(path, i), state));
    state.open.delete(resolved);
    return { kind: 'seq', pos, items };
  }
  if (isScalar(resolved)) return { kind: 'scalar', pos, value: resolved.value };
  return { kind: 'scalar', pos, value: null };
}

/** Environment merge: mappings merge key by key (recursively), anything else is replaced whole. */
export function merge(base: Node | undefined, over: Node): Node {
  if (base?.kind !== 'map' || over.kind !== 'map') return over;
  const entries = new Map(base.entries);
  for (const [key, entry] of over.entries) {
    const previous = entries.get(key);
    entries.set(key, { keyPos: entry.keyPos, value: merge(previous?.value, entry.value) });
  }
  return { kind: 'map', pos: base.pos, entries };
}
