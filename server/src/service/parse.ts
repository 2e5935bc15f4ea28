// Parsing, once per YAML document: a file is split at its document markers and each document is
// parsed on its own, so an edit reparses only the document that changed (see parseFile).
// yaml's parser never throws on bad input; errors come back on each document.
import { parseDocument, YAMLParseError, type Document } from 'yaml';
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
  private parsed?: Document.Parsed;

  constructor(readonly text: string) {}

  /** The parse, kept for the requests that come back to this document (completion, hover). */
  get yaml(): Document.Parsed {
    this.parsed ??= parseYamlDocument(this.text);
    return this.parsed;
  }

  /**
   * The parse if it is kept, else a fresh one that is not kept: validating a whole file would
   * otherwise hold every document's tree at once, and collecting that heap costs more than
   * parsing again the few documents a user puts the cursor in.
   */
  parseOnce(): YamlParse {
    return this.parsed ?? parseBlockYaml(this.text) ?? parseYamlDocument(this.text);
  }
}

/** The document as seen by one pass over the file: parsed at most once, and not kept after. */
export function passingView(document: ParsedDocument): ParsedDocument {
  let parsed: YamlParse | undefined;
  return {
    start: document.start,
    text: document.text,
    source: document.source,
    get yaml() {
      parsed ??= document.source.parseOnce();
      return parsed;
    },
  };
}

export interface ParsedFile {
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
}

// A line that starts a document (`---`) or ends one (`...`). The YAML spec forbids these
// at column 0 inside any scalar, so splitting here never cuts a value in two.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

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
    if (marker[0] === '---') {
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

export function parseYamlDocument(text: string): Document.Parsed {
  try {
    return parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false });
  } catch (error) {
    // Pathological nesting can exhaust the stack; report it as a syntax error of this document.
    const fallback = parseDocument('');
    const message = error instanceof Error ? error.message : String(error);
    fallback.errors.push(new YAMLParseError([0, Math.min(text.length, 1)], 'UNEXPECTED_TOKEN', `This document cannot be parsed: ${message}`));
    return fallback;
  }
}

/**
 * Splits a file into documents, each parsed when first needed. Documents whose text did not
 * change since `previous` keep their parse, so an edit reparses only the document it touched.
 */
export function parseFile(text: string, previous?: ParsedFile): ParsedFile {
  const reusable = new Map<string, DocumentSource>();
  for (const doc of previous?.documents ?? []) reusable.set(doc.text, doc.source);
  return {
    text,
    documents: splitDocuments(text).map((chunk) => {
      const source = reusable.get(chunk.text) ?? new DocumentSource(chunk.text);
      return {
        start: chunk.start,
        text: chunk.text,
        source,
        get yaml() {
          return source.yaml;
        },
      };
    }),
  };
}
