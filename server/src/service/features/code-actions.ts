// Quick fixes: the fixes attached to the findings that touch the requested range.
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, toRange, type Finding } from '../diagnostics';

export function quickFixes(document: TextDocument, findings: readonly Finding[], range: Range): CodeAction[] {
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!finding.fixes || finding.end < from || finding.start > to) continue;
    const diagnostic = toDiagnostic(document, finding);
    for (const fix of finding.fixes) {
      const edits: TextEdit[] = fix.edits.map((edit) => ({ range: toRange(document, edit.start, edit.end), newText: edit.newText }));
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: { changes: { [document.uri]: edits } },
      });
    }
  }
  return actions;
}
