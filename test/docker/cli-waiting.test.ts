// What holds a run up is shown by `kube-jobs run`, on the real engine: a missing image (its
// reason and message in the status line and the JSON, with what to do), and the local image
// used when imagePullPolicy: Always finds no registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeJobs, writeScriptJob } from '../support/docker/kube-jobs-cli';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-waiting-'));

/** A Job of one container of `image` (images scripts/docker-engine.sh did not tag are missing on purpose). */
function imageJob(name: string, image: string, pullPolicy?: string): string {
  return writeScriptJob(dir, name, 'true', { image, pullPolicy: pullPolicy ?? null });
}

interface Waiting {
  pod: string;
  container: string;
  reason: string;
  message: string;
  advice: string;
}

test('a missing image: the waiting reason and message in the status line and the JSON, with what to do', () => {
  const run = kubeJobs(['run', imageJob('missing-image', 'nosuch:1'), '--timeout', '8', '--output', 'json']);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /^job\/missing-image: 1 active, 0 succeeded, 0 failed — completions 0\/- — pod\/missing-image-[a-z0-9]{5}\/main waiting: (ErrImagePull|ImagePullBackOff) \(.*"nosuch:1".*\)$/m);
  assert.match(run.stderr, /^hint: Image "nosuch:1" is not on the local Docker engine and could not be pulled\. Put it there with `docker pull nosuch:1`, `docker load -i <file>\.tar`/m);
  assert.match(run.stderr, /^warning: pod\/missing-image-[a-z0-9]{5}: Failed to pull image "nosuch:1": /m, 'the pull failure itself is shown');
  const summary = JSON.parse(run.stdout) as { waiting: Waiting[]; pods: { containers: { reason: string; message: string }[] }[] };
  assert.equal(summary.waiting.length, 1, run.stdout);
  const [waiting] = summary.waiting;
  assert.equal(waiting.container, 'main');
  assert.match(waiting.reason, /^(ErrImagePull|ImagePullBackOff)$/);
  assert.match(waiting.message, /"nosuch:1"/);
  assert.match(waiting.advice, /docker load -i <file>\.tar/);
  assert.equal(summary.pods[0].containers[0].message, waiting.message);
});

test('imagePullPolicy: Never and no such image: the Job fails, and the summary says why and what to do', () => {
  const run = kubeJobs(['run', imageJob('never-pulled', 'nosuch:1', 'Never')]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /main: ErrImageNeverPull \(Container image "nosuch:1" is not present with pull policy of Never\)/);
  assert.match(run.stdout, /^ {2}hint: Image "nosuch:1" is not on the local Docker engine and imagePullPolicy is Never\. Put it there with .*, or set imagePullPolicy: IfNotPresent, then run the Job again\.$/m);
});

test('imagePullPolicy: Always with no registry: a warning says the local image is used, and the Job runs', () => {
  const run = kubeJobs(['run', imageJob('always-pulled', 'busybox:1.36', 'Always')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^warning: pod\/always-pulled-[a-z0-9]{5}: Failed to pull image "busybox:1\.36": .*; using the image already on the engine$/m);
});
