// The cluster part of the Jobs view on a real cluster: a Job created outside the product
// (`kubectl create -f`) appears, its pods progress and it ends, all from the view's watches
// (listed once, never polled), and it disappears when kubectl deletes it. Without KUBECONFIG
// this suite fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { LiveClusterTree } from '../../client/src/views/live-cluster-tree';
import { TreeNodes, type ClusterJobNode, type JobsTreeNode, type TargetNode } from '../../client/src/views/jobs-tree-nodes';
import { liveNamespace } from './live-namespace';
import { kubectlIn } from './kubectl';

const LIVE_TIMEOUT = 150_000;

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-view', (ready) => (connection = ready));
if (namespace) {
  const kubectl = kubectlIn(namespace, 60_000);

  test('a Job created with kubectl create -f appears in the Jobs view, its pods progress, it completes and disappears when deleted, all from watches', { timeout: LIVE_TIMEOUT }, async () => {
    const nodes = new TreeNodes();
    const tree = new LiveClusterTree({ connect: () => connection, nodes, runIds: () => [], isRun: () => false });
    const target = nodes.intern<TargetNode>({ kind: 'target', id: `target:cluster:${connection.context}`, label: connection.context, cluster: true });
    /** Each pod's phases in the order the view showed them, read as VS Code does: on every redraw. */
    const phases = new Map<string, string[]>();
    const waiters: (() => void)[] = [];
    tree.onDidChange(() => {
      for (const wake of waiters.splice(0)) wake();
    });
    const shown = (job: ClusterJobNode) => {
      for (const pod of tree.jobChildren(job)) {
        if (pod.kind !== 'clusterPod') continue;
        const seen = phases.get(pod.pod.name) ?? [];
        if (seen.at(-1) !== pod.pod.phase) seen.push(pod.pod.phase);
        phases.set(pod.pod.name, seen);
      }
    };
    async function until(what: string, predicate: (children: JobsTreeNode[]) => boolean): Promise<JobsTreeNode[]> {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const next = new Promise<void>((resolve) => waiters.push(resolve));
        const children = await tree.children(target);
        for (const node of children) if (node.kind === 'clusterJob') shown(node);
        if (predicate(children)) return children;
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting until ${what}`)), Math.max(0, deadline - Date.now()))));
        await Promise.race([next, late]).finally(() => clearTimeout(timer));
      }
    }
    const jobNode = (children: JobsTreeNode[]) => children.find((n): n is ClusterJobNode => n.kind === 'clusterJob' && n.job.name === 'outside');
    const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-view-'));
    try {
      const first = await tree.children(target);
      assert.deepEqual(first.map((n) => n.kind === 'message' && n.text), [`no Jobs or CronJobs in namespace ${namespace}`]);

      const file = join(dir, 'outside.yaml');
      const job = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'outside' },
        spec: {
          completions: 2,
          parallelism: 1,
          template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo working; sleep 3'] }] } },
        },
      };
      writeFileSync(file, stringify(job));
      assert.match(await kubectl('create', '-f', file), /job\.batch\/outside created/);

      const node = jobNode(await until('the Job appears', (c) => jobNode(c) !== undefined))!;
      await until('a pod of it runs', () => [...phases.values()].some((p) => p.includes('Running')));
      const ended = jobNode(await until('it completes', (c) => jobNode(c)?.job.state === 'Complete'))!;
      assert.equal(ended, node, 'the same tree element, redrawn');
      assert.equal(ended.job.status.succeeded, 2);
      assert.equal(ended.job.status.active, 0);
      // Its pods, one after the other (parallelism 1): both shown running, then succeeded.
      const pods = tree.jobChildren(ended).filter((p) => p.kind === 'clusterPod');
      assert.equal(pods.length, 2);
      assert.ok(pods.every((p) => p.kind === 'clusterPod' && p.pod.phase === 'Succeeded'), JSON.stringify([...phases]));
      assert.ok([...phases.values()].filter((p) => p.includes('Running') && p.at(-1) === 'Succeeded').length >= 1, `the phases the view showed: ${JSON.stringify([...phases])}`);
      const kubectlSays = JSON.parse(await kubectl('get', 'job', 'outside', '-o', 'json')) as { status: { succeeded?: number } };
      assert.equal(kubectlSays.status.succeeded, ended.job.status.succeeded);

      assert.match(await kubectl('delete', 'job', 'outside', '--cascade=background'), /deleted/);
      const gone = await until('it disappears', (c) => jobNode(c) === undefined);
      assert.equal(gone[0].kind, 'message');
      const stats = tree.stats()!;
      assert.deepEqual([stats.jobs.lists, stats.pods.lists], [1, 1], 'listed once, then every change came from the watches');
    } finally {
      tree.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
