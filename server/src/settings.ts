// The settings the server reads (their table, with types and bounds, is shared/settings.ts).
// What arrives is whatever settings.json holds: each value is checked here, and a wrong one
// falls back to its default with a warning that says what was wrong and what is used instead.
import { SETTINGS_SECTION } from '@shared/protocol';
import { isKubernetesVersion, RULE_SEVERITIES, SETTINGS, withinBounds } from '@shared/settings';
import { RULES } from './service/rules/codes';

/** The settings as the server uses them: every value of the right type and within bounds. */
export interface ServerSettings {
  /** "1.30" say; undefined for the schema's version. */
  kubernetesVersion?: string;
  /** Severity per diagnostic code: off, error, warning, info, hint. */
  rules: Record<string, string>;
  validationDelay: number;
}

const VALIDATION_DELAY = SETTINGS['validation.delay'];
export const DEFAULT_VALIDATION_DELAY_MS: number = VALIDATION_DELAY.default;
// `info` is accepted for `information`, as severities are often written short.
const SEVERITIES: readonly string[] = RULE_SEVERITIES.flatMap((severity) => (severity === 'information' ? [severity, 'info'] : [severity]));

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'the text' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}

/** The settings to use, from the client's `kubeJobs` section, and a warning per wrong value. */
export function readSettings(section: unknown): { settings: ServerSettings; warnings: string[] } {
  const warnings: string[] = [];
  const settings: ServerSettings = { rules: {}, validationDelay: DEFAULT_VALIDATION_DELAY_MS };
  if (section === undefined || section === null) return { settings, warnings };
  if (typeof section !== 'object' || Array.isArray(section)) {
    warnings.push(`the "${SETTINGS_SECTION}" settings must be an object, not ${describe(section)}: using the defaults`);
    return { settings, warnings };
  }
  const raw = section as Record<string, unknown>;

  const version = raw.kubernetesVersion;
  // Typed by hand in settings.json, "v1.30" and stray spaces are taken as "1.30".
  const plainVersion = typeof version === 'string' ? version.trim().replace(/^v/, '') : undefined;
  if (plainVersion !== undefined && isKubernetesVersion(plainVersion)) settings.kubernetesVersion = plainVersion;
  else if (version !== undefined && version !== null && version !== '') {
    warnings.push(`kubeJobs.kubernetesVersion must be text like "1.30", not ${describe(version)}: checking against the schema's version`);
  }

  const rules = raw.rules;
  if (rules !== undefined && rules !== null && (typeof rules !== 'object' || Array.isArray(rules))) {
    warnings.push(`kubeJobs.rules must be an object of rule codes and severities, not ${describe(rules)}: using the default severities`);
  } else if (rules) {
    for (const [code, severity] of Object.entries(rules)) {
      if (!Object.hasOwn(RULES, code)) warnings.push(`kubeJobs.rules: there is no rule "${code}" (rules: ${Object.keys(RULES).join(', ')})`);
      else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) {
        warnings.push(`kubeJobs.rules: "${code}" must be one of ${SEVERITIES.join(', ')}, not ${describe(severity)}: it keeps its default severity`);
      } else settings.rules[code] = severity;
    }
  }

  const validation = raw.validation;
  const delay = validation !== null && typeof validation === 'object' ? (validation as Record<string, unknown>).delay : undefined;
  if (validation !== undefined && validation !== null && (typeof validation !== 'object' || Array.isArray(validation))) {
    warnings.push(`kubeJobs.validation must be an object like {"delay": 200}, not ${describe(validation)}: waiting ${DEFAULT_VALIDATION_DELAY_MS} ms after an edit`);
  } else if (delay !== undefined && delay !== null) {
    if (typeof delay === 'number' && withinBounds(VALIDATION_DELAY, delay)) settings.validationDelay = delay;
    else warnings.push(`kubeJobs.validation.delay must be a number of milliseconds from ${VALIDATION_DELAY.minimum} to ${VALIDATION_DELAY.maximum}, not ${describe(delay)}: waiting ${DEFAULT_VALIDATION_DELAY_MS} ms`);
  }
  return { settings, warnings };
}
