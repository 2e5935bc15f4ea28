// Parsing, once per YAML document: a file is split at its document markers and each document is
// parsed on its own, so an edit reparses only the document that changed (see parseFile).
// yaml's parser never throws on bad input; errors come back on each document.
import { Composer, parseDocument, visit, YAMLParseError, type Document } from 'yaml';
import { aliasProblem, readTokens, TOO_DEEP_MESSAGE } from './parse-limits';
import { parseBlockYaml, type YamlParse } from './block-yaml';

/** One YAML document of a file: its text, where it starts in the file, and its parse. */
export interface ParsedDocument {
  /** Offset of the document's first character in the file; node ranges are relative to it. */
  readonly start: number;
  readonly text: string;
  /** Parsed on first use: documents nobody asks about (not a Job, say) are never parsed. */
  readonly yaml: YamlParse;
  /** The same object for the same text across edits, to remember results by. */
  readonly source: DocumentSource;
}

/** A document's text and its parse, shared by every version of the file that has that text. */
export class DocumentSource {
  private parsed?: YamlParse;

  constructor(readonly text: string) {}

  /** The parse, kept for the requests that come back to this document (completion, hover). */
  get yaml(): YamlParse {
    this.parsed ??= parseYaml(this.text);
    return this.parsed;
  }

  /**
   * The parse if it is kept, else a fresh one that is not kept: validating a whole file would
   * otherwise hold every document's tree at once, and collecting that heap costs more than
   * parsing again the few documents a user puts the cursor in.
   */
  parseOnce(): YamlParse {
    return this.parsed ?? parseYaml(this.text);
  }
}

/** The document as seen by one pass over the file: parsed at most once, and not kept after. */
export function passingView(document: ParsedDocument): ParsedDocument {
  return new PassingView(document.start, document.text, document.source);
}

// A class, not an object literal with a getter: V8 gives each such literal a hidden class of its
// own that holds the getter's closure, so every document's parse outlived its check until the
// next full garbage collection — and made each young-generation collection copy it.
class PassingView implements ParsedDocument {
  private parsed?: YamlParse;

  constructor(
    readonly start: number,
    readonly text: string,
    readonly source: DocumentSource,
  ) {}

  get yaml(): YamlParse {
    this.parsed ??= this.source.parseOnce();
    return this.parsed;
  }
}

export interface ParsedFile {
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
}

// A line that starts a document (`---`) or ends one (`...`), maybe after a byte-order mark
// (allowed before each document). The YAML spec forbids these at column 0 inside any scalar, so
// splitting here never cuts a value in two. Lines end at \n only: YAML has no other line break
// once carriage returns are line feeds (see withLineFeeds).
const MARKER = /(?<![^\n])\ufeff?(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;

/**
 * The text with each lone carriage return (old Mac line ends, a line break in YAML 1.2) made a
 * line feed. Same length, so every offset stays where it was; editors count lines the same way.
 */
export function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Splits a file into document texts; comments and directives before `---` stay with it. */
export function splitDocuments(text: string): { start: number; text: string }[] {
  const chunks: { start: number; text: string }[] = [];
  let chunkStart = 0;
  let hasContent = false;
  let scanned = 0;
  for (const marker of text.matchAll(MARKER)) {
    const at = marker.index;
    if (!hasContent) hasContent = hasContentBetween(text, scanned, at);
    scanned = at;
    if (marker[0].endsWith('---')) {
      if (hasContent) {
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, at) });
        chunkStart = at;
      }
      hasContent = true;
    } else {
      // `...` ends the document: it belongs to the current chunk, a new one starts after it.
      const lineEnd = text.indexOf('\n', at);
      const end = lineEnd < 0 ? text.length : lineEnd + 1;
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, end) });
      chunkStart = end;
      scanned = end;
      hasContent = false;
    }
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** Whether lines hold anything but blank lines, comments and directives. */
function hasContentBetween(text: string, from: number, to: number): boolean {
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const line = text.slice(lineStart, lineEnd).trim();
    if (line !== '' && !line.startsWith('#') && !line.startsWith('%')) return true;
    lineStart = lineEnd + 1;
  }
  return false;
}

/** A document's parse: plain block YAML by the quick parser, anything else by yaml. */
export function parseYaml(text: string): YamlParse {
  return parseBlockYaml(text) ?? parseYamlDocument(text);
}

// yaml's parser reads process.env.LOG_TOKENS for each token, and every read of process.env asks
// the operating system's environment: that is a third of its time. It parses with a plain copy.
const YAML_ENV: NodeJS.ProcessEnv = { LOG_TOKENS: process.env.LOG_TOKENS, LOG_STREAM: process.env.LOG_STREAM };

export function parseYamlDocument(text: string): Document.Parsed {
  const env = process.env;
  process.env = YAML_ENV;
  try {
    const bom = bomAtContentStart(text);
    if (bom === undefined) return parseYamlWithEnv(text);
    const doc = parseYamlWithEnv(text.slice(0, bom) + text.slice(bom + 1));
    shiftPositions(doc, bom);
    return doc;
  } finally {
    process.env = env;
  }
}

// A document's `---` line and blank or comment lines, then a byte-order mark: files joined with
// `---` between them keep the mark each had at its start.
const BOM_AFTER_MARKER = /^\ufeff?---[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*\ufeff/;

/** Where a byte-order mark starts a document's content after its `---` line; yaml takes one only before it. */
function bomAtContentStart(text: string): number | undefined {
  const match = BOM_AFTER_MARKER.exec(text);
  return match ? match[0].length - 1 : undefined;
}

/** Moves the positions of a parse made without the character at `removed` back to the text with it. */
function shiftPositions(doc: Document.Parsed, removed: number): void {
  const shift = (position: number): number => (position >= removed ? position + 1 : position);
  for (const problem of [...doc.errors, ...doc.warnings]) problem.pos = [shift(problem.pos[0]), shift(problem.pos[1])];
  doc.range = [shift(doc.range[0]), shift(doc.range[1]), shift(doc.range[2])];
  visit(doc, {
    Node(_key, node) {
      if (node.range) node.range = [shift(node.range[0]), shift(node.range[1]), shift(node.range[2])];
    },
  });
}

// logLevel 'error': yaml would otherwise print its warnings (a map or list as a key, read as text) with
// process.emitWarning, into the CLI's terminal and the server's log; they are not the user's problem.
const OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false, logLevel: 'error' } as const;

// yaml's parseDocument in its two steps, so that the depth of the parser's tokens is checked
// before the (recursive) composer builds nodes from them (see readTokens); then the aliases.
function parseYamlWithEnv(text: string): Document.Parsed {
  try {
    const tokens = readTokens(text);
    if (typeof tokens === 'number') return unreadable(text, tokens, TOO_DEEP_MESSAGE);
    let doc: Document.Parsed | undefined;
    for (const next of new Composer(OPTIONS).compose(tokens, true, text.length)) {
      if (doc) {
        doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
        break;
      }
      doc = next;
    }
    doc ??= parseDocument('', OPTIONS);
    // Only an alias (`*name`) can make one; most documents have none.
    const alias = text.includes('*') ? aliasProblem(doc) : undefined;
    if (alias?.alias.range) doc.errors.push(new YAMLParseError([alias.alias.range[0], alias.alias.range[1]], 'BAD_ALIAS', alias.message));
    return doc;
  } catch (error) {
    // Whatever the limits missed: a syntax error of this document, never a crash.
    const message = error instanceof RangeError ? TOO_DEEP_MESSAGE : `This document cannot be parsed: ${error instanceof Error ? error.message : String(error)}`;
    return unreadable(text, 0, message);
  }
}

/** An empty document with one error at `at`. */
function unreadable(text: string, at: number, message: string): Document.Parsed {
  const empty = parseDocument('', OPTIONS);
  empty.errors.push(new YAMLParseError([at, Math.min(text.length, at + 1)], 'UNEXPECTED_TOKEN', message));
  return empty;
}

/** A document of a file: where it starts, its text, and its parse shared through `source`. */
class FileDocument implements ParsedDocument {
  constructor(
    readonly start: number,
    readonly text: string,
    readonly source: DocumentSource,
  ) {}

  get yaml(): YamlParse {
    return this.source.yaml;
  }
}

/**
 * Splits a file into documents, each parsed when first needed. Documents whose text did not
 * change since `previous` keep their parse, so an edit reparses only the document it touched.
 * The file's text, and its documents', have lone carriage returns as line feeds.
 */
export function parseFile(original: string, previous?: ParsedFile): ParsedFile {
  const text = withLineFeeds(original);
  const before = previous?.documents ?? [];
  const chunks = splitDocuments(text);
  // An edit leaves the documents before it where they were, and those after it as far from the
  // end: look there first, comparing texts, rather than hashing every document's text.
  const sizeChange = text.length - (previous?.text.length ?? 0);
  const byStart = new Map<number, ParsedDocument>();
  for (const doc of before) byStart.set(doc.start, doc);
  const unmatched: number[] = [];
  const documents = chunks.map((chunk, index) => {
    const candidate = byStart.get(chunk.start) ?? byStart.get(chunk.start - sizeChange);
    if (candidate?.text === chunk.text) return new FileDocument(chunk.start, chunk.text, candidate.source);
    unmatched.push(index);
    return new FileDocument(chunk.start, chunk.text, new DocumentSource(chunk.text));
  });
  // More than the one edited document is new here: documents were moved around, or many edits
  // came at once. Look those up by text.
  if (unmatched.length > 1 && before.length > 0) {
    const byText = new Map(before.map((doc) => [doc.text, doc.source]));
    for (const index of unmatched) {
      const source = byText.get(chunks[index].text);
      if (source) documents[index] = new FileDocument(chunks[index].start, chunks[index].text, source);
    }
  }
  return { text, documents };
}
