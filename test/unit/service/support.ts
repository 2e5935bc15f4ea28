// Helpers for the language service tests: documents from template strings with a `|` caret.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageServiceOptions } from '../../../server/src/service';

let version = 0;

/** Removes the indentation common to all non-blank lines, and the first line break. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n');
}

export function yamlDocument(text: string, uri = 'file:///test/job.yaml'): TextDocument {
  return TextDocument.create(uri, 'yaml', ++version, text);
}

/** A document and the offset of its `|` caret marker (removed from the text). */
export function withCaret(text: string): { document: TextDocument; offset: number } {
  const source = dedent(text);
  const offset = source.indexOf('|');
  if (offset < 0) throw new Error('no | caret in the test document');
  return { document: yamlDocument(source.slice(0, offset) + source.slice(offset + 1)), offset };
}

export function service(options: LanguageServiceOptions = {}) {
  return createLanguageService(options);
}

/** The codes of a document's diagnostics, sorted, for compact assertions. */
export function codes(text: string, options: LanguageServiceOptions = {}): string[] {
  return service(options)
    .validate(yamlDocument(dedent(text)))
    .map((d) => String(d.code))
    .sort();
}

/** A valid Job that triggers nothing, to which each test adds one mistake. */
export const CLEAN_JOB = `
apiVersion: batch/v1
kind: Job
metadata:
  name: clean
spec:
  ttlSecondsAfterFinished: 600
  template:
    spec:
      containers:
        - name: main
          image: busybox:1.36
          resources:
            limits:
              memory: 64Mi
      restartPolicy: Never
`;

/** A valid CronJob that triggers nothing, with the parts a test varies. */
export function cronJob(parts: { name?: string; schedule?: string; timeZone?: string; apiVersion?: string } = {}): string {
  const timeZone = parts.timeZone === undefined ? '' : `  timeZone: ${parts.timeZone}\n`;
  return [
    `apiVersion: ${parts.apiVersion ?? 'batch/v1'}`,
    'kind: CronJob',
    'metadata:',
    `  name: ${parts.name ?? 'c'}`,
    'spec:',
    `  schedule: "${parts.schedule ?? '@daily'}"`,
    `${timeZone}  startingDeadlineSeconds: 60`,
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          containers: [{name: c, image: "busybox:1.36", resources: {limits: {memory: 1Mi}}}]',
    '          restartPolicy: OnFailure',
    '',
  ].join('\n');
}
