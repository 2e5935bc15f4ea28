// Where the cursor is in a document being typed, read from the lines themselves: the YAML may be
// incomplete (an unfinished key, a dangling colon), so indentation is the one reliable structure.
import { flowPosition } from './flow-context';

export type PathSegment = string | number;

interface LineShape {
  /** Column of the last `- ` on the line, -1 when none. */
  readonly dashCol: number;
  /** Column where the line's content (its key, if any) starts. */
  readonly keyCol: number;
  readonly key?: string;
  /** The value after `key:`, without a trailing comment. */
  readonly rest: string;
  /** Blank or a comment, without a dash. */
  readonly empty: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\]},][^:#]*?)\s*:(?:\s|$)/;

export function lineShape(line: string): LineShape {
  let pos = 0;
  while (line[pos] === ' ') pos++;
  let dashCol = -1;
  while (line[pos] === '-' && (pos + 1 === line.length || line[pos + 1] === ' ')) {
    dashCol = pos;
    pos++;
    while (line[pos] === ' ') pos++;
  }
  const content = line.slice(pos);
  const blank = content.trim() === '' || content.startsWith('#');
  const match = KEY.exec(content);
  const key = match ? unquote(match[1].trim()) : undefined;
  const rest = match ? content.slice(match[0].length).replace(/(^|\s)#.*$/, '').trim() : '';
  return { dashCol, keyCol: pos, key, rest, empty: blank && dashCol < 0 };
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** Whether a `key:` line opens a block (its value is on the following lines). */
function opensBlock(shape: LineShape): boolean {
  return shape.key !== undefined && (shape.rest === '' || /^[&!]\S*$/.test(shape.rest));
}

function isMarker(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)|^%/.test(line);
}

/**
 * The path of the mapping that holds a key at `col` on line `lineIndex` (or, with `inItem`, of
 * the list item whose dash is at `col`). Item indexes are 0: the schema does not care which.
 */
export function containerPath(lines: readonly string[], lineIndex: number, col: number, inItem: boolean): PathSegment[] | undefined {
  const reversed: PathSegment[] = [];
  let mode: 'key' | 'item' = inItem ? 'item' : 'key';
  let at = col;
  if (inItem) reversed.push(0);
  for (let l = lineIndex - 1; l >= 0; l--) {
    if (mode === 'key' && at === 0) break;
    if (isMarker(lines[l])) break;
    const shape = lineShape(lines[l]);
    if (shape.empty) continue;
    if (mode === 'key') {
      if (shape.keyCol > at) continue;
      if (shape.keyCol === at) {
        if (shape.dashCol >= 0) {
          mode = 'item';
          at = shape.dashCol;
          reversed.push(0);
        }
        continue;
      }
    } else {
      if (shape.dashCol === at || shape.keyCol > at) continue;
    }
    if (!opensBlock(shape)) return undefined;
    reversed.push(shape.key as string);
    if (shape.dashCol >= 0) {
      mode = 'item';
      at = shape.dashCol;
      reversed.push(0);
    } else {
      mode = 'key';
      at = shape.keyCol;
    }
  }
  return mode === 'item' ? undefined : reversed.reverse();
}

/** Keys (with their inline values) already present in the mapping a key at `col` belongs to. */
export function siblingKeys(lines: readonly string[], lineIndex: number, col: number, startsItem: boolean): Map<string, string> {
  const keys = new Map<string, string>();
  if (!startsItem) {
    for (let l = lineIndex - 1; l >= 0 && !isMarker(lines[l]); l--) {
      const shape = lineShape(lines[l]);
      if (shape.empty || shape.keyCol > col) continue;
      if (shape.keyCol < col) break;
      if (shape.key !== undefined) keys.set(shape.key, shape.rest);
      if (shape.dashCol >= 0) break;
    }
  }
  for (let l = lineIndex + 1; l < lines.length && !isMarker(lines[l]); l++) {
    const shape = lineShape(lines[l]);
    if (shape.empty || shape.keyCol > col) continue;
    if (shape.keyCol < col || shape.dashCol >= 0) break;
    if (shape.key !== undefined) keys.set(shape.key, shape.rest);
  }
  return keys;
}

export interface KeyContext {
  readonly kind: 'key';
  /** Inside a flow collection: keys insert as `key: ` on the same line. */
  readonly flow?: boolean;
  /** The key being replaced already has its `:` and value: only the name changes. */
  readonly hasValue?: boolean;
  /** Path of the mapping the key goes into. */
  readonly path: PathSegment[];
  readonly column: number;
  readonly existing: Map<string, string>;
  /** Offsets within the document text. */
  readonly replaceStart: number;
  readonly replaceEnd: number;
}

export interface ValueContext {
  readonly kind: 'value';
  /** Path of the field whose value is being typed. */
  readonly path: PathSegment[];
  readonly key: string;
  readonly siblings: Map<string, string>;
  readonly replaceStart: number;
  readonly replaceEnd: number;
}

export type CursorContext = KeyContext | ValueContext;

const KEY_PREFIX = /^[\w./-]*$/;
const VALUE_LINE = /^(\s*(?:-\s+)*)("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)\s*:\s+(["']?)([^#]*)$/;

/** The completion context at an offset of a document's text, or undefined where we offer nothing. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const lines = text.slice(0, lineEnd).split('\n').map((line) => line.replace(/\r$/, ''));
  const lineIndex = lines.length - 1;
  const line = lines[lineIndex];
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd).replace(/\r$/, '');
  if (before.includes('\t')) return undefined;
  const shape = lineShape(before);
  const word = before.slice(shape.keyCol);
  if (KEY_PREFIX.test(word) && !isMarker(before)) {
    const inItem = shape.dashCol >= 0;
    const path = containerPath(lines, lineIndex, inItem ? shape.dashCol : shape.keyCol, inItem);
    if (!path) return undefined;
    const trailing = /^[\w./-]*/.exec(after)?.[0] ?? '';
    const allLines = text.split('\n');
    return {
      kind: 'key',
      path,
      hasValue: /^\s*:/.test(after.slice(trailing.length)),
      column: shape.keyCol,
      existing: siblingKeys(allLines, lineIndex, shape.keyCol, inItem),
      replaceStart: lineStart + shape.keyCol,
      replaceEnd: offset + trailing.length,
    };
  }
  const value = VALUE_LINE.exec(before);
  if (!value || !line.startsWith(before)) return undefined;
  const keyShape = lineShape(before);
  const inItem = keyShape.dashCol >= 0;
  const container = containerPath(lines, lineIndex, inItem ? keyShape.dashCol : keyShape.keyCol, inItem);
  if (!container) return undefined;
  const key = unquote(value[2].trim());
  if (value[3] === '' && /^[{[]/.test(value[4])) {
    return flowContext(container, key, value[4], offset, after, keyShape.keyCol + 2);
  }
  const typed = value[4];
  const trailing = /^[^\s#"']*/.exec(after)?.[0] ?? '';
  return {
    kind: 'value',
    path: [...container, key],
    key,
    siblings: siblingKeys(text.split('\n'), lineIndex, keyShape.keyCol, inItem),
    replaceStart: offset - typed.length,
    replaceEnd: offset + trailing.length,
  };
}

/** A key or value typed inside a one-line flow collection, the value of block key `key`. */
function flowContext(container: PathSegment[], key: string, flow: string, offset: number, after: string, column: number): CursorContext | undefined {
  const position = flowPosition(flow);
  if (!position) return undefined;
  const trailing = /^[\w./-]*/.exec(after)?.[0] ?? '';
  const path = [...container, key, ...position.path];
  const existing = new Map([...position.existing].map((name) => [name, '']));
  const replaceStart = offset - position.typed.length;
  if (position.kind === 'key') return { kind: 'key', path, column, existing, replaceStart, replaceEnd: offset + trailing.length, flow: true };
  return { kind: 'value', path, key: position.key as string, siblings: existing, replaceStart, replaceEnd: offset + trailing.length };
}
