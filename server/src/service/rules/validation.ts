// Validation of one file: YAML syntax of the documents that are Jobs or CronJobs, then the schema,
// the API server's rules and best practices for each of them, each document on its own.
import { checkBestPractices } from './best-practices';
import { checkCronJob } from './cron-rules';
import type { Finding } from '../diagnostics';
import { FindingCollector } from './findings';
import { checkJobSpec } from './job-spec-rules';
import { checkSpecPresent } from './missing-spec';
import { asJobDocument } from '../parse/job-document';
import { checkApiVersion, checkMetadata, checkName } from './metadata-rules';
import { passingView, type DocumentSource, type ParsedDocument, type ParsedFile } from '../parse/parse';
import { checkContainers } from './pod-rules';
import { checkPodSpec } from './pod-spec-rules';
import { checkSchema } from './schema-validation';
import { documentSyntaxFindings } from './syntax';
import type { KubeVersion } from './versions';

// A document that does not parse may still be a Job being written: its syntax errors are ours
// when its text says so. Any other YAML gets nothing from us.
const LOOKS_LIKE_BATCH = /(?:^|[{,])\s*["']?(?:kind["']?:\s*["']?(?:Job|CronJob)\b|apiVersion["']?:\s*["']?batch\/)/m;

export function documentFindings(document: ParsedDocument, target: KubeVersion): Finding[] {
  // Most other YAML is never even parsed.
  if (!LOOKS_LIKE_BATCH.test(document.text)) return [];
  const manifest = asJobDocument(document);
  if (!manifest) return documentSyntaxFindings(document);
  const collector = new FindingCollector(document);
  checkApiVersion(manifest, collector, target);
  checkName(manifest, collector);
  checkMetadata(manifest, collector);
  checkSchema(manifest, collector, target);
  checkSpecPresent(manifest, collector);
  checkJobSpec(manifest, collector);
  checkContainers(manifest, collector);
  checkPodSpec(manifest, collector);
  if (manifest.kind === 'CronJob') checkCronJob(manifest, collector);
  checkBestPractices(manifest, collector);
  const syntax = documentSyntaxFindings(document);
  return syntax.length === 0 ? collector.findings : [...syntax, ...collector.findings];
}

/**
 * Findings of every document of a file. Findings are remembered per parsed document (relative to
 * its start), so a document that did not change is not checked again.
 */
export class FileValidator {
  private cache = new WeakMap<DocumentSource, Finding[]>();

  constructor(private target: KubeVersion) {}

  retarget(target: KubeVersion): void {
    this.target = target;
    this.cache = new WeakMap();
  }

  findings(file: ParsedFile): Finding[] {
    const steps = this.findingsInSteps(file, Infinity);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /**
   * The same findings, pausing (yielding) whenever a slice of `sliceMs` is used up, so that a
   * server can answer other requests while a huge file is checked.
   */
  *findingsInSteps(file: ParsedFile, sliceMs: number): Generator<void, Finding[]> {
    const all: Finding[] = [];
    let sliceStart = performance.now();
    const documents = file.documents;
    for (let i = 0; i < documents.length; i++) {
      const document = documents[i];
      let relative = this.cache.get(document.source);
      if (!relative) {
        relative = documentFindings(passingView(document), this.target).map((finding) => shift(finding, -document.start));
        this.cache.set(document.source, relative);
      }
      for (let j = 0; j < relative.length; j++) all.push(document.start === 0 ? relative[j] : shift(relative[j], document.start));
      if (performance.now() - sliceStart > sliceMs) {
        yield;
        sliceStart = performance.now();
      }
    }
    return all;
  }
}

function shift(finding: Finding, by: number): Finding {
  return {
    ...finding,
    start: finding.start + by,
    end: finding.end + by,
    fixes: finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + by, end: edit.end + by })) })),
  };
}
