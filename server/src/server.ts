// Wires LSP requests to the language service. No language knowledge lives here.
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from './service';
import { runSafe } from './run-safe';
import { DEFAULT_VALIDATION_DELAY_MS, SETTINGS_SECTION, type ServerSettings } from './settings';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = createLanguageService();
  const pending = new Map<string, NodeJS.Timeout>();
  let validationDelay = DEFAULT_VALIDATION_DELAY_MS;
  let canPullConfiguration = false;

  connection.onInitialize((params) => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
      },
      serverInfo: { name: 'kube-jobs-language-server' },
    };
  });

  connection.onInitialized(() => {
    void refreshSettings();
  });

  connection.onDidChangeConfiguration(() => {
    void refreshSettings();
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const settings = ((await connection.workspace.getConfiguration(SETTINGS_SECTION)) ?? {}) as ServerSettings;
      service.configure({ kubernetesVersion: settings.kubernetesVersion });
      validationDelay = settings.validation?.delay ?? DEFAULT_VALIDATION_DELAY_MS;
    } catch (error) {
      connection.console.error(`reading settings failed: ${String(error)}`);
    }
    for (const document of documents.all()) scheduleValidation(document, 0);
  }

  function scheduleValidation(document: TextDocument, delay: number): void {
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
    const diagnostics = runSafe(connection, `validating ${uri}`, [], () => service.validate(document));
    void connection.sendDiagnostics({ uri, version, diagnostics });
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

  documents.listen(connection);
  connection.listen();
}
