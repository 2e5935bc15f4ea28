// The language service: pure functions over in-memory documents, created by a factory.
// No LSP connection and no `vscode` here; the server and the CLI both wire it.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFile, type ParsedFile } from './parse';
import { syntaxFindings } from './syntax';
import { toDiagnostic } from './diagnostics';

export interface LanguageServiceOptions {
  /** The Kubernetes version diagnostics are checked against, "1.34" say. */
  kubernetesVersion?: string;
}

export interface KubeJobsLanguageService {
  validate(document: TextDocument): Diagnostic[];
  configure(options: LanguageServiceOptions): void;
  /** Forget the cached parse of a closed document. */
  forget(uri: string): void;
}

export function createLanguageService(options: LanguageServiceOptions = {}): KubeJobsLanguageService {
  let settings = { ...options };
  const cache = new Map<string, { version: number; file: ParsedFile }>();

  function parsed(document: TextDocument): ParsedFile {
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version) return hit.file;
    const file = parseFile(document.getText());
    cache.set(document.uri, { version: document.version, file });
    return file;
  }

  return {
    validate(document) {
      return syntaxFindings(parsed(document)).map((finding) => toDiagnostic(document, finding));
    },
    configure(next) {
      settings = { ...settings, ...next };
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}
