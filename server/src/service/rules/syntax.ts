// YAML syntax errors and warnings, at the positions the parser gives.
import type { YAMLError } from 'yaml';
import type { ParsedDocument } from '../parse/parse';
import type { YamlParse } from '../parse/block-yaml';
import type { Finding } from '../diagnostics';

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

// A mangled document can produce thousands of errors; past this many the rest add nothing.
const MAX_SYNTAX_FINDINGS = 100;

export function documentSyntaxFindings(doc: ParsedDocument): Finding[] {
  return syntaxFindings(doc.yaml, doc.start);
}

/** The errors and warnings of a parse, for a document that starts at `offset` in its file. */
export function syntaxFindings(parse: YamlParse, offset: number): Finding[] {
  // Almost every document has neither.
  if (parse.errors.length === 0 && parse.warnings.length === 0) return [];
  return [
    ...parse.errors.slice(0, MAX_SYNTAX_FINDINGS).map((error) => toFinding(error, 'error', offset)),
    ...parse.warnings.slice(0, MAX_SYNTAX_FINDINGS).map((warning) => toFinding(warning, 'warning', offset)),
  ];
}
