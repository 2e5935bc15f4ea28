// Where the API server's answers about a manifest belong in its file: a refused field at its
// line, in the document of the object it was about (the Job, or a ConfigMap or Secret of the
// same file); what names no field, and warnings, at the object's `kind:` line. Plain data, no
// `vscode`: the editor turns it into diagnostics.
import type { DocumentSpan, KubeObject } from '../runs/manifest';
import type { ServerProblem, ServerVerdict } from '../runs/cluster/server-check';
import { ManifestLines } from './field-lines';
import { lineOf } from './workload-documents';

/** Lines of the file, 0-based, inclusive. */
export interface PlacedLines {
  first: number;
  last: number;
}

/** One thing the API server said, where it belongs. */
export interface PlacedAnswer {
  lines: PlacedLines;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export class ServerAnswerPlaces {
  private readonly lines = new Map<KubeObject, ManifestLines>();

  constructor(
    private readonly text: string,
    private readonly places: ReadonlyMap<KubeObject, DocumentSpan>,
  ) {}

  /**
   * Everything the verdict says, placed: each refusal at its field, each warning and "already
   * exists" (followed by `whatNext`, which the editor and the CLI word each their way) at the object.
   */
  answers(verdict: ServerVerdict, workload: KubeObject, whatNext: string): PlacedAnswer[] {
    const atObject = this.kindLine(workload);
    const answers: PlacedAnswer[] = verdict.problems.map((p) => ({ lines: this.problem(p, workload), severity: 'error', message: p.field ? `${p.message} (${p.field})` : p.message }));
    for (const warning of verdict.warnings) answers.push({ lines: atObject, severity: 'warning', message: `Warning: ${warning}` });
    if (verdict.exists) answers.push({ lines: atObject, severity: 'info', message: `${verdict.workload} already exists in ${verdict.namespace}: ${whatNext}` });
    return answers;
  }

  /** The lines of a problem's field in its object's document; its `kind:` line when the field is not there or not named. */
  problem(problem: ServerProblem, workload: KubeObject): PlacedLines {
    const object = [...this.places.keys()].find((o) => o.kind === problem.kind && o.metadata?.name === problem.name) ?? workload;
    const [span] = problem.field ? this.spans(object, problem.field) : [];
    return span ?? this.kindLine(object);
  }

  /** The `kind:` line of an object's document (its first line when it has none). */
  kindLine(object: KubeObject): PlacedLines {
    const [span] = this.spans(object, 'kind');
    const line = span?.first ?? this.firstLine(object);
    return { first: line, last: line };
  }

  private spans(object: KubeObject, field: string): PlacedLines[] {
    const place = this.places.get(object);
    if (!place) return [];
    let lines = this.lines.get(object);
    if (!lines) {
      lines = new ManifestLines(this.text.slice(place.start, place.end));
      this.lines.set(object, lines);
    }
    const offset = this.firstLine(object);
    return lines.spans(field).map((span) => ({ first: span.first + offset, last: span.last + offset }));
  }

  private firstLine(object: KubeObject): number {
    const place = this.places.get(object);
    return place ? lineOf(this.text, place.start) : 0;
  }
}
