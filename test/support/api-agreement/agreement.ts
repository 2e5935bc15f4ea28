// Compares the language service (what `kube-jobs lint` reports) with the API server's verdict on
// every case: no lint error on what the server accepts, and, on what it rejects, a lint error on
// the line of a field the server names.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import type { AgreementCase } from './cases';
import type { DryRunClient, ServerVerdict } from './dry-run';
import { ManifestLines, type LineSpan } from '../../../client/src/editor/field-lines';

export type Outcome =
  /** Accepted, and lint has no error. */
  | 'agreed'
  /** Accepted, but lint reports an error. */
  | 'false-alarm'
  /** Rejected, and lint has an error on a line of a field the server names. */
  | 'caught'
  /** Rejected; lint has errors, none on the server's field. */
  | 'elsewhere'
  /** Rejected; lint has no error at all. */
  | 'missed';

export interface CaseResult {
  readonly case: AgreementCase;
  readonly verdict: ServerVerdict;
  readonly errors: readonly Diagnostic[];
  readonly outcome: Outcome;
  /** The server named no field or line that is in the text: caught means any lint error. */
  readonly unlocated: boolean;
}

// The server this suite runs against (the schema may be older: newer fields are only warnings).
const KUBERNETES_VERSION = '1.34';

const service = createLanguageService({ kubernetesVersion: KUBERNETES_VERSION });

export function lintErrors(text: string): Diagnostic[] {
  const uri = 'file:///agreement.yaml';
  const errors = service.validate(TextDocument.create(uri, 'yaml', 1, text)).filter((d) => d.severity === DiagnosticSeverity.Error);
  service.forget(uri);
  return errors;
}

/** The lines the server's answer points at: its fields' spans, and the lines it names. */
export function verdictSpans(text: string, verdict: ServerVerdict): LineSpan[] {
  const lines = new ManifestLines(text);
  return [...verdict.fields.flatMap((field) => lines.spans(field)), ...verdict.lines.map((line) => ({ first: line - 1, last: line - 1 }))];
}

export function judgeCase(agreementCase: AgreementCase, verdict: ServerVerdict): CaseResult {
  const errors = lintErrors(agreementCase.yaml);
  if (verdict.accepted) return { case: agreementCase, verdict, errors, outcome: errors.length > 0 ? 'false-alarm' : 'agreed', unlocated: false };
  if (errors.length === 0) return { case: agreementCase, verdict, errors, outcome: 'missed', unlocated: false };
  const spans = verdictSpans(agreementCase.yaml, verdict);
  if (spans.length === 0) return { case: agreementCase, verdict, errors, outcome: 'caught', unlocated: true };
  const onField = errors.some((error) => spans.some((span) => error.range.start.line <= span.last && error.range.end.line >= span.first));
  return { case: agreementCase, verdict, errors, outcome: onField ? 'caught' : 'elsewhere', unlocated: false };
}

/** Judges every case on the server, `concurrency` requests at a time, and compares each with lint. */
export async function compareWithServer(cases: readonly AgreementCase[], client: DryRunClient, concurrency: number): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const verdict = await client.judge(cases[index].kind, cases[index].yaml);
      results[index] = judgeCase(cases[index], verdict);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export interface AgreementFigures {
  readonly manifests: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly falseAlarms: number;
  readonly caught: number;
  readonly elsewhere: number;
  readonly missed: number;
  readonly unlocated: number;
  /** Rejected because the server failed (a panic), not by validation. */
  readonly serverErrors: number;
  /** caught / rejected, in percent. */
  readonly caughtPercent: number;
  /** Misses (elsewhere or missed) and false alarms, counted by category. */
  readonly missesByCategory: Readonly<Record<string, number>>;
  readonly falseAlarmsByCategory: Readonly<Record<string, number>>;
}

export function figures(results: readonly CaseResult[]): AgreementFigures {
  const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  const byCategory = (outcomes: Outcome[]) => {
    const counts: Record<string, number> = {};
    for (const r of results) if (outcomes.includes(r.outcome)) counts[r.case.category] = (counts[r.case.category] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
  };
  const rejected = results.filter((r) => !r.verdict.accepted).length;
  return {
    manifests: results.length,
    accepted: results.length - rejected,
    rejected,
    falseAlarms: count('false-alarm'),
    caught: count('caught'),
    elsewhere: count('elsewhere'),
    missed: count('missed'),
    unlocated: results.filter((r) => r.unlocated).length,
    serverErrors: results.filter((r) => r.verdict.serverError).length,
    caughtPercent: rejected === 0 ? 100 : Math.floor((count('caught') / rejected) * 1000) / 10,
    missesByCategory: byCategory(['elsewhere', 'missed']),
    falseAlarmsByCategory: byCategory(['false-alarm']),
  };
}

export function formatFigures(f: AgreementFigures): string {
  const list = (counts: Readonly<Record<string, number>>) => Object.entries(counts).map(([category, n]) => `${category} ${n}`).join(', ') || 'none';
  return [
    `manifests ${f.manifests}: accepted ${f.accepted}, rejected ${f.rejected} (${f.serverErrors} by a server failure)`,
    `false alarms (lint error on an accepted manifest): ${f.falseAlarms}${f.falseAlarms ? ` (${list(f.falseAlarmsByCategory)})` : ''}`,
    `rejected and caught at the server's field: ${f.caught} (${f.caughtPercent}%; ${f.unlocated} of them name no field, any error counts)`,
    `rejected, lint error elsewhere: ${f.elsewhere}; rejected, no lint error: ${f.missed}`,
    `misses by category: ${list(f.missesByCategory)}`,
  ].join('\n');
}

/** One line per disagreement, to read what to fix. */
export function describeDisagreement(r: CaseResult): string {
  const server = r.verdict.accepted ? 'accepted' : `${r.verdict.status} [${r.verdict.fields.join(', ')}] ${r.verdict.message.slice(0, 300)}`;
  const lint = r.errors.map((e) => `${e.range.start.line + 1}: ${String(e.code)} ${String(e.message).slice(0, 120)}`).join(' | ') || 'no error';
  return `${r.outcome} ${r.case.id} (${r.case.category}) ${r.case.what}\n  server: ${server}\n  lint: ${lint}`;
}
