// The language service's problems for one manifest text, as the CLI reports them.
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '@language-service';
import { toProblem, type LintProblem } from './lint';

export function lintText(file: string, text: string, kubernetesVersion?: string): LintProblem[] {
  const document = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
  return createLanguageService({ kubernetesVersion }).validate(document).map((d) => toProblem(file, d));
}
