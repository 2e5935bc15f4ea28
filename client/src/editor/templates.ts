// "New Job from Template": the snippets of snippets/ offered in a picker, inserted into a new
// YAML document with their tab stops and choices live.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';

interface Snippet {
  prefix: string | string[];
  description?: string;
  body: string | string[];
}

/** `pick` names a template (its snippet name) instead of asking. */
export async function newJobFromTemplate(extensionUri: vscode.Uri, pick?: string): Promise<void> {
  const file = vscode.Uri.joinPath(extensionUri, 'snippets', 'kube-jobs.code-snippets');
  let snippets: Record<string, Snippet>;
  try {
    snippets = JSON.parse(await readFile(file.fsPath, 'utf8')) as Record<string, Snippet>;
  } catch (error) {
    void vscode.window.showErrorMessage(`Kube Jobs: the templates could not be read: ${String(error)}`);
    return;
  }
  const items = Object.entries(snippets).map(([label, snippet]) => ({ label, description: snippet.description, snippet }));
  const picked = pick !== undefined
    ? items.find((item) => item.label === pick)
    : await vscode.window.showQuickPick(items, { title: 'Kube Jobs: New Job from Template', placeHolder: 'Which kind of Job?', matchOnDescription: true });
  if (!picked) return;
  const body = Array.isArray(picked.snippet.body) ? picked.snippet.body.join('\n') : picked.snippet.body;
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(body));
}
