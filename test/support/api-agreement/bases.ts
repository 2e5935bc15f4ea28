// Valid Jobs and CronJobs the API server accepts, each using a different part of the API: the
// starting points every mutation of the agreement suite is applied to.
export type Manifest = Record<string, unknown>;

export interface Base {
  readonly name: string;
  readonly kind: 'Job' | 'CronJob';
  readonly manifest: Manifest;
}

const main = { name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] };

const minimalJob: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'agree-minimal' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [main] } } },
};

const fullJob: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'agree-full', labels: { app: 'agree', 'example.com/tier': 'batch' }, annotations: { note: 'a job with many fields' } },
  spec: {
    parallelism: 2,
    completions: 4,
    backoffLimit: 3,
    activeDeadlineSeconds: 600,
    ttlSecondsAfterFinished: 100,
    suspend: true,
    podReplacementPolicy: 'Failed',
    template: {
      metadata: { labels: { app: 'agree' }, annotations: { purpose: 'test' } },
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 30,
        serviceAccountName: 'default',
        nodeSelector: { disk: 'ssd' },
        priorityClassName: '',
        hostname: 'worker',
        dnsPolicy: 'ClusterFirst',
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
        securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000 },
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c'],
            args: ['echo hi'],
            workingDir: '/work',
            env: [
              { name: 'GREETING', value: 'hello' },
              { name: 'FROM_CONFIG', valueFrom: { configMapKeyRef: { name: 'settings', key: 'greeting', optional: true } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
            volumeMounts: [
              { name: 'scratch', mountPath: '/scratch' },
              { name: 'settings', mountPath: '/settings', readOnly: true },
            ],
            livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10, failureThreshold: 3 },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ],
        volumes: [
          { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
          { name: 'settings', configMap: { name: 'settings', defaultMode: 420, items: [{ key: 'greeting', path: 'greeting.txt' }] } },
        ],
      },
    },
  },
};

const indexedJob: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'agree-indexed' },
  spec: {
    completionMode: 'Indexed',
    completions: 5,
    parallelism: 2,
    backoffLimitPerIndex: 1,
    maxFailedIndexes: 2,
    successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] },
    podFailurePolicy: {
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        { action: 'FailIndex', onExitCodes: { operator: 'In', values: [3, 4] } },
      ],
    },
    template: { spec: { restartPolicy: 'Never', containers: [main] } },
  },
};

const manualSelectorJob: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'agree-selector' },
  spec: {
    manualSelector: true,
    selector: { matchLabels: { app: 'agree-selector' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['batch'] }] },
    template: { metadata: { labels: { app: 'agree-selector', tier: 'batch' } }, spec: { restartPolicy: 'OnFailure', containers: [main] } },
  },
};

const cronJob: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'agree-cron', labels: { app: 'agree' } },
  spec: {
    schedule: '*/5 * * * *',
    timeZone: 'Europe/Paris',
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 120,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    suspend: false,
    jobTemplate: {
      metadata: { labels: { app: 'agree' } },
      spec: {
        backoffLimit: 2,
        ttlSecondsAfterFinished: 600,
        template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox:1.36', command: ['date'] }] } },
      },
    },
  },
};

export const BASES: readonly Base[] = [
  { name: 'minimal-job', kind: 'Job', manifest: minimalJob },
  { name: 'full-job', kind: 'Job', manifest: fullJob },
  { name: 'indexed-job', kind: 'Job', manifest: indexedJob },
  { name: 'selector-job', kind: 'Job', manifest: manualSelectorJob },
  { name: 'cronjob', kind: 'CronJob', manifest: cronJob },
];
