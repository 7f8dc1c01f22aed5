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
import type { Pos } from './messages.js';

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
  return convert(doc.contents, doc, position, file);
}

function convert(node: unknown, doc: Document, position: (offset: number) => Pos, file: string): Node {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  const pos = position((resolved as YamlNode | undefined)?.range?.[0] ?? 0);
  if (isMap(resolved)) {
    const entries = new Map<string, MapEntry>();
    for (const pair of resolved.items) {
      const keyPos = position((pair.key as YamlNode | null)?.range?.[0] ?? 0);
      if (!isScalar(pair.key))
        throw new InputError(`${file}:${keyPos.line}:${keyPos.col}: expected a plain key`);
      const value: Node =
        pair.value === null
          ? { kind: 'scalar', pos: keyPos, value: null }
          : convert(pair.value, doc, position, file);
      entries.set(String(pair.key.value), { keyPos, value });
    }
    return { kind: 'map', pos, entries };
  }
  if (isSeq(resolved))
    return { kind: 'seq', pos, items: resolved.items.map((item) => convert(item, doc, position, file)) };
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
