// Settings shared by the extension (which contributes them) and the server (which reads them).
export const SETTINGS_SECTION = 'kubeJobs';

export interface ServerSettings {
  kubernetesVersion?: string;
  /** Severity per diagnostic code: off, error, warning, information, hint. */
  rules?: Record<string, string>;
  validation?: { delay?: number };
}

export const DEFAULT_VALIDATION_DELAY_MS = 200;
