// The cluster part of the Jobs view stays live without a refresh: Jobs made, changed and deleted
// on the API server show up in the tree's children, a 100-pod Job is a handful of redraws, a
// watch whose version expired lists again, and a refused namespace is a message in the tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { V1JobSpec } from '@kubernetes/client-node';
import { startClusterFixture, jobManifest, TEST_CONTEXT, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { writeKubeconfig } from '../support/api-server/kubeconfig-file';
import { connectCluster, type ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { LiveClusterTree } from '../../client/src/views/live-cluster-tree';
import { TreeNodes, type JobsTreeNode, type TargetNode } from '../../client/src/views/jobs-tree-nodes';
import { JobScript } from '../support/api-server/job-script';

const NAMESPACE = 'live-tree';
let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture({ namespace: NAMESPACE });
  script = new JobScript(fixture.server, NAMESPACE);
});
after(() => fixture.close());

/** The tree as the Jobs view builds it, with every redraw it asks for recorded. */
function liveTree(connection: ClusterConnection | undefined = fixture.connection) {
  const nodes = new TreeNodes();
  const tree = new LiveClusterTree({ connect: () => connection, nodes, runIds: () => [], isRun: () => false });
  const target = nodes.intern<TargetNode>({ kind: 'target', id: `target:cluster:${TEST_CONTEXT}`, label: TEST_CONTEXT, cluster: true });
  const redraws: JobsTreeNode[][] = [];
  const waiters: (() => void)[] = [];
  tree.onDidChange((changed) => {
    redraws.push(changed);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the target's children once `predicate` holds, re-reading them after each redraw, as VS Code does. */
  async function until(predicate: (children: JobsTreeNode[]) => boolean | Promise<boolean>): Promise<JobsTreeNode[]> {
    for (;;) {
      const next = new Promise<void>((resolve) => waiters.push(resolve));
      const children = await tree.children(target);
      if (await predicate(children)) return children;
      await next;
    }
  }
  /** Stops it and waits until the server saw its watches close: each test starts with none open. */
  async function dispose(): Promise<void> {
    tree.stop();
    await fixture.server.watches.untilOpen((n) => n === 0);
  }
  return { tree, nodes, target, redraws, until, dispose };
}

function jobNamed(children: JobsTreeNode[], name: string) {
  return children.find((n): n is JobsTreeNode & { kind: 'clusterJob' } => n.kind === 'clusterJob' && n.job.name === name);
}

test('a Job created, changed and deleted on the cluster appears, changes and disappears without a refresh', async () => {
  const view = liveTree();
  try {
    const first = await view.tree.children(view.target);
    assert.deepEqual(first.map((n) => n.kind === 'message' && n.text), [`no Jobs or CronJobs in namespace ${NAMESPACE}`]);

    await fixture.connection.batch.createNamespacedJob({ namespace: NAMESPACE, body: jobManifest('appears') });
    const withJob = await view.until((children) => jobNamed(children, 'appears') !== undefined);
    assert.ok(view.redraws.some((r) => r.includes(view.target)), 'the target was redrawn when the Job came');
    const node = jobNamed(withJob, 'appears')!;
    const running = await script.createPod(await script.job('appears'));
    await running.schedule();
    await running.start('main');
    await script.jobStatus('appears', { active: 1 });

    // Its pod runs: the Job node itself is redrawn with the new status, and lists the pod.
    const pods = await view.until(() => node.job.status.active === 1 && view.tree.jobChildren(node).some((p) => p.kind === 'clusterPod' && p.pod.phase === 'Running'));
    assert.ok(pods);
    const redrawsBefore = view.redraws.length;
    await running.exit('main');
    await running.phase('Succeeded');
    await script.finish('appears', { type: 'Complete' }, { succeeded: 1 });
    await view.until(() => node.job.state === 'Complete');
    assert.equal(node.job.status.succeeded, 1);
    assert.ok(view.redraws.slice(redrawsBefore).every((r) => r.length === 1 && r[0] === node), 'only the Job node was redrawn, not the whole target');

    await fixture.connection.batch.deleteNamespacedJob({ name: 'appears', namespace: NAMESPACE, propagationPolicy: 'Background' });
    const gone = await view.until((children) => jobNamed(children, 'appears') === undefined);
    assert.equal(gone[0].kind, 'message');
  } finally {
    await view.dispose();
  }
});

test('a 100-pod Job redraws the tree a few times, not once per pod event', async () => {
  const view = liveTree();
  try {
    await view.tree.children(view.target);
    const before = view.redraws.length;
    const eventsBefore = fixture.server.store.currentVersion();
    const started = performance.now();
    await fixture.connection.batch.createNamespacedJob({ namespace: NAMESPACE, body: jobManifest('wide', { parallelism: 100, completions: 100 }) });
    const children = await view.until((c) => jobNamed(c, 'wide') !== undefined);
    const node = jobNamed(children, 'wide')!;
    // A burst as a node makes it: 100 pods created, scheduled and started, each a write of its own.
    const job = await script.job('wide');
    const pods = await Promise.all(Array.from({ length: 100 }, () => script.createPod(job)));
    await script.jobStatus('wide', { active: 100 });
    await Promise.all(pods.map((pod) => pod.schedule().then(() => pod.start('main'))));
    await view.until(() => view.tree.jobChildren(node).filter((p) => p.kind === 'clusterPod' && p.pod.phase === 'Running').length === 100 && node.job.status.active === 100);
    const elapsed = performance.now() - started;
    const writes = Number(fixture.server.store.currentVersion()) - Number(eventsBefore);
    const redraws = view.redraws.length - before;
    const elements = view.redraws.slice(before).reduce((sum, r) => sum + r.length, 0);
    console.log(`100-pod Job: ${writes} writes on the server in ${Math.round(elapsed)} ms, ${redraws} redraws naming ${elements} elements`);
    assert.ok(writes >= 300, `the burst was a burst (${writes} writes)`);
    // Events are collected 100 ms at a time: one redraw per window at most, however long the burst took here.
    assert.ok(redraws <= Math.ceil(elapsed / 100) + 2, `${redraws} redraws for ${writes} watch events in ${Math.round(elapsed)} ms`);
    assert.ok(view.redraws.slice(before).every((r) => r.length <= 2), 'each redraw names the target or the Job, never one element per pod');
    await Promise.all(pods.map((pod) => pod.exit('main').then(() => pod.phase('Succeeded'))));
    await script.finish('wide', { type: 'Complete' }, { succeeded: 100 });
    await view.until(() => node.job.state === 'Complete');
  } finally {
    await view.dispose();
  }
});

test('a watch whose resourceVersion expired (410 Gone) lists again and misses nothing', async () => {
  const view = liveTree();
  try {
    await view.tree.children(view.target);
    await fixture.server.watches.untilOpen((n) => n === 3);
    const before = view.tree.stats()!;
    // Compaction, then every watch is cut: their resumes find their version gone. (A write
    // follows at once: this server expires even the newest version at compaction.)
    fixture.server.store.compact();
    assert.equal(fixture.server.watches.dropAll(), 3, 'the job, cronjob and pod watches were open');
    await fixture.connection.batch.createNamespacedCronJob({
      namespace: NAMESPACE,
      body: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: jobManifest('x').spec as V1JobSpec } } },
    });
    const children = await view.until((c) => c.some((n) => n.kind === 'clusterCronJob' && n.cronJob.name === 'nightly') && view.tree.stats()!.cronJobs.lists > before.cronJobs.lists);
    assert.ok(children.length > 0);
    const after = view.tree.stats()!;
    assert.ok(after.cronJobs.lists > before.cronJobs.lists, `the cronjobs were listed again (${before.cronJobs.lists} → ${after.cronJobs.lists})`);
  } finally {
    await view.dispose();
  }
});

test('a namespace the user may not list shows why, as a message in the tree', async () => {
  fixture.server.auth.grant('no-jobs', { user: 'intern', may: (_verb, plural) => plural !== 'jobs' });
  const kubeconfig = writeKubeconfig([{ name: TEST_CONTEXT, server: fixture.server.url, token: 'no-jobs', namespace: NAMESPACE }]);
  const view = liveTree(connectCluster({ kubeconfigPaths: [kubeconfig] }));
  try {
    const children = await view.tree.children(view.target);
    const message = children[0];
    assert.equal(message.kind, 'message');
    assert.ok(message.kind === 'message' && message.problem);
    assert.match(message.kind === 'message' ? message.text : '', /forbidden/);
  } finally {
    await view.dispose();
  }
});

test('a refused namespace comes back by itself once the user may list it (the list is tried again)', { timeout: 30_000 }, async () => {
  let allowed = false;
  fixture.server.auth.grant('later-jobs', { user: 'newcomer', may: (_verb, plural) => allowed || plural !== 'jobs' });
  const kubeconfig = writeKubeconfig([{ name: TEST_CONTEXT, server: fixture.server.url, token: 'later-jobs', namespace: NAMESPACE }]);
  const view = liveTree(connectCluster({ kubeconfigPaths: [kubeconfig] }));
  try {
    const refused = await view.tree.children(view.target);
    assert.ok(refused[0].kind === 'message' && refused[0].problem, 'refused at first');
    allowed = true;
    const children = await view.until((nodes) => nodes.every((n) => n.kind !== 'message'));
    assert.ok(children.every((n) => n.kind === 'clusterJob' || n.kind === 'clusterCronJob'), `children: ${children.map((n) => n.kind).join(', ')}`);
  } finally {
    await view.dispose();
  }
});

test('an unreachable cluster shows why, as a message in the tree', async () => {
  const kubeconfig = writeKubeconfig([{ name: TEST_CONTEXT, server: 'http://127.0.0.1:9', token: 'x', namespace: NAMESPACE }]);
  const view = liveTree(connectCluster({ kubeconfigPaths: [kubeconfig] }));
  try {
    const children = await view.tree.children(view.target);
    assert.ok(children[0].kind === 'message' && children[0].problem);
    assert.match(children[0].kind === 'message' ? children[0].text : '', /cannot reach the cluster/);
  } finally {
    await view.dispose();
  }
});

test('stopping (another namespace chosen, the view hidden) closes every watch', async () => {
  const view = liveTree();
  await view.tree.children(view.target);
  await fixture.server.watches.untilOpen((n) => n === 3);
  view.tree.stop();
  await fixture.server.watches.untilOpen((n) => n === 0);
  assert.equal(view.tree.watching(), undefined);
});
