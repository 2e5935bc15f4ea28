// The API server's formats for names, label keys and values (k8s.io/apimachinery validation):
// each returns why a value does not fit, or undefined when it does.
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, MAX_LABEL_LENGTH as MAX_LABEL, MAX_SUBDOMAIN_LENGTH as MAX_SUBDOMAIN } from '@shared/job-facts';
import { remembered } from './remembered';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL) return `must be no more than ${MAX_LABEL} characters`;
  if (!DNS1123_LABEL.test(value)) return "must be a DNS-1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character";
  return undefined;
}

export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > MAX_SUBDOMAIN) return `must be no more than ${MAX_SUBDOMAIN} characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return "must be a DNS-1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
  return undefined;
}

const knownQualifiedNames = new Map<string, string | undefined>();
const knownLabelValues = new Map<string, string | undefined>();

/** A label key, annotation key, or condition type: `[prefix/]name`. */
export function qualifiedNameProblem(value: string): string | undefined {
  return remembered(knownQualifiedNames, value, findQualifiedNameProblem);
}

function findQualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return "a qualified name has at most one '/': an optional DNS subdomain prefix and a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'the prefix before "/" must not be empty';
    const prefixProblem = dns1123SubdomainProblem(parts[0]);
    if (prefixProblem) return `prefix part ${prefixProblem}`;
  }
  if (name === '') return 'the name part must not be empty';
  if (name.length > MAX_LABEL) return `name part must be no more than ${MAX_LABEL} characters`;
  if (!QUALIFIED_NAME.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  return remembered(knownLabelValues, value, findLabelValueProblem);
}

function findLabelValueProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL) return `must be no more than ${MAX_LABEL} characters`;
  if (value !== '' && !QUALIFIED_NAME.test(value)) return "must be empty or consist of alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character";
  return undefined;
}

const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** `acme.io/foo`: a DNS subdomain, a '/', and HTTP path characters. */
export function domainPrefixedPathProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return 'must be a domain-prefixed path (such as "acme.io/foo")';
  const hostProblem = dns1123SubdomainProblem(value.slice(0, slash));
  if (hostProblem) return `the domain ${hostProblem}`;
  if (!HTTP_PATH.test(value.slice(slash + 1))) return 'the path after the domain may hold only HTTP path characters';
  return undefined;
}

const PORT_NAME = /^[-a-z0-9]+$/;

/** A named port (IANA_SVC_NAME): at most 15 characters, a-z 0-9 and inner single hyphens, one letter at least. */
export function portNameProblem(value: string): string | undefined {
  if (value.length > 15) return 'must be no more than 15 characters';
  if (!PORT_NAME.test(value)) return 'must contain only lower case letters, digits and hyphens';
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  if (value.includes('--') || value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen or hold two in a row';
  return undefined;
}

export function portNumberProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'must be between 1 and 65535';
}

/** Environment variable names (relaxed validation, the default since 1.32): printable ASCII but '='. */
export function envVarNameProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 32 || code > 126 || char === '=') return "may hold only printable ASCII characters other than '='";
  }
  return undefined;
}

/** A ConfigMap or Secret key: letters, digits, '-', '_' and '.', not '.' or '..' or starting with '..'. */
export function configKeyProblem(value: string): string | undefined {
  if (value.length > MAX_SUBDOMAIN) return `must be no more than ${MAX_SUBDOMAIN} characters`;
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) return "must consist of alphanumeric characters, '-', '_' or '.'";
  if (value === '.' || value === '..' || value.startsWith('..')) return "must not be '.' or '..' or start with '..'";
  return undefined;
}

const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** A resource quantity ("100m", "1.5Gi", "1e3"), as resource.ParseQuantity reads it. */
export function quantityProblem(value: string): string | undefined {
  return QUANTITY.test(value) ? undefined : 'is not a quantity: a number with an optional suffix like 100m, 64Mi, 1Gi or 1e3';
}

// YAML 1.1, which kubectl and the API server read manifests with, takes these plain words for booleans.
const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

export function isYaml11Boolean(text: string): boolean {
  return YAML11_BOOLEAN.test(text);
}

/** What the API server makes of a generateName: at most 58 characters of it, and 5 random ones. */
export function generatedName(prefix: string | undefined): string | undefined {
  return prefix === undefined ? undefined : `${prefix.slice(0, 58)}xxxxx`;
}

/** The length of a string in UTF-8, as TextEncoder would encode it (a lone surrogate as U+FFFD), without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
