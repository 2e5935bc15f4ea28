// YAML syntax errors and warnings, at the positions the parser gives.
import type { YAMLError } from 'yaml';
import type { ParsedFile } from './parse';
import type { Finding } from './diagnostics';

function firstLine(message: string): string {
  // yaml appends " at line L, column C:" and a code excerpt; the range already says where.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function toFinding(error: YAMLError, severity: Finding['severity'], offset: number): Finding {
  const [start, end] = error.pos.map((pos) => pos + offset);
  return {
    code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
    message: firstLine(error.message),
    severity,
    start,
    end: end > start ? end : start + 1,
  };
}

export function syntaxFindings(file: ParsedFile): Finding[] {
  const findings: Finding[] = [];
  for (const doc of file.documents) {
    for (const error of doc.yaml.errors) findings.push(toFinding(error, 'error', doc.start));
    for (const warning of doc.yaml.warnings) findings.push(toFinding(warning, 'warning', doc.start));
  }
  return findings;
}
