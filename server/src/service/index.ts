// The language service: pure functions over in-memory documents, created by a factory.
// No LSP connection and no `vscode` here; the server and the CLI both wire it.
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, Hover, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFile, type ParsedFile } from './parse/parse';
import { toDiagnostics, type Finding } from './diagnostics';
import { FileValidator } from './rules/validation';
import { targetVersion } from './rules/metadata-rules';
import { configuredSeverity } from './rules/codes';
import { warmUpChecks } from './rules/warm-up';
import { quickFixes } from './features/code-actions';
import { completions } from './features/completion';
import { hover } from './features/hover';
import { documentSymbols } from './features/symbols';

export { RULES } from './rules/codes';
export { SCHEMA_KUBERNETES_VERSION } from './schema';

export interface LanguageServiceOptions {
  /** The Kubernetes version diagnostics are checked against, "1.30" say; default: the schema's. */
  kubernetesVersion?: string;
  /** Severity per diagnostic code: off, error, warning, info (or information), hint. */
  rules?: Readonly<Record<string, string>>;
  /** The clock for the next run times in hovers (tests pin it). */
  now?: () => Date;
}

export interface KubeJobsLanguageService {
  validate(document: TextDocument): Diagnostic[];
  /** validate(), pausing after each slice of `sliceMs` so that a server stays responsive. */
  validateInSteps(document: TextDocument, sliceMs: number): Generator<void, Diagnostic[]>;
  completion(document: TextDocument, offset: number): CompletionItem[];
  hover(document: TextDocument, offset: number): Hover | null;
  codeActions(document: TextDocument, range: Range): CodeAction[];
  documentSymbols(document: TextDocument): DocumentSymbol[];
  configure(options: LanguageServiceOptions): void;
  /** Forget the cached parse of a closed document. */
  forget(uri: string): void;
  /** Checks a built-in sample, so that a fresh process has its checks compiled before a real file. */
  warmUp(): void;
}

export function createLanguageService(options: LanguageServiceOptions = {}): KubeJobsLanguageService {
  let settings: LanguageServiceOptions = { ...options };
  const validator = new FileValidator(targetVersion(settings.kubernetesVersion));
  const cache = new Map<string, { version: number; file: ParsedFile; findings?: Finding[] }>();

  function entry(document: TextDocument): { version: number; file: ParsedFile; findings?: Finding[] } {
    const hit = cache.get(document.uri);
    if (hit && hit.version === document.version) return hit;
    const fresh = { version: document.version, file: parseFile(document.getText(), hit?.file) };
    cache.set(document.uri, fresh);
    return fresh;
  }

  /** Findings with the configured severities (those turned off are gone), computed in slices. */
  function* findingsInSteps(document: TextDocument, sliceMs: number): Generator<void, Finding[]> {
    const cached = entry(document);
    if (!cached.findings) {
      const rules = settings.rules ?? {};
      const configured: Finding[] = [];
      for (const finding of yield* validator.findingsInSteps(cached.file, sliceMs)) {
        const severity = Object.hasOwn(rules, finding.code) ? configuredSeverity(rules[finding.code], finding.severity) : finding.severity;
        if (severity !== 'off') configured.push(severity === finding.severity ? finding : { ...finding, severity });
      }
      cached.findings = configured;
    }
    return cached.findings;
  }

  function findings(document: TextDocument): Finding[] {
    const steps = findingsInSteps(document, Infinity);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  return {
    validate(document) {
      return toDiagnostics(document, findings(document));
    },
    *validateInSteps(document, sliceMs) {
      const found = yield* findingsInSteps(document, sliceMs);
      return toDiagnostics(document, found);
    },
    completion(document, offset) {
      return completions(document, entry(document).file, offset);
    },
    hover(document, offset) {
      return hover(document, entry(document).file, offset, settings.now?.() ?? new Date());
    },
    codeActions(document, range) {
      return quickFixes(document, findings(document), range);
    },
    documentSymbols(document) {
      return documentSymbols(document, entry(document).file);
    },
    configure(next) {
      settings = { ...settings, ...next };
      validator.retarget(targetVersion(settings.kubernetesVersion));
      for (const cached of cache.values()) cached.findings = undefined;
    },
    forget(uri) {
      cache.delete(uri);
    },
    warmUp() {
      warmUpChecks();
    },
  };
}
