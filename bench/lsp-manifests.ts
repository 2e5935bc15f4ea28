// Realistic multi-document files for the language server benchmark, with planted mistakes.

export interface PlantedMistake {
  readonly documentIndex: number;
  readonly code: string;
}

export interface GeneratedFile {
  readonly text: string;
  readonly lines: number;
  readonly planted: PlantedMistake[];
  /** First line (0-based) of each document. */
  readonly startLines: number[];
}

function job(i: number, rich: boolean): string {
  const annotations = rich ? `  annotations:\n    team.example.com/owner: data-platform\n` : '';
  const requests = rich ? `            requests:\n              memory: 64Mi\n              cpu: 100m\n` : '';
  const extra = rich
    ? `          env:
            - name: INDEX
              value: "${i}"
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          volumeMounts:
            - name: scratch
              mountPath: /scratch
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
      volumes:
        - name: scratch
          emptyDir:
            sizeLimit: 1Gi
      nodeSelector:
        kubernetes.io/os: linux
`
    : '';
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: batch-${i}
  labels:
    app: batch
${annotations}spec:
  ttlSecondsAfterFinished: 600
  backoffLimit: 3
  completions: ${1 + (i % 5)}
  parallelism: 2
  template:
    spec:
      containers:
        - name: worker
          image: registry.example.com/worker:1.${i % 10}
          command: ["sh", "-c", "echo working on ${i}"]
          resources:
            limits:
              memory: 128Mi
              cpu: 500m
${requests}${extra}      restartPolicy: Never
`;
}

function cronJob(i: number, rich: boolean): string {
  const history = rich ? `  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 1\n` : '';
  const requests = rich ? `                requests:\n                  memory: 32Mi\n                  cpu: 50m\n` : '';
  const extra = rich
    ? `              env:
                - name: REPORT
                  value: daily-${i}
`
    : '';
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report-${i}
spec:
  schedule: "${i % 60} ${i % 24} * * *"
  timeZone: Europe/Berlin
  startingDeadlineSeconds: 300
  concurrencyPolicy: Forbid
${history}  jobTemplate:
    spec:
      ttlSecondsAfterFinished: 3600
      template:
        spec:
          containers:
            - name: report
              image: registry.example.com/report:2.${i % 7}
              resources:
                limits:
                  memory: 64Mi
${requests}${extra}          restartPolicy: OnFailure
`;
}

// Mistakes of each kind, schema and semantic rules alike, planted at regular intervals.
const MISTAKES: readonly { code: string; cron: boolean; plant: (text: string) => string }[] = [
  { code: 'unknown-field', cron: false, plant: (t) => t.replace('backoffLimit:', 'backofflimit:') },
  { code: 'restart-policy', cron: false, plant: (t) => t.replace('restartPolicy: Never', 'restartPolicy: Always') },
  { code: 'cron-schedule', cron: true, plant: (t) => t.replace(/schedule: "[^"]*"/, 'schedule: "61 * * * *"') },
  { code: 'time-zone', cron: true, plant: (t) => t.replace('timeZone: Europe/Berlin', 'timeZone: Mars/Olympus') },
  { code: 'indexed-completions', cron: false, plant: (t) => t.replace(/ {2}completions: \d+\n/, '  completionMode: Indexed\n') },
  { code: 'wrong-type', cron: false, plant: (t) => t.replace('parallelism: 2', 'parallelism: two') },
  { code: 'pod-failure-policy', cron: false, plant: (t) => t.replace('  template:\n', '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {operator: In, values: [0, 1]}\n  template:\n') },
];

export function generateFile(documents: number, rich: boolean, plantEvery = 25): GeneratedFile {
  const parts: string[] = [];
  const planted: PlantedMistake[] = [];
  const startLines: number[] = [];
  let line = 0;
  for (let i = 0; i < documents; i++) {
    const mistake = i % plantEvery === plantEvery - 1 ? MISTAKES[Math.floor(i / plantEvery) % MISTAKES.length] : undefined;
    const isCron = mistake ? mistake.cron : i % 4 === 3;
    const clean = isCron ? cronJob(i, rich) : job(i, rich);
    const text = mistake ? mistake.plant(clean) : clean;
    if (mistake) {
      if (text === clean) throw new Error(`mistake ${mistake.code} did not apply`);
      planted.push({ documentIndex: i, code: mistake.code });
    }
    startLines.push(line);
    line += text.split('\n').length; // the separator line takes the place of the final empty line
    parts.push(text);
  }
  const text = parts.join('---\n');
  return { text, lines: text.split('\n').length, planted, startLines };
}
