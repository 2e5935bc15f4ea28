// A quick parser for the plain block YAML that manifests are almost always written in: nested
// `key: value` maps and `- ` lists, one-line scalars, one-line flow lists. It builds the same
// nodes, values and ranges as the `yaml` package, several times faster, and gives up (returns
// undefined) on anything else — comments, anchors, tags, block or multi-line scalars, flow maps,
// odd indentation, duplicate keys —, which the `yaml` package then parses with its full error
// reporting. Whatever it accepts, `yaml` parses without an error or a warning
// (test/unit/service/block-yaml.test.ts compares the two).
import { isScalar, Pair, Scalar, Schema, YAMLMap, YAMLSeq, type Document, type Node, type ScalarTag } from 'yaml';

/** What validation reads from a parse: the root node and the problems found. */
export type YamlParse = Pick<Document.Parsed, 'contents' | 'errors' | 'warnings'>;

class GiveUp extends Error {}

const SCHEMA = new Schema({});
// yaml's core schema tags that plain scalars are matched against (null, bool, int, float, …).
const PLAIN_TAGS = SCHEMA.tags.filter((tag): tag is ScalarTag & { test: RegExp } => tag.default === true && tag.test !== undefined && !tag.collection);
// Characters that make a document need the full parser: tabs, carriage returns, control
// characters, byte-order marks, comments (` #` / line-leading `#`), anchors, aliases, tags,
// directives, block scalars and escapes are all found by the checks below or by this.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff\ufffe\uffff]/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const FLOW_PLAIN = /^[A-Za-z0-9_./+-]+$/;
// A plain scalar in block context: no indicator first (but `-` before a non-space), no ` #`,
// no `: `, no trailing `:` and no trailing space (lines with those were refused already).
const BLOCK_PLAIN_FIRST = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-[^\s])/;
const MAX_KEY_LENGTH = 1000;

interface Line {
  readonly start: number;
  readonly indent: number;
  /** Offset just past the line's end, its line break included. */
  readonly next: number;
  readonly end: number;
}

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

class BlockParser {
  private readonly lines: Line[] = [];
  private index = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start < text.length) {
      const lineBreak = text.indexOf('\n', start);
      const end = lineBreak < 0 ? text.length : lineBreak;
      let indent = 0;
      while (text.charCodeAt(start + indent) === 32) indent++;
      // Blank lines belong to nothing; the ranges yaml gives end before them.
      if (start + indent < end) {
        if (text.charCodeAt(end - 1) === 32) throw new GiveUp();
        this.lines.push({ start, indent, end, next: lineBreak < 0 ? end : end + 1 });
      }
      start = end + 1;
    }
  }

  parse(): YamlParse {
    const first = this.lines[0];
    if (first && first.indent === 0 && this.text.startsWith('---', first.start)) {
      if (first.end !== first.start + 3) throw new GiveUp();
      this.index = 1;
    }
    const root = this.lines[this.index];
    if (!root || root.indent !== 0) throw new GiveUp();
    for (const line of this.lines) {
      const first = this.text.charCodeAt(line.start + line.indent);
      // `#` comments, `%` directives, and a second `---` or `...` are the full parser's.
      if (first === 35 || first === 37 || (line.indent === 0 && line !== this.lines[0] && /^(?:---|\.\.\.)/.test(this.text.slice(line.start, line.start + 3)))) throw new GiveUp();
    }
    const contents = this.isSeqItem(root, 0) ? this.seq(0) : this.map(0, root.start);
    if (this.index < this.lines.length) throw new GiveUp();
    return { contents, errors: [], warnings: [] } as unknown as YamlParse;
  }

  private isSeqItem(line: Line, column: number): boolean {
    return this.text.charCodeAt(line.start + column) === 45 && this.text.charCodeAt(line.start + column + 1) === 32;
  }

  /** A block map whose keys sit at `column`; the first may be on the current line after `- `. */
  private map(column: number, firstAt: number): YAMLMap {
    const map = new YAMLMap(SCHEMA);
    const keys = new Set<unknown>();
    let position = firstAt;
    let end: number;
    for (;;) {
      const line = this.lines[this.index];
      const { key, valueAt } = this.key(line, position);
      const keyValue = key.value;
      if (keys.has(keyValue) || (typeof keyValue === 'object' && keyValue !== null)) throw new GiveUp();
      keys.add(keyValue);
      const value = this.value(line, valueAt, column, true);
      map.items.push(new Pair(key, value));
      // A collection ends where its last value does: after its line break, or after the `:` of
      // a last key without a value.
      end = value.range![2];
      const next = this.lines[this.index];
      if (!next || next.indent < column) break;
      if (next.indent > column || this.isSeqItem(next, column)) throw new GiveUp();
      position = next.start + column;
    }
    map.range = [firstAt, end, end];
    return map;
  }

  /** A block sequence whose `- ` indicators sit at `column`. */
  private seq(column: number): YAMLSeq {
    const seq = new YAMLSeq(SCHEMA);
    const start = this.lines[this.index].start + column;
    let end: number;
    for (;;) {
      const line = this.lines[this.index];
      let at = line.start + column + 1;
      while (this.text.charCodeAt(at) === 32) at++;
      if (at >= line.end || this.isSeqItem(line, at - line.start)) throw new GiveUp();
      const item = this.isKeyAt(line, at) ? this.map(at - line.start, at) : this.value(line, at, column, false);
      seq.items.push(item);
      end = item.range![2];
      const next = this.lines[this.index];
      // A key at the list's own column ends a list written under its key without indentation.
      if (!next || next.indent < column || (next.indent === column && !this.isSeqItem(next, column))) break;
      if (next.indent > column) throw new GiveUp();
    }
    seq.range = [start, end, end];
    return seq;
  }

  /** Whether a `key:` starts at `at` (the value of a `- ` item being a map). */
  private isKeyAt(line: Line, at: number): boolean {
    const colon = this.keyColon(line, at);
    return colon >= 0 && KEY.test(this.text.slice(at, colon));
  }

  private keyColon(line: Line, at: number): number {
    const colon = this.text.indexOf(':', at);
    if (colon < 0 || colon >= line.end) return -1;
    const after = this.text.charCodeAt(colon + 1);
    return colon + 1 === line.end || after === 32 ? colon : -1;
  }

  private key(line: Line, at: number): { key: Scalar; valueAt: number } {
    if (!line) throw new GiveUp();
    const colon = this.keyColon(line, at);
    if (colon < 0 || colon - at > MAX_KEY_LENGTH) throw new GiveUp();
    const source = this.text.slice(at, colon);
    if (!KEY.test(source)) throw new GiveUp();
    const key = plainScalar(source, at, colon, colon);
    let valueAt = colon + 1;
    while (valueAt < line.end && this.text.charCodeAt(valueAt) === 32) valueAt++;
    return { key, valueAt };
  }

  /**
   * The value starting at `at` on `line` (consuming the line), or, when the line ends there,
   * the block below it: more indented than `column`, or a `- ` list at `column` under a key.
   */
  private value(line: Line, at: number, column: number, underKey: boolean): Node {
    this.index++;
    if (at < line.end) {
      const next = this.lines[this.index];
      // A more indented line after a one-line value would continue it (or be an error).
      if (next && next.indent > column) throw new GiveUp();
      return this.inlineValue(at, line.end, line.next);
    }
    const next = this.lines[this.index];
    if (next && next.indent > column) return this.isSeqItem(next, next.indent) ? this.seq(next.indent) : this.map(next.indent, next.start + next.indent);
    if (underKey && next && next.indent === column && this.isSeqItem(next, column)) return this.seq(column);
    if (!underKey) throw new GiveUp();
    return plainScalar('', at, at, at, null);
  }

  private inlineValue(at: number, end: number, lineNext: number): Node {
    const first = this.text[at];
    if (first === '[') return this.flowSeq(at, end, lineNext);
    if (first === '{') {
      if (end !== at + 2 || this.text[at + 1] !== '}') throw new GiveUp();
      const map = new YAMLMap(SCHEMA);
      map.flow = true;
      map.range = [at, end, lineNext];
      return map;
    }
    if (first === '"' || first === "'") {
      const scalar = this.quoted(at, end);
      if (scalar.range![1] !== end) throw new GiveUp();
      scalar.range![2] = lineNext;
      return scalar;
    }
    const source = this.text.slice(at, end);
    if (!BLOCK_PLAIN_FIRST.test(source) || source.includes(' #') || source.includes(': ') || source.endsWith(':')) throw new GiveUp();
    return plainScalar(source, at, end, lineNext);
  }

  private quoted(at: number, limit: number): Scalar {
    const quote = this.text[at];
    const close = this.text.indexOf(quote, at + 1);
    if (close < 0 || close >= limit) throw new GiveUp();
    const value = this.text.slice(at + 1, close);
    if (quote === '"' && value.includes('\\')) throw new GiveUp();
    const scalar = new Scalar(value);
    scalar.type = quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    scalar.source = value;
    scalar.range = [at, close + 1, close + 1];
    return scalar;
  }

  /** `[a, "b", 'c']` on one line, nothing after it. */
  private flowSeq(at: number, end: number, lineNext: number): YAMLSeq {
    if (this.text[end - 1] !== ']') throw new GiveUp();
    const seq = new YAMLSeq(SCHEMA);
    seq.flow = true;
    seq.range = [at, end, lineNext];
    let position = this.skipSpaces(at + 1);
    if (position === end - 1) return seq;
    for (;;) {
      let item: Scalar;
      const first = this.text[position];
      if (first === '"' || first === "'") {
        item = this.quoted(position, end - 1);
        position = this.skipSpaces(item.range![1]);
      } else {
        let stop = position;
        while (stop < end - 1 && !' ,'.includes(this.text[stop])) stop++;
        const source = this.text.slice(position, stop);
        if (!FLOW_PLAIN.test(source) || (source[0] === '-' && source.length === 1)) throw new GiveUp();
        position = this.skipSpaces(stop);
        item = plainScalar(source, stop - source.length, stop, position);
      }
      seq.items.push(item);
      if (position === end - 1) return seq;
      if (this.text[position] !== ',') throw new GiveUp();
      position = this.skipSpaces(position + 1);
      if (position >= end - 1) throw new GiveUp();
    }
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === 32) at++;
    return at;
  }
}

/** A plain scalar resolved the way yaml's core schema does (null, booleans, numbers, strings). */
function plainScalar(source: string, start: number, end: number, nodeEnd: number, value?: null): Scalar {
  let resolved: unknown = source;
  if (value !== null) {
    const tag = PLAIN_TAGS.find((candidate) => candidate.test.test(source));
    if (tag) {
      const result = tag.resolve(source, () => {
        throw new GiveUp();
      }, {} as never);
      resolved = isScalar(result) ? result.value : result;
    }
  } else resolved = null;
  const scalar = new Scalar(resolved);
  scalar.type = Scalar.PLAIN;
  scalar.source = source;
  scalar.range = [start, end, nodeEnd];
  return scalar;
}
