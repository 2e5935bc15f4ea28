// A manifest's documents as the run engine and the editor read them: split and parsed as the
// language service reads them (line ends, byte-order marks, limits), so that a run, a CodeLens
// and a diagnostic always agree on where a document is and whether it is broken.
import { parseFile, parseYamlDocument, type ParsedDocument } from '../parse/parse';
import { MAX_ALIAS_COUNT } from '../parse/parse-limits';
import { asMap, nodeSpan, pairOf, stringAt } from '../parse/yaml-nodes';
import { syntaxFindings } from '../rules/syntax';
import { firstKeyWithoutJson } from '../rules/json-keys';

/** The document as plain data, or the offset and reason it cannot be read. */
export type DocumentContent = { value: unknown } | { problem: { offset: number; message: string } };

export class ManifestDocument {
  private outline?: { broken: boolean; kind?: string; name?: string; anchor: number };

  constructor(private readonly document: ParsedDocument) {}

  /** Offset of the document's first character in the text. */
  get start(): number {
    return this.document.start;
  }

  /** Offset just past the document's last character. */
  get end(): number {
    return this.document.start + this.document.text.length;
  }

  /** Whether the document has syntax errors. */
  get broken(): boolean {
    return this.outlined().broken;
  }

  /** Its `kind` as written; undefined when broken. */
  get kind(): string | undefined {
    return this.outlined().kind;
  }

  /** Its `metadata.name` as written; undefined when broken. */
  get name(): string | undefined {
    return this.outlined().name;
  }

  /** Offset of the `kind:` key (where a CodeLens belongs), else of the document. */
  get anchor(): number {
    return this.outlined().anchor;
  }

  /** The values, by the full parser, checked for syntax errors and aliases as the server checks them. */
  read(): DocumentContent {
    const doc = parseYamlDocument(this.document.text);
    const error = syntaxFindings(doc, this.start).find((finding) => finding.severity === 'error');
    if (error) return { problem: { offset: error.start, message: error.message } };
    // ConfigMaps and Secrets too, which the checks of a Job's fields do not read.
    const key = firstKeyWithoutJson(doc);
    if (key) return { problem: { offset: this.start + key.offset, message: key.message } };
    try {
      // The alias limit was checked with the parse; yaml's own check of it stays as a backstop.
      return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (failure) {
      return { problem: { offset: this.start, message: failure instanceof Error ? failure.message : String(failure) } };
    }
  }

  // The quick parse, not kept: an outline is asked for once per text.
  private outlined(): { broken: boolean; kind?: string; name?: string; anchor: number } {
    if (!this.outline) {
      const parse = this.document.source.parseOnce();
      const root = asMap(parse.contents);
      if (parse.errors.length > 0 || !root) this.outline = { broken: parse.errors.length > 0, anchor: this.start };
      else {
        const anchor = this.start + (nodeSpan(pairOf(root, 'kind')?.key)?.[0] ?? 0);
        this.outline = { broken: false, kind: stringAt(root, 'kind'), name: stringAt(root, 'metadata', 'name'), anchor };
      }
    }
    return this.outline;
  }
}

/** The documents of a manifest text, in order. */
export function manifestDocuments(text: string): ManifestDocument[] {
  return parseFile(text).documents.map((document) => new ManifestDocument(document));
}
