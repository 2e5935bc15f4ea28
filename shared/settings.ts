// Every Kube Jobs setting with its type, default and bounds: package.json contributes them
// (a test holds it to this table), the editor, the CLI and the language server check values
// against them.

interface SettingBase {
  /** Whether a user may set it per workspace, or only for the machine. */
  readonly scope?: 'machine';
}

export interface NumberSetting extends SettingBase {
  readonly type: 'number';
  readonly default: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
}

export interface StringSetting extends SettingBase {
  readonly type: 'string';
  readonly default: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
}

export interface BooleanSetting extends SettingBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

/** An object of names and values, each value one of `values`. */
export interface MapSetting extends SettingBase {
  readonly type: 'object';
  readonly default: Readonly<Record<string, string>>;
  readonly values: readonly string[];
}

export type Setting = NumberSetting | StringSetting | BooleanSetting | MapSetting;

/** The severities a rule can be given; `info` is read as `information` too, but not offered. */
export const RULE_SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'] as const;

/** A Kubernetes version to check against, as `1.34`: the setting's pattern and the CLI's --kubernetes-version. */
export const KUBERNETES_VERSION_PATTERN = '^1\\.\\d{1,3}$';

export function isKubernetesVersion(text: string): boolean {
  return new RegExp(KUBERNETES_VERSION_PATTERN).test(text);
}

/** Keyed by the name after `kubeJobs.`. */
export const SETTINGS = {
  defaultTarget: { type: 'string', default: 'ask', enum: ['ask', 'docker', 'cluster'] },
  'docker.backoffScale': { type: 'number', default: 1, exclusiveMinimum: 0, maximum: 1 },
  'docker.host': { type: 'string', default: '', scope: 'machine' },
  kubernetesVersion: { type: 'string', default: '', pattern: KUBERNETES_VERSION_PATTERN },
  'logs.timestamps': { type: 'boolean', default: false },
  rules: { type: 'object', default: {}, values: RULE_SEVERITIES },
  'validation.delay': { type: 'number', default: 200, minimum: 0, maximum: 5000 },
} as const satisfies Readonly<Record<string, Setting>>;

/** Whether a number is one the setting allows. */
export function withinBounds(setting: NumberSetting, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (setting.minimum === undefined || value >= setting.minimum) &&
    (setting.exclusiveMinimum === undefined || value > setting.exclusiveMinimum) &&
    (setting.maximum === undefined || value <= setting.maximum)
  );
}

/** The allowed range in interval notation: "(0, 1]", "[0, 5000]". */
export function boundsText(setting: NumberSetting): string {
  const low = setting.exclusiveMinimum !== undefined ? `(${setting.exclusiveMinimum}` : `[${setting.minimum ?? '-∞'}`;
  return `${low}, ${setting.maximum ?? '∞'}]`;
}
