// The API server's formats for names, label keys and values (k8s.io/apimachinery validation):
// each returns why a value does not fit, or undefined when it does.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MAX_LABEL = 63;
const MAX_SUBDOMAIN = 253;

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

/** A label key, annotation key, or condition type: `[prefix/]name`. */
export function qualifiedNameProblem(value: string): string | undefined {
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
