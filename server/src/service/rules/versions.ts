// Kubernetes versions: parsing "1.30", comparing, and when Job-related fields became usable.
// The API's OpenAPI metadata does not say when a field appeared; these come from the Kubernetes
// feature-gate documentation (the release in which each gate was enabled by default).

export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

/** "1.30" or "v1.30" as a version; anything else (another type too) is undefined. */
export function parseVersion(text: unknown): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)$/.exec(typeof text === 'string' ? text.trim() : '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export function isOlder(a: KubeVersion, b: KubeVersion): boolean {
  return a.major < b.major || (a.major === b.major && a.minor < b.minor);
}

export function formatVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}

export interface FieldIntroduction {
  /** The release where the field works without a feature gate (beta or GA); absent if still alpha. */
  readonly enabled?: string;
  /** The release that added it as alpha behind a feature gate. */
  readonly alpha?: string;
}

/** By model and field name, as in the generated schema. */
export const FIELD_INTRODUCTIONS: Readonly<Record<string, Readonly<Record<string, FieldIntroduction>>>> = {
  V1JobSpec: {
    ttlSecondsAfterFinished: { enabled: '1.21', alpha: '1.12' },
    completionMode: { enabled: '1.22', alpha: '1.21' },
    suspend: { enabled: '1.22', alpha: '1.21' },
    podFailurePolicy: { enabled: '1.26', alpha: '1.25' },
    backoffLimitPerIndex: { enabled: '1.29', alpha: '1.28' },
    maxFailedIndexes: { enabled: '1.29', alpha: '1.28' },
    podReplacementPolicy: { enabled: '1.29', alpha: '1.28' },
    successPolicy: { enabled: '1.31', alpha: '1.30' },
    managedBy: { enabled: '1.32', alpha: '1.30' },
  },
  V1CronJobSpec: {
    timeZone: { enabled: '1.25', alpha: '1.24' },
  },
  V1PodSpec: {
    os: { enabled: '1.23' },
    schedulingGates: { enabled: '1.27', alpha: '1.26' },
    hostUsers: { enabled: '1.33', alpha: '1.25' },
    resources: { alpha: '1.32' },
  },
  V1Container: {
    restartPolicy: { enabled: '1.29', alpha: '1.28' },
    resizePolicy: { enabled: '1.33', alpha: '1.27' },
  },
  V1LifecycleHandler: {
    sleep: { enabled: '1.30', alpha: '1.29' },
  },
  V1Lifecycle: {
    stopSignal: { alpha: '1.33' },
  },
  V1Volume: {
    image: { alpha: '1.31' },
  },
  V1PodSecurityContext: {
    supplementalGroupsPolicy: { enabled: '1.33', alpha: '1.31' },
  },
};

// Looked up for every key of every document: Maps of own entries, their versions read once.
const INTRODUCED = new Map(
  Object.entries(FIELD_INTRODUCTIONS).map(([modelName, fields]) => [
    modelName,
    new Map(Object.entries(fields).map(([field, introduction]) => [field, { ...introduction, enabledVersion: parseVersion(introduction.enabled) }])),
  ]),
);

/** Whether some field of a model is newer than others: for the rest, fieldTooNew need not be asked. */
export function hasVersionedFields(modelName: string): boolean {
  return INTRODUCED.has(modelName);
}

/** Why a field cannot be used on the target version, or undefined when it can. */
export function fieldTooNew(modelName: string, field: string, target: KubeVersion): string | undefined {
  const introduction = INTRODUCED.get(modelName)?.get(field);
  if (!introduction) return undefined;
  const enabled = introduction.enabledVersion;
  if (enabled && !isOlder(target, enabled)) return undefined;
  const alpha = introduction.alpha ? ` (alpha behind a feature gate since ${introduction.alpha})` : '';
  if (!enabled) return `\`${field}\` is alpha${alpha}: it needs a feature gate on the cluster`;
  return `\`${field}\` needs Kubernetes ${introduction.enabled}${alpha}; the target is ${formatVersion(target)}`;
}
