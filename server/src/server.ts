// Wires LSP requests to the language service. No language knowledge lives here.
import { TextDocuments, TextDocumentSyncKind, type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './service';
import { runSafe } from './run-safe';
import { SETTINGS_SECTION } from '@shared/protocol';
import { DEFAULT_VALIDATION_DELAY_MS, readSettings } from './settings';

// Validation of a huge file runs in slices this long, with requests answered in between.
const VALIDATION_SLICE_MS = 20;
// Rounds of checks on a sample (about a millisecond each) while the client sends the first file.
const WARM_UP_ROUNDS = 40;

export interface ServerHooks {
  /** Called once, when the checks have run on a file or on the warm-up sample. */
  readonly checksCompiled?: () => void;
}

export function startServer(connection: Connection, hooks: ServerHooks = {}): void {
  const documents = new TextDocuments(TextDocument);
  const service = createLanguageService();
  const pending = new Map<string, NodeJS.Timeout>();
  let validationDelay = DEFAULT_VALIDATION_DELAY_MS;
  let canPullConfiguration = false;
  // Until the client's settings arrive, nothing is published: the first diagnostics already
  // honour the configured version and severities.
  let settingsLoaded = false;

  connection.onInitialize((params) => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    settingsLoaded = !canPullConfiguration;
    applySettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', ':'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'kube-jobs-language-server' },
    };
  });

  connection.onInitialized(() => {
    void refreshSettings();
    warmUp(0);
  });

  // One round per turn of the event loop, so that the client's messages are read in between;
  // over as soon as a document is open.
  function warmUp(round: number): void {
    if (documents.all().length > 0) return;
    if (round >= WARM_UP_ROUNDS) return checksCompiled();
    runSafe(connection, 'warming up', undefined, () => service.warmUp());
    setImmediate(() => warmUp(round + 1));
  }

  connection.onDidChangeConfiguration((change) => {
    // Clients that cannot be asked push their settings with the notification.
    const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (!canPullConfiguration && pushed !== undefined) {
      applySettings(pushed);
      revalidateAll();
      return;
    }
    void refreshSettings();
  });

  // Each wrong value is said once, not again at every settings refresh while it stays wrong.
  let warned = new Set<string>();
  function applySettings(section: unknown): void {
    const { settings, warnings } = readSettings(section);
    for (const warning of warnings) if (!warned.has(warning)) connection.console.warn(`settings: ${warning}`);
    warned = new Set(warnings);
    service.configure({ kubernetesVersion: settings.kubernetesVersion, rules: settings.rules });
    validationDelay = settings.validationDelay;
  }

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      applySettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch (error) {
      connection.console.error(`reading settings failed: ${String(error)}`);
    }
    settingsLoaded = true;
    revalidateAll();
  }

  function revalidateAll(): void {
    for (const document of documents.all()) scheduleValidation(document, 0);
  }

  function scheduleValidation(document: TextDocument, delay: number): void {
    if (!settingsLoaded) return;
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        validate(document.uri, document.version);
      }, delay),
    );
  }

  function validate(uri: string, version: number): void {
    const document = documents.get(uri);
    // Publish only for the version we were asked about: a newer edit has its own validation coming.
    if (!document || document.version !== version) return;
    const steps = service.validateInSteps(document, VALIDATION_SLICE_MS);
    const step = (): void => {
      if (documents.get(uri)?.version !== version) return;
      const result = runSafe<IteratorResult<void, Diagnostic[]>>(connection, `validating ${uri}`, { done: true, value: [] }, () => steps.next());
      // Between slices the event loop answers completion and hover requests.
      if (!result.done) setImmediate(step);
      else {
        void connection.sendDiagnostics({ uri, version, diagnostics: result.value });
        checksCompiled();
      }
    };
    step();
  }

  let compiled = false;
  function checksCompiled(): void {
    if (compiled) return;
    compiled = true;
    hooks.checksCompiled?.();
  }

  // A document just opened is validated at once; edits wait for the configured delay.
  const seen = new Set<string>();
  documents.onDidChangeContent(({ document }) => {
    scheduleValidation(document, seen.has(document.uri) ? validationDelay : 0);
    seen.add(document.uri);
  });
  documents.onDidClose(({ document }) => {
    seen.delete(document.uri);
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    service.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onCompletion(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    return runSafe(connection, `completion in ${textDocument.uri}`, [], () => service.completion(document, document.offsetAt(position)));
  });

  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    return runSafe(connection, `hover in ${textDocument.uri}`, null, () => service.hover(document, document.offsetAt(position)));
  });

  connection.onCodeAction(({ textDocument, range }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    return runSafe(connection, `code actions in ${textDocument.uri}`, [], () => service.codeActions(document, range));
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    return runSafe(connection, `symbols of ${textDocument.uri}`, [], () => service.documentSymbols(document));
  });

  documents.listen(connection);
  connection.listen();
}
