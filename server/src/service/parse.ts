// Parsing, once per document version: every YAML document of a file with its offsets.
// yaml's parser never throws on bad input; errors come back on each document.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface ParsedFile {
  readonly text: string;
  readonly lineCounter: LineCounter;
  readonly documents: readonly Document.Parsed[];
}

export function parseFile(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  // parseAllDocuments returns an EmptyStream (an array with `empty`) for a file without documents.
  const documents = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  return { text, lineCounter, documents };
}
