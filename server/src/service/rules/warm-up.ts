// A fresh server process runs its checks slowly at first: V8 compiles each function when it is
// first called and optimises it only after it has run for a while. Checking a small sample while
// the client is still sending the first file makes that file's first diagnostics come sooner.
import { FileValidator } from './validation';
import { targetVersion } from './metadata-rules';
import { parseFile } from '../parse/parse';

/** A clean Job and CronJob with the fields most manifests have: every check runs, none reports. */
export const WARM_UP_SAMPLE = `apiVersion: batch/v1
kind: Job
metadata:
  name: warm-up
  namespace: default
  labels:
    app.kubernetes.io/name: warm-up
    team: platform
  annotations:
    example.com/owner: platform
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  completions: 2
  parallelism: 2
  template:
    metadata:
      labels:
        app.kubernetes.io/name: warm-up
    spec:
      restartPolicy: Never
      serviceAccountName: runner
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
        - key: dedicated
          operator: Equal
          value: batch
          effect: NoSchedule
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
      containers:
        - name: main
          image: busybox:1.36
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c"]
          args:
            - echo done
          env:
            - name: MODE
              value: "batch"
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: TOKEN
              valueFrom:
                secretKeyRef:
                  name: credentials
                  key: token
          ports:
            - containerPort: 8080
              name: http
              protocol: TCP
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              cpu: "1"
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
            periodSeconds: 10
          volumeMounts:
            - name: scratch
              mountPath: /scratch
            - name: config
              mountPath: /etc/config
              readOnly: true
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
      volumes:
        - name: scratch
          emptyDir:
            sizeLimit: 1Gi
        - name: config
          configMap:
            name: settings
            defaultMode: 0444
            items:
              - key: app.conf
                path: app.conf
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: warm-up-nightly
spec:
  schedule: "30 2 * * 1-5"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 300
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        spec:
          restartPolicy: OnFailure
          priorityClassName: low
          containers:
            - name: report
              image: busybox:1.36
              command: ["sh", "-c", "date"]
              resources:
                requests:
                  cpu: 50m
                  memory: 32Mi
                limits:
                  memory: 64Mi
`;

/** Checks the sample once (on a validator of its own: nothing the service remembers changes). */
export function warmUpChecks(): number {
  return new FileValidator(targetVersion(undefined)).findings(parseFile(WARM_UP_SAMPLE)).length;
}
