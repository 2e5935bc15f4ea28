// Collects findings of one document, turning node ranges (relative to the document) into file offsets.
import type { Finding, Fix, OffsetEdit, Severity } from '../diagnostics';
import { RULES, type RuleCode } from './codes';
import { nodeSpan } from '../parse/yaml-nodes';
import type { ParsedDocument } from '../parse/parse';

export class FindingCollector {
  readonly findings: Finding[] = [];
  private readonly documentStart: number;

  constructor(private readonly document: ParsedDocument) {
    this.documentStart = document.start;
  }

  /** File offset where a node's line starts (-1 without a node): to insert a sibling line above it. */
  lineStart(node: unknown): number {
    if (!node) return -1;
    const relative = this.span(node)[0] - this.documentStart;
    return this.document.text.lastIndexOf('\n', relative - 1) + 1 + this.documentStart;
  }

  /** Column of a node within its line: the indentation of a sibling line. */
  column(node: unknown): number {
    return node ? this.span(node)[0] - this.lineStart(node) : 0;
  }

  /** File offsets of a node, or of a [start, end] pair relative to the document. */
  span(at: unknown): [number, number] {
    const relative = Array.isArray(at) ? (at as [number, number]) : (nodeSpan(at) ?? [0, 0]);
    return [relative[0] + this.documentStart, relative[1] + this.documentStart];
  }

  /** An edit replacing a node (or a relative span) with new text. */
  replace(at: unknown, newText: string): OffsetEdit {
    const [start, end] = this.span(at);
    return { start, end, newText };
  }

  report(code: RuleCode, message: string, at: unknown, options: { fixes?: Fix[]; severity?: Severity } = {}): void {
    const [start, end] = this.span(at);
    this.findings.push({
      code,
      message,
      severity: options.severity ?? RULES[code].severity,
      start,
      end: end > start ? end : start + 1,
      fixes: options.fixes,
    });
  }
}
