// A quick parser for the plain block YAML that manifests are almost always written in: nested
// `key: value` maps and `- ` lists, one-line scalars and flow collections, comments. It builds
// the same nodes, values and ranges as the `yaml` package, several times faster, and gives up
// (returns undefined) on anything else — anchors, tags, block or multi-line scalars, escapes,
// multi-line flow collections, odd indentation, duplicate keys, nesting past the limit, comments
// where yaml would count them into a range —, which the `yaml` package then parses with its full
// error reporting.
// Whatever it accepts, `yaml` parses without an error or a warning
// (test/unit/service/block-yaml.test.ts compares the two).
import { isScalar, Pair, Scalar, Schema, YAMLMap, YAMLSeq, type Document, type Node, type Range, type ScalarTag } from 'yaml';
import { MAX_NESTING_DEPTH } from './parse-limits';

/** What validation reads from a parse: the root node and the problems found. */
export type YamlParse = Pick<Document.Parsed, 'contents' | 'errors' | 'warnings'>;

class GiveUp extends Error {}

const SCHEMA = new Schema({});
// yaml's core schema tags that plain scalars are matched against (null, bool, int, float, …).
const PLAIN_TAGS = SCHEMA.tags.filter((tag): tag is ScalarTag & { test: RegExp } => tag.default === true && tag.test !== undefined && !tag.collection);
// Characters that make a document need the full parser: tabs, carriage returns, control
// characters, byte-order marks, lone surrogates. Anchors, tags, directives, block scalars and
// escapes are refused by the checks below.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff\ufffe\uffff]/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const FLOW_PLAIN = /^[A-Za-z0-9_./+-]+$/;
// A plain scalar in block context starts with no indicator (but `-` before a non-space); it
// also has no `: ` and no trailing `:` (checked where it is read; its ` #` starts a comment).
const BLOCK_PLAIN_FIRST = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-[^\s])/;
const MAX_KEY_LENGTH = 1000;

// Nodes that yaml's isScalar/isMap/isSeq/isPair and its classes' methods recognise, made without
// yaml's constructors: those define a property on each node, which costs a third of a parse.
// A node keeps its range as three numbers; `range` makes yaml's [start, value end, node end]
// when it is read, which few nodes ever are (the array took a third of a parse's memory).
interface QuickNode {
  start: number;
  valueEnd: number;
  nodeEnd: number;
}
class QuickScalar implements QuickNode {
  constructor(
    readonly value: unknown,
    readonly type: Scalar.Type,
    readonly source: string,
    public start: number,
    public valueEnd: number,
    public nodeEnd: number,
  ) {}
}
class QuickPair {
  constructor(
    readonly key: Scalar,
    readonly value: Node,
  ) {}
}
class QuickMap implements QuickNode {
  readonly items: Pair<Scalar, Node>[] = [];
  valueEnd = 0;
  nodeEnd = 0;
  constructor(
    public start: number,
    readonly flow?: true,
  ) {}
}
class QuickSeq implements QuickNode {
  readonly items: Node[] = [];
  valueEnd = 0;
  nodeEnd = 0;
  constructor(
    public start: number,
    readonly flow?: true,
  ) {}
}
const NODE_TYPE = Symbol.for('yaml.node.type');
for (const [quick, real, type] of [
  [QuickScalar, Scalar, 'yaml.scalar'],
  [QuickPair, Pair, 'yaml.pair'],
  [QuickMap, YAMLMap, 'yaml.map'],
  [QuickSeq, YAMLSeq, 'yaml.seq'],
] as const) {
  Object.setPrototypeOf(quick.prototype, real.prototype);
  Object.defineProperty(quick.prototype, NODE_TYPE, { value: Symbol.for(type) });
  if (real === YAMLMap || real === YAMLSeq) Object.defineProperty(quick.prototype, 'schema', { value: SCHEMA, writable: true });
  if (quick !== QuickPair) {
    Object.defineProperty(quick.prototype, 'range', {
      get(this: QuickNode): Range {
        return [this.start, this.valueEnd, this.nodeEnd];
      },
      set(this: QuickNode, range: Range) {
        [this.start, this.valueEnd, this.nodeEnd] = range;
      },
    });
  }
}
/** The quick parser's own nodes, whose range is read without making an array. */
const quickNode = (node: Node): QuickNode => node as unknown as QuickNode;
const asMap = (map: QuickMap): YAMLMap => map as unknown as YAMLMap;
const asSeq = (seq: QuickSeq): YAMLSeq => seq as unknown as YAMLSeq;
const asScalar = (scalar: QuickScalar): Scalar => scalar as unknown as Scalar;

/** The parse of `text` (one document), or undefined when it is not plain block YAML. */
export function parseBlockYaml(text: string): YamlParse | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    return new BlockParser(text).parse();
  } catch (error) {
    if (error instanceof GiveUp || error instanceof RangeError) return undefined;
    throw error;
  }
}

// The content lines of a document, by number: where each starts, its indentation, where its text
// ends and where the next line starts (past the line break). Arrays of numbers, not an object per
// line: a big file has tens of thousands of lines.
class BlockParser {
  private readonly starts: number[] = [];
  private readonly indents: number[] = [];
  private readonly ends: number[] = [];
  private readonly nexts: number[] = [];
  /** The line being read: lines.length when all are read. */
  private index = 0;
  /** Collections open around the one being read: past the limit, the full parser says where. */
  private depth = 0;
  /** Where the value of the key last read starts. */
  private valueAt = 0;

  constructor(private readonly text: string) {
    let start = 0;
    // The deepest comment line since the last content line: yaml counts a comment into the
    // range of what is above it when the next content is less indented (or there is none).
    let commentIndent = -1;
    while (start < text.length) {
      const lineBreak = text.indexOf('\n', start);
      const end = lineBreak < 0 ? text.length : lineBreak;
      let indent = 0;
      while (text.charCodeAt(start + indent) === 32) indent++;
      // Blank lines belong to nothing; the ranges yaml gives end before them.
      if (start + indent < end) {
        if (text.charCodeAt(end - 1) === 32) throw new GiveUp();
        if (text.charCodeAt(start + indent) === 35) commentIndent = Math.max(commentIndent, indent);
        else {
          if (indent < commentIndent) throw new GiveUp();
          commentIndent = -1;
          // `%` directives, and a second `---` or `...`, are the full parser's.
          const first = text.charCodeAt(start + indent);
          if (first === 37 || (indent === 0 && this.starts.length > 0 && (text.startsWith('---', start) || text.startsWith('...', start)))) throw new GiveUp();
          this.starts.push(start);
          this.indents.push(indent);
          this.ends.push(end);
          this.nexts.push(lineBreak < 0 ? end : end + 1);
        }
      }
      start = end + 1;
    }
    if (commentIndent >= 0) throw new GiveUp();
  }

  parse(): YamlParse {
    const count = this.starts.length;
    if (count > 0 && this.indents[0] === 0 && this.text.startsWith('---', this.starts[0])) {
      if (this.ends[0] !== this.starts[0] + 3) throw new GiveUp();
      this.index = 1;
    }
    const root = this.index;
    if (root >= count || this.indents[root] !== 0) throw new GiveUp();
    const contents = this.isSeqItem(root, 0) ? this.seq(0) : this.map(0, this.starts[root]);
    if (this.index < count) throw new GiveUp();
    return { contents, errors: [], warnings: [] } as unknown as YamlParse;
  }

  private isSeqItem(line: number, column: number): boolean {
    const start = this.starts[line];
    return this.text.charCodeAt(start + column) === 45 && this.text.charCodeAt(start + column + 1) === 32;
  }

  /** The indentation of a line, -1 past the last one. */
  private indentOf(line: number): number {
    return line < this.starts.length ? this.indents[line] : -1;
  }

  /** A block map whose keys sit at `column`; the first may be on the current line after `- `. */
  private map(column: number, firstAt: number): YAMLMap {
    this.enter();
    const map = new QuickMap(firstAt);
    let keys: Set<unknown> | undefined;
    let position = firstAt;
    let end: number;
    for (;;) {
      const line = this.index;
      const key = this.key(line, position);
      const valueAt = this.valueAt;
      const keyValue = key.value;
      if (typeof keyValue === 'object' && keyValue !== null) throw new GiveUp();
      // Maps are mostly small, where a scan beats a set; a big one gets a set.
      if (map.items.length < 16) {
        for (let i = 0; i < map.items.length; i++) if (map.items[i].key.value === keyValue) throw new GiveUp();
      } else {
        keys ??= new Set(map.items.map((pair) => pair.key.value));
        if (keys.has(keyValue)) throw new GiveUp();
        keys.add(keyValue);
      }
      const value = this.value(line, valueAt, column, true);
      map.items.push(new QuickPair(key, value) as unknown as Pair<Scalar, Node>);
      // A collection ends where its last value does: after its line break, or after the `:` of
      // a last key without a value.
      end = quickNode(value).nodeEnd;
      const next = this.index;
      const nextIndent = this.indentOf(next);
      if (nextIndent < column) break;
      if (nextIndent > column || this.isSeqItem(next, column)) throw new GiveUp();
      position = this.starts[next] + column;
    }
    map.valueEnd = map.nodeEnd = end;
    this.depth--;
    return asMap(map);
  }

  /** A block sequence whose `- ` indicators sit at `column`. */
  private seq(column: number): YAMLSeq {
    const start = this.starts[this.index] + column;
    this.enter();
    const seq = new QuickSeq(start);
    let end: number;
    for (;;) {
      const line = this.index;
      const lineStart = this.starts[line];
      let at = lineStart + column + 1;
      while (this.text.charCodeAt(at) === 32) at++;
      if (at >= this.ends[line] || this.isSeqItem(line, at - lineStart)) throw new GiveUp();
      const item = this.isKeyAt(line, at) ? this.map(at - lineStart, at) : this.value(line, at, column, false);
      seq.items.push(item);
      end = quickNode(item).nodeEnd;
      const next = this.index;
      const nextIndent = this.indentOf(next);
      // A key at the list's own column ends a list written under its key without indentation.
      if (nextIndent < column || (nextIndent === column && !this.isSeqItem(next, column))) break;
      if (nextIndent > column) throw new GiveUp();
    }
    seq.valueEnd = seq.nodeEnd = end;
    this.depth--;
    return asSeq(seq);
  }

  /** Whether a `key:` starts at `at` (the value of a `- ` item being a map). */
  private isKeyAt(line: number, at: number): boolean {
    return this.keyColon(line, at) >= 0;
  }

  /**
   * The `:` after a plain key (KEY) that starts at `at`, when a space or the line's end follows
   * it; else -1. One pass over the key's characters, without cutting it out of the text.
   */
  private keyColon(line: number, at: number): number {
    const text = this.text;
    const end = this.ends[line];
    const first = text.charCodeAt(at);
    if (!(isAlphanumeric(first) || first === 95) || at >= end) return -1;
    let colon = at + 1;
    while (colon < end && isKeyCharacter(text.charCodeAt(colon))) colon++;
    if (colon >= end || text.charCodeAt(colon) !== 58) return -1;
    return colon + 1 === end || text.charCodeAt(colon + 1) === 32 ? colon : -1;
  }

  /** The key at `at`; the value's start is left in `valueAt`. */
  private key(line: number, at: number): Scalar {
    if (line >= this.starts.length) throw new GiveUp();
    const colon = this.keyColon(line, at);
    if (colon < 0 || colon - at > MAX_KEY_LENGTH) throw new GiveUp();
    const key = plainScalar(this.text.slice(at, colon), at, colon, colon);
    let valueAt = colon + 1;
    const end = this.ends[line];
    while (valueAt < end && this.text.charCodeAt(valueAt) === 32) valueAt++;
    this.valueAt = valueAt;
    return key;
  }

  /**
   * The value starting at `at` on `line` (consuming the line), or, when the line ends there,
   * the block below it: more indented than `column`, or a `- ` list at `column` under a key.
   */
  private value(line: number, at: number, column: number, underKey: boolean): Node {
    this.index++;
    const lineEnd = this.ends[line];
    // `key:  # comment` has its value below; without one, the comment would be in the range.
    const commented = at < lineEnd && this.text.charCodeAt(at) === 35;
    const next = this.index;
    const nextIndent = this.indentOf(next);
    if (at < lineEnd && !commented) {
      // A more indented line after a one-line value would continue it (or be an error).
      if (nextIndent > column) throw new GiveUp();
      return this.inlineValue(at, lineEnd, this.nexts[line]);
    }
    if (nextIndent > column) return this.isSeqItem(next, nextIndent) ? this.seq(nextIndent) : this.map(nextIndent, this.starts[next] + nextIndent);
    if (underKey && nextIndent === column && this.isSeqItem(next, column)) return this.seq(column);
    if (!underKey || commented) throw new GiveUp();
    // A comment below an empty value is counted into its range (and its map's).
    const below = next < this.starts.length ? this.starts[next] : this.text.length;
    for (let i = this.nexts[line]; i < below; i++) if (this.text.charCodeAt(i) === 35) throw new GiveUp();
    return plainScalar('', at, at, at, null);
  }

  /** A value that ends on its line, maybe followed by a ` # comment`. */
  private inlineValue(at: number, end: number, lineNext: number): Node {
    const first = this.text[at];
    let node: Node;
    if (first === '[' || first === '{') {
      node = first === '[' ? this.flowSeq(at, end) : this.flowMap(at, end);
      quickNode(node).nodeEnd = lineNext;
    } else if (first === '"' || first === "'") {
      node = this.quoted(at, end);
      quickNode(node).nodeEnd = lineNext;
    } else {
      // A plain value ends where ` #` starts a comment.
      let valueEnd = end;
      for (let hash = this.find('#', at, end); hash >= 0; hash = this.find('#', hash + 1, end)) {
        if (this.text.charCodeAt(hash - 1) === 32) {
          valueEnd = hash;
          break;
        }
      }
      while (this.text.charCodeAt(valueEnd - 1) === 32) valueEnd--;
      const source = this.text.slice(at, valueEnd);
      if (!BLOCK_PLAIN_FIRST.test(source) || source.includes(': ') || source.endsWith(':')) throw new GiveUp();
      node = plainScalar(source, at, valueEnd, lineNext);
    }
    const valueEnd = quickNode(node).valueEnd;
    if (valueEnd !== end && (this.text.charCodeAt(valueEnd) !== 32 || this.text.charCodeAt(this.skipSpaces(valueEnd)) !== 35)) throw new GiveUp();
    return node;
  }

  private quoted(at: number, limit: number): Scalar {
    const quote = this.text[at];
    const close = this.find(quote, at + 1, limit);
    if (close < 0) throw new GiveUp();
    const value = this.text.slice(at + 1, close);
    if (quote === '"' && value.includes('\\')) throw new GiveUp();
    return asScalar(new QuickScalar(value, quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, value, at, close + 1, close + 1));
  }

  /** A scalar or collection inside `[…]` or `{…}`, on this line. */
  private flowItem(at: number, lineEnd: number): Node {
    const first = this.text[at];
    if (first === '[') return this.flowSeq(at, lineEnd);
    if (first === '{') return this.flowMap(at, lineEnd);
    if (first === '"' || first === "'") return this.quoted(at, lineEnd);
    let stop = at;
    while (stop < lineEnd && !' ,:[]{}'.includes(this.text[stop])) stop++;
    const source = this.text.slice(at, stop);
    if (!FLOW_PLAIN.test(source) || source === '-') throw new GiveUp();
    return plainScalar(source, at, stop, this.skipSpaces(stop));
  }

  /** `[a, "b", {c: d}]` on one line. */
  private flowSeq(at: number, lineEnd: number): YAMLSeq {
    this.enter();
    const seq = new QuickSeq(at, true);
    let position = this.skipSpaces(at + 1);
    if (this.text[position] !== ']') {
      for (;;) {
        const item = this.flowItem(position, lineEnd);
        seq.items.push(item);
        position = this.endOfFlowItem(item, ']');
        if (this.text[position] === ']') break;
      }
    }
    if (position >= lineEnd) throw new GiveUp();
    seq.valueEnd = seq.nodeEnd = position + 1;
    this.depth--;
    return asSeq(seq);
  }

  /** `{a: b, c: [d]}` on one line. */
  private flowMap(at: number, lineEnd: number): YAMLMap {
    this.enter();
    const map = new QuickMap(at, true);
    const keys = new Set<unknown>();
    let position = this.skipSpaces(at + 1);
    if (this.text[position] !== '}') {
      for (;;) {
        let colon = position;
        while (colon < lineEnd && !' ,:[]{}'.includes(this.text[colon])) colon++;
        const source = this.text.slice(position, colon);
        if (!KEY.test(source) || this.text[colon] !== ':' || this.text[colon + 1] !== ' ') throw new GiveUp();
        const key = plainScalar(source, position, colon, colon);
        if (keys.has(key.value) || (typeof key.value === 'object' && key.value !== null)) throw new GiveUp();
        keys.add(key.value);
        const value = this.flowItem(this.skipSpaces(colon + 1), lineEnd);
        map.items.push(new QuickPair(key, value) as unknown as Pair<Scalar, Node>);
        position = this.endOfFlowItem(value, '}');
        if (this.text[position] === '}') break;
      }
    }
    if (position >= lineEnd) throw new GiveUp();
    map.valueEnd = map.nodeEnd = position + 1;
    this.depth--;
    return asMap(map);
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw new GiveUp();
  }

  /** Past an item and its `,` (to the next item), or at the closing bracket. */
  private endOfFlowItem(item: Node, close: string): number {
    const position = this.skipSpaces(quickNode(item).valueEnd);
    if (this.text[position] === close) return position;
    if (this.text[position] !== ',') throw new GiveUp();
    const next = this.skipSpaces(position + 1);
    // A trailing comma, or an empty item, is the full parser's.
    if (this.text[next] === close || this.text[next] === ',') throw new GiveUp();
    return next;
  }

  /** Where `char` first is in [from, to), or -1: searches never run past the line. */
  private find(char: string, from: number, to: number): number {
    const code = char.charCodeAt(0);
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === code) return i;
    return -1;
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === 32) at++;
    return at;
  }
}

/** [A-Za-z0-9_./-]: what follows a key's first character (KEY). */
function isKeyCharacter(code: number): boolean {
  return isAlphanumeric(code) || code === 95 || code === 46 || code === 47 || code === 45;
}

/** [A-Za-z0-9] */
function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A plain scalar resolved the way yaml's core schema does (null, booleans, numbers, strings). */
function plainScalar(source: string, start: number, end: number, nodeEnd: number, value?: null): Scalar {
  let resolved: unknown = source;
  if (value === null) resolved = null;
  else if (isDigits(source)) resolved = parseInt(source, 10);
  else if (mayBeNumberOrNull(source)) {
    const tag = PLAIN_TAGS.find((candidate) => candidate.test.test(source));
    if (tag) {
      const result = tag.resolve(source, () => {
        throw new GiveUp();
      }, {} as never);
      resolved = isScalar(result) ? result.value : result;
    }
  } else if (startsWithLetter(source) && (source.length === 4 || source.length === 5) && WORDS.has(source)) resolved = WORDS.get(source);
  return asScalar(new QuickScalar(resolved, Scalar.PLAIN, source, start, end, nodeEnd));
}

// The only words the core schema's tags other than string match: their values are taken from
// here, not from the tags' resolve, which makes a yaml Scalar for each true or false.
const WORDS = new Map<string, null | boolean>([
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

/**
 * Whether a tag other than string could match a scalar that is not a word: numbers, `.inf` and
 * `.nan` start with a digit, a sign or a dot, null with `~` (or is empty). Anything else, a path
 * (`/data`) say, is a string without matching every tag.
 */
function mayBeNumberOrNull(source: string): boolean {
  const first = source.charCodeAt(0);
  return source.length === 0 || (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46 || first === 126;
}

/** Only digits: the core schema's int tag, resolved as it does, without matching every tag first. */
function isDigits(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return source.length > 0;
}

/**
 * Whether a scalar starts with a letter: then only the words above are not strings. The other
 * tags (numbers, `~`, `.inf`, …) start with a digit, a sign, a dot or `~`, so most keys and
 * values are never matched against every tag.
 */
function startsWithLetter(source: string): boolean {
  const first = source.charCodeAt(0);
  return first >= 65 && isAlphanumeric(first);
}
