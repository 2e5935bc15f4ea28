// Fidelity of the local runner: the same busybox Jobs run on the local Docker engine and on the
// real cluster, and must end the same way (conditions and reasons, counts, indexes, pods created,
// each pod's phase, exit codes, reasons and restart counts). A difference is a local-runner bug;
// the few that cannot be removed are named in the case with the reason, never dropped silently.
// Cases run concurrently; the local runner's back-off is shortened (counts are compared, not timing).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { DockerPodRuntime } from '../../client/src/runs/docker/docker-pod-runtime';
import type { KubeObject } from '../../client/src/runs/manifest';
import { liveNamespace } from './live-namespace';
import { busyboxJob } from './live-runs';
import { runOnBoth, runUntilBoth, type Drive, type Outcome, type RunControl } from './fidelity-outcome';
import { seedManifests } from '../support/docker/local-scenario';

const CASE_TIMEOUT = 240_000;
const began = Date.now();

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-fidelity', (ready) => (connection = ready));

interface Case {
  name: string;
  job: KubeObject;
  /** The cluster's verdict, "Type:Reason" of its Complete/Failed condition: both must also reach it. */
  ends: string;
  drive?: Drive;
  /** Local back-off multiplier when the case depends on back-off timing (deadlines): 1. */
  backoffScale?: number;
  /** Depends on how fast the cluster starts a pod: run alone, after the others. */
  alone?: true;
  /** A difference the local runner cannot remove, with why: `normalize` is applied to both outcomes, and logged when it changes one. */
  exception?: { why: string; normalize: (outcome: Outcome) => Outcome };
  /** The local pods as reported, before any exception: where the exception could hide a local fault. */
  localPods?: string[];
}

const sh = (script: string, name = 'main', extra: Record<string, unknown> = {}) => ({ name, image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra });

function job(spec: Record<string, unknown>, pod: Record<string, unknown> = {}, containers: unknown[] = [sh('exit 0')]): KubeObject {
  // The name is set per case by runOnBoth.
  return busyboxJob('x', containers, spec, pod) as KubeObject;
}

const indexed = (completions: number, parallelism: number, extra: Record<string, unknown> = {}) => ({ completionMode: 'Indexed', completions, parallelism, ...extra });
/** A script per index: `byIndex({1: 'exit 4'}, 'exit 0')`. */
const byIndex = (scripts: Record<number, string>, otherwise: string) =>
  `case "$JOB_COMPLETION_INDEX" in ${Object.entries(scripts).map(([i, s]) => `${i}) ${s};;`).join(' ')} *) ${otherwise};; esac`;
const SLEEP_LONG = 'sleep 60';
const GRACE_SECONDS = 20;

/** A seed note's manifest, its images and commands replaced by busybox running `script` (nothing can be pulled here). */
function seed(file: string, name: string, script: string, nth = 0): KubeObject {
  const text = seedManifests(file).filter((m) => new RegExp(`^\\s*name: ${name}\\s*$`, 'm').test(m))[nth];
  assert.ok(text, `seed ${file} has a Job named ${name}`);
  const manifest = parse(text) as KubeObject & { spec: { template: { spec: { containers: Record<string, unknown>[]; terminationGracePeriodSeconds?: number } } } };
  const pod = manifest.spec.template.spec;
  pod.terminationGracePeriodSeconds = 1;
  pod.containers = pod.containers.map((c) => sh(script, c.name as string));
  return manifest;
}

const cases: Case[] = [
  { name: 'completions 4, parallelism 2', job: job({ completions: 4, parallelism: 2 }, {}, [sh('sleep 1')]), ends: 'Complete:CompletionsReached' },
  { name: 'backoffLimit 1, restartPolicy Never: two pods exit 2', job: job({ backoffLimit: 1 }, {}, [sh('exit 2')]), ends: 'Failed:BackoffLimitExceeded' },
  {
    name: 'restartPolicy OnFailure: a container failing once is restarted in the same pod',
    job: job({}, { restartPolicy: 'OnFailure', volumes: [{ name: 'data', emptyDir: {} }] }, [
      sh('if [ -f /data/ran ]; then sleep 8; exit 0; fi; touch /data/ran; exit 3', 'main', { volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
    ]),
    ends: 'Complete:CompletionsReached',
    // Until the pod succeeds, both show the first run's end as the container's last state. The
    // second run lasts 8 s: on a loaded machine a kubelet may post the running state seconds late
    // (with 2 s the pod once went straight to Succeeded, where the real kubelet drops last state).
    drive: async ({ until }) => {
      await until('the restarted container runs, its last state the first exit', (r) =>
        r.pods.some((p) => p.containers.some((c) => c.restartCount === 1 && c.lastState !== undefined && 'terminated' in c.lastState && c.lastState.terminated.exitCode === 3)),
      );
    },
  },
  { name: 'restartPolicy OnFailure, backoffLimit 1: restarts count as failures', job: job({ backoffLimit: 1 }, { restartPolicy: 'OnFailure' }, [sh('exit 3')]), ends: 'Failed:BackoffLimitExceeded' },
  { name: 'activeDeadlineSeconds ends a running Job', job: job({ activeDeadlineSeconds: 10, backoffLimit: 0 }, {}, [sh(SLEEP_LONG)]), ends: 'Failed:DeadlineExceeded' },
  { name: 'Indexed, completions 3', job: job(indexed(3, 3), {}, [sh('echo $JOB_COMPLETION_INDEX')]), ends: 'Complete:CompletionsReached' },
  {
    name: 'backoffLimitPerIndex 1: index 1 fails twice, the others complete',
    job: job(indexed(3, 3, { backoffLimitPerIndex: 1 }), {}, [sh(byIndex({ 1: 'exit 4' }, 'exit 0'))]),
    ends: 'Failed:FailedIndexes',
  },
  {
    name: 'maxFailedIndexes 0: the first failed index fails the Job and stops the others',
    job: job(indexed(3, 3, { backoffLimitPerIndex: 0, maxFailedIndexes: 0 }), {}, [sh(byIndex({ 0: 'exit 1' }, SLEEP_LONG))]),
    ends: 'Failed:MaxFailedIndexesExceeded',
  },
  {
    name: 'podFailurePolicy FailJob on an exit code',
    job: job({ backoffLimit: 6, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, {}, [sh('exit 42')]),
    ends: 'Failed:PodFailurePolicy',
  },
  {
    name: 'podFailurePolicy Ignore: the ignored failure is not counted and the index runs again',
    job: job(
      indexed(1, 1, { backoffLimitPerIndex: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [5] } }] } }),
      {},
      [sh('[ "${IGNORED:-0}" = 0 ] && exit 5; exit 0', 'main', { env: [{ name: 'IGNORED', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-index-ignored-failure-count']" } } }] })],
    ),
    ends: 'Complete:CompletionsReached',
  },
  {
    name: 'podFailurePolicy FailIndex: the index fails without retries',
    job: job(indexed(2, 2, { backoffLimitPerIndex: 2, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [7] } }] } }), {}, [sh(byIndex({ 0: 'exit 7' }, 'exit 0'))]),
    ends: 'Failed:FailedIndexes',
  },
  {
    name: 'podFailurePolicy Count, and an onPodConditions rule that no condition reaches',
    job: job(
      {
        backoffLimit: 0,
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] },
            { action: 'Count', onExitCodes: { operator: 'In', values: [3] } },
            { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [0, 3] } },
          ],
        },
      },
      {},
      [sh('exit 3')],
    ),
    ends: 'Failed:BackoffLimitExceeded',
  },
  {
    name: 'successPolicy succeededIndexes: index 0 is enough, the others are stopped',
    job: job(indexed(3, 3, { successPolicy: { rules: [{ succeededIndexes: '0' }] } }), {}, [sh(byIndex({ 0: 'exit 0' }, SLEEP_LONG))]),
    ends: 'Complete:SuccessPolicy',
  },
  {
    name: 'successPolicy succeededCount 2 of 4',
    job: job(indexed(4, 4, { successPolicy: { rules: [{ succeededCount: 2 }] } }), {}, [sh(byIndex({ 0: 'exit 0', 1: 'exit 0' }, SLEEP_LONG))]),
    ends: 'Complete:SuccessPolicy',
  },
  {
    name: 'suspend: created suspended, no pod until resumed, then completes',
    job: job({ suspend: true, completions: 2 }, {}, [sh('sleep 1')]),
    ends: 'Complete:CompletionsReached',
    drive: async ({ until, setSuspended }) => {
      const suspended = await until('it is suspended', (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True'));
      assert.equal(suspended.pods.length, 0);
      await setSuspended(false);
    },
  },
  {
    name: 'suspend: suspended while its pod runs (deleted, not a failure), then resumed',
    job: job({}, {}, [sh('sleep 20')]),
    ends: 'Complete:CompletionsReached',
    drive: async ({ until, setSuspended }) => {
      await until('its pod runs', (r) => r.pods.some((p) => p.phase === 'Running'));
      await setSuspended(true);
      await until('it is suspended with no active pod', (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') && r.status.active === 0);
      await setSuspended(false);
    },
  },
  {
    name: 'suspend: a pod that takes 3 s of its grace period to stop is terminating until then, deleted at suspend + grace',
    job: job({}, { terminationGracePeriodSeconds: GRACE_SECONDS }, [sh("trap 'sleep 3; exit 143' TERM; sleep 20 & wait")]),
    ends: 'Complete:CompletionsReached',
    drive: async ({ until, setSuspended }) => {
      await until('its pod runs', (r) => r.pods.some((p) => p.phase === 'Running'));
      // Watched from before the suspend: the local runner's suspend resolves once its pods have stopped.
      const terminating = until('its pod is terminating and still runs', (r) => r.status.terminating === 1 && r.pods.some((p) => p.deletionTimestamp && p.phase === 'Running'));
      const suspendedAt = Date.now();
      await setSuspended(true);
      const stopping = await terminating;
      const deletion = Date.parse(stopping.pods.find((p) => p.deletionTimestamp)?.deletionTimestamp as string);
      // The API server writes whole seconds (truncated): up to 1 s before the delete's time + grace.
      assert.ok(
        deletion >= suspendedAt + GRACE_SECONDS * 1000 - 1000 && deletion <= Date.now() + GRACE_SECONDS * 1000,
        `deletionTimestamp ${new Date(deletion).toISOString()} is the suspend (${new Date(suspendedAt).toISOString()}) plus ${GRACE_SECONDS} s`,
      );
      await until('it is suspended with no pod active or terminating', (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') && r.status.active === 0 && !r.status.terminating);
      await setSuspended(false);
    },
  },
  ...(['Failed', 'TerminatingOrFailed'] as const).map((policy) => ({
    name: `podReplacementPolicy ${policy}: resumed while the suspended pod still stops, the replacement comes ${policy === 'Failed' ? 'once it has ended' : 'at once'}`,
    job: job({ podReplacementPolicy: policy }, { terminationGracePeriodSeconds: GRACE_SECONDS }, [sh("trap 'sleep 8; exit 143' TERM; sleep 20 & wait")]),
    ends: 'Complete:CompletionsReached',
    drive: async ({ until, setSuspended }: RunControl) => {
      await until('its pod runs', (r) => r.pods.some((p) => p.phase === 'Running'));
      const terminating = until('its pod is terminating', (r) => r.status.terminating === 1 && r.pods.some((p) => p.deletionTimestamp));
      const suspending = setSuspended(true);
      const first = (await terminating).pods.find((p) => p.deletionTimestamp)?.name;
      await setSuspended(false);
      const replaced = await until('a second pod', (r) => r.pods.some((p) => p.name !== first));
      const old = replaced.pods.find((p) => p.name === first);
      const oldEnded = old === undefined || old.phase === 'Failed' || old.phase === 'Succeeded';
      assert.equal(oldEnded, policy === 'Failed', `the suspended pod when its replacement came: ${old ? old.phase : 'gone'}`);
      await suspending;
    },
  })),
  { name: 'ttlSecondsAfterFinished 0', job: job({ ttlSecondsAfterFinished: 0 }, {}, [sh('echo done')]), ends: 'Complete:CompletionsReached' },
  { name: 'ttlSecondsAfterFinished 2', job: job({ ttlSecondsAfterFinished: 2 }, {}, [sh('echo done')]), ends: 'Complete:CompletionsReached' },
  { name: 'podReplacementPolicy Failed', job: job({ backoffLimit: 1, podReplacementPolicy: 'Failed' }, {}, [sh('exit 1')]), ends: 'Failed:BackoffLimitExceeded' },
  { name: 'init container, then the main one', job: job({}, { initContainers: [sh('echo init', 'init')] }, [sh('exit 0')]), ends: 'Complete:CompletionsReached' },
  { name: 'a failing init container fails the pod before the main one starts', job: job({ backoffLimit: 0 }, { initContainers: [sh('exit 3', 'init')] }, [sh('exit 0')]), ends: 'Failed:BackoffLimitExceeded' },
  {
    name: 'sidecar (restartPolicy Always init container) is stopped when the main container ends',
    job: job({}, { initContainers: [sh("trap 'exit 0' TERM; while true; do sleep 0.2; done", 'sidecar', { restartPolicy: 'Always' })] }, [sh('sleep 1')]),
    ends: 'Complete:CompletionsReached',
  },
  { name: 'parallelism above completions: only as many pods as completions', job: job({ completions: 2, parallelism: 5 }, {}, [sh('sleep 1')]), ends: 'Complete:CompletionsReached' },
  {
    name: "the pod's own activeDeadlineSeconds fails it with reason DeadlineExceeded",
    job: job({ backoffLimit: 0 }, { activeDeadlineSeconds: 3 }, [sh(SLEEP_LONG)]),
    ends: 'Failed:BackoffLimitExceeded',
  },
  {
    name: 'a container over its memory limit is OOMKilled',
    job: job({ backoffLimit: 0 }, {}, [{ name: 'hog', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'sleep 1; exec tail /dev/zero'], resources: { limits: { memory: '16Mi' } } }]),
    ends: 'Failed:BackoffLimitExceeded',
    exception: {
      why: "this cluster's containerd 1.6 on cgroup v1 can miss the OOM event on a loaded machine and report the kill as a plain 137 Error (the local runner waits for the late event, and must say OOMKilled)",
      normalize: (o) => ({ ...o, pods: o.pods.map((line) => line.replace('hog:137/Error', 'hog:137/OOMKilled')) }),
    },
    localPods: ['Failed [hog:137/OOMKilled]'],
  },
  {
    name: 'OnFailure: an init container failing once is restarted in the same pod',
    job: job({}, { restartPolicy: 'OnFailure', volumes: [{ name: 'data', emptyDir: {} }], initContainers: [sh('if [ -f /data/ran ]; then sleep 2; exit 0; fi; touch /data/ran; exit 6', 'init', { volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }, [sh('exit 0')]),
    ends: 'Complete:CompletionsReached',
    drive: async ({ until }) => {
      await until('the restarted init container runs, its last state the first exit', (r) =>
        r.pods.some((p) => p.initContainers.some((c) => c.restartCount === 1 && c.lastState !== undefined && 'terminated' in c.lastState && c.lastState.terminated.exitCode === 6)),
      );
    },
  },
  {
    name: "podFailurePolicy onExitCodes limited to one container: another container's exit code is counted",
    job: job(
      { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'b', operator: 'In', values: [3] } }] } },
      {},
      [sh('exit 3', 'a'), sh('exit 0', 'b')],
    ),
    ends: 'Failed:BackoffLimitExceeded',
  },
  { name: 'completions 0: complete at once, no pod', job: job({ completions: 0 }), ends: 'Complete:CompletionsReached' },
  {
    name: 'Indexed with a Job-wide backoffLimit: the failing index ends the Job, later indexes never start',
    job: job(indexed(3, 1, { backoffLimit: 1 }), {}, [sh(byIndex({ 1: 'exit 2' }, 'exit 0'))]),
    ends: 'Failed:BackoffLimitExceeded',
  },
  {
    name: "podFailurePolicy FailJob on an init container's exit code",
    job: job({ backoffLimit: 3, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, { initContainers: [sh('exit 42', 'init')] }, [sh('exit 0')]),
    ends: 'Failed:PodFailurePolicy',
  },
  // The seed notes (test/fixtures/seeds), their images replaced by busybox and their sleeps shortened.
  { name: 'seed 000 sample-job: completions 10, parallelism 2, backoffLimit 5', job: seed('000_d4b7d28b59be9168.txt', 'sample-job', 'sleep 0.2'), ends: 'Complete:CompletionsReached' },
  { name: 'seed 001 normal-job: completions 6, one pod at a time', job: seed('001_e02c58d0bbac1fa5.txt', 'normal-job', 'sleep 0.5'), ends: 'Complete:CompletionsReached' },
  {
    name: 'seed 001 normal-job with parallelism 2',
    job: withSpec(seed('001_e02c58d0bbac1fa5.txt', 'normal-job', 'sleep 0.5'), { parallelism: 2 }),
    ends: 'Complete:CompletionsReached',
  },
  { name: 'seed 001 abnormal-end: backoffLimit 3, four pods fail', job: seed('001_e02c58d0bbac1fa5.txt', 'abnormal-end', 'sleep 0.5; exit 1'), ends: 'Failed:BackoffLimitExceeded' },
  { name: 'seed 001 two-containers: one container exits 1, backoffLimit 2', job: twoContainers(), ends: 'Failed:BackoffLimitExceeded' },
  { name: 'seed 002 oneshot (restartPolicy OnFailure)', job: seed('002_34165df39d38ca64.txt', 'oneshot', 'echo key'), ends: 'Complete:CompletionsReached' },
  { name: 'seed 002 parallel: completions 10, parallelism 5, OnFailure', job: seed('002_34165df39d38ca64.txt', 'parallel', 'echo key'), ends: 'Complete:CompletionsReached' },
  { name: 'seed 002 consumers: a work queue of parallelism 5, no completions', job: seed('002_34165df39d38ca64.txt', 'consumers', 'sleep 0.5'), ends: 'Complete:CompletionsReached' },
  {
    name: 'seed 003 hello-world with its ttlSecondsAfterFinished',
    job: withSpec(job({}, {}, [sh('echo Hello from Docker!', 'hello-world')]), { ttlSecondsAfterFinished: 3 }),
    ends: 'Complete:CompletionsReached',
  },
  {
    name: 'seed 004: activeDeadlineSeconds wins over a backoffLimit not yet reached',
    job: job({ activeDeadlineSeconds: 10, backoffLimit: 6 }, {}, [sh('exit 1')]),
    // The deadline comes during the real 10 s back-off (no replacement can be created before 10 s),
    // so the local run keeps Kubernetes' timing here. The first pod must end on its own within
    // 10 s: on a machine so loaded that the cluster cannot start it by then, it is deleted instead.
    backoffScale: 1,
    alone: true,
    ends: 'Failed:DeadlineExceeded',
  },
];

function withSpec(manifest: KubeObject, spec: Record<string, unknown>): KubeObject {
  return { ...manifest, spec: { ...(manifest.spec as Record<string, unknown>), ...spec } } as KubeObject;
}

/** Seed 001's two-containers: busybox1 exits 0, busybox2 exits 1. */
function twoContainers(): KubeObject {
  const manifest = seed('001_e02c58d0bbac1fa5.txt', 'two-containers', 'sleep 0.5; exit 0');
  const pod = (manifest.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
  pod.containers = [sh('sleep 0.5; exit 0', 'busybox1'), sh('sleep 0.5; exit 1', 'busybox2')];
  return manifest;
}

/**
 * The one difference kept: once a pod has succeeded, the real kubelet removes its dead containers
 * and with them the last state of a container restarted in place (kubectl then shows no Last State
 * and `logs --previous` fails). The local runner keeps the previous container, its end and its logs,
 * so that a user can still see why it restarted. Restart counts are compared all the same, and the
 * OnFailure cases check both targets show the last state while the pod runs.
 */
function withoutLastStateOfSucceededPods(outcome: Outcome): Outcome {
  return { ...outcome, pods: outcome.pods.map((line) => (/^(#\d+ )?Succeeded\b/.test(line) ? line.replace(/ last=[^\s\]]+/g, '') : line)) };
}

if (namespace) {
  const runtime = new DockerPodRuntime({ sandboxIdleMs: 500 });
  after(() => {
    runtime.dispose();
    console.log(`# fidelity matrix: ${cases.length + 2} cases in ${Math.round((Date.now() - began) / 1000)} s`);
  });
  const targets = (backoffScale = 0.1) => ({ runtime, connection: () => connection, namespace, backoffScale });

  async function compare(c: Case, i: number): Promise<void> {
    const both = await runOnBoth(targets(c.backoffScale), `fid-${i}`, c.job, c.drive);
    if (c.localPods) assert.deepEqual(both.local.pods, c.localPods);
    const normalize = (o: Outcome): Outcome => {
      const kept = withoutLastStateOfSucceededPods(o);
      const excepted = c.exception ? c.exception.normalize(kept) : kept;
      if (c.exception && JSON.stringify(excepted) !== JSON.stringify(kept)) console.log(`# ${c.name}: ${JSON.stringify(kept.pods)} read as ${JSON.stringify(excepted.pods)}: ${c.exception.why}`);
      return excepted;
    };
    const [local, cluster] = [normalize(both.local), normalize(both.cluster)];
    if (local.pods.join() !== both.local.pods.join()) console.log(`# ${c.name}: last state of a succeeded pod's restarted container not compared (see withoutLastStateOfSucceededPods): local ${both.local.pods.join(', ')}`);
    const finished = (o: Outcome) => o.conditions.find((x) => /^(Complete|Failed)=True:/.test(x))?.replace(/=True/, '');
    assert.equal(finished(cluster), c.ends, `the cluster ended ${JSON.stringify(cluster)}`);
    assert.deepEqual(local, cluster, `local ${JSON.stringify(local)}\ncluster ${JSON.stringify(cluster)}`);
    console.log(`# ${c.name}: both ${JSON.stringify(cluster)}`);
  }

  describe('the local runner ends Jobs as a real cluster does', { concurrency: 12 }, () => {
    cases.forEach((c, i) => {
      if (!c.alone) test(c.name, { timeout: CASE_TIMEOUT }, () => compare(c, i));
    });

    test('seed 000 as written: its image cannot be pulled, the pod waits with ErrImagePull / ImagePullBackOff', { timeout: CASE_TIMEOUT }, async () => {
      const [manifest] = seedManifests('000_d4b7d28b59be9168.txt');
      const { local, cluster } = await runUntilBoth(targets(), 'fid-pull', parse(manifest) as KubeObject, (r) =>
        r.pods.some((p) => p.containers.some((c) => 'waiting' in c.state && /^(ErrImagePull|ImagePullBackOff)$/.test(c.state.waiting.reason))),
      );
      assert.deepEqual(local, cluster);
    });

    test('seed 004: parallelism 0 holds the Job with no pod and no condition', { timeout: CASE_TIMEOUT }, async () => {
      // Compared once the Job has started (startTime set): by then a pod would have been created.
      const { local, cluster } = await runUntilBoth(targets(), 'fid-zero', job({ parallelism: 0, completions: 1 }), (r) => r.status.startTime !== undefined);
      assert.deepEqual(local, cluster);
      assert.deepEqual([cluster.podsCreated, cluster.conditions], [0, []]);
    });
  });

  describe('timing-sensitive cases, one at a time on a quieter cluster', () => {
    cases.forEach((c, i) => {
      if (c.alone) test(c.name, { timeout: CASE_TIMEOUT }, () => compare(c, i));
    });
  });
}
