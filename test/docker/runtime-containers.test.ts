// DockerPodRuntime on the real engine: what a container sees and reports (exit codes, output,
// environment, hostname, volumes, termination messages).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { RuntimeHarness, sh } from '../support/docker/runtime-harness';

const h = new RuntimeHarness({ sandboxIdleMs: 200 });
// Termination files written and read through the engine, as when the runner cannot reach its files.
const viaEngine = new RuntimeHarness({ sandboxIdleMs: 200, directFileAccess: false });
after(() => Promise.all([h.close(), viaEngine.close()]));

const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { GREETING: 'hello', 'app.conf': 'mode=fast\n' } };
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { PASSWORD: Buffer.from('s3cr3t').toString('base64') }, stringData: { USER: 'admin' } };

describe('containers on the Docker engine', { concurrency: true }, () => {
  test('exit codes, with stdout and stderr kept apart and in order', async () => {
    const launch = h.launch({ containers: [sh('ok', 'echo one; echo two >&2; echo three'), sh('fails', 'exit 3')] });
    const [ok, fails] = await h.runPod(launch);
    assert.equal(ok.exitCode, 0);
    assert.equal(fails.exitCode, 3);
    assert.equal(ok.oomKilled, false);
    assert.ok(ok.startedAt && Date.parse(ok.finishedAt) >= Date.parse(ok.startedAt), JSON.stringify(ok));
    const lines = await h.logLines(launch.podName, 'ok');
    // Docker reads stdout and stderr from two pipes: order holds within a stream, not across them.
    assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.text), ['one', 'three']);
    assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.text), ['two']);
    assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(l.time)), JSON.stringify(lines));
    assert.ok(h.events.some((e) => e.type === 'containerStarted' && e.pod === launch.podName && e.container === 'ok'));
  });

  test('env values, fieldRefs, ConfigMap and Secret keys, envFrom with a prefix, and $(VAR) expansion', async () => {
    const launch = h.launch(
      {
        containers: [
          {
            ...sh('env', 'echo "$GREETING|$PASSWORD|$CFG_USER|$POD|$NS|$APP|$MISSING_OK|$MSG"; echo "$0 $1 $2"'),
            args: ['$(GREETING)-$(NS)', '$$(GREETING)', '$(UNDEFINED)'],
            envFrom: [{ secretRef: { name: 'creds' }, prefix: 'CFG_' }],
            env: [
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'GREETING' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['job-name']" } } },
              { name: 'MISSING_OK', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope', optional: true } } },
              { name: 'MSG', value: '$(GREETING) from $(POD) $(LATER)' },
              { name: 'LATER', value: 'x' },
            ],
          },
        ],
      },
      { configMaps: [configMap], secrets: [secret] },
    );
    const [env] = await h.runPod(launch);
    assert.equal(env.exitCode, 0);
    const lines = (await h.logLines(launch.podName, 'env')).map((l) => l.text);
    assert.deepEqual(lines, [`hello|s3cr3t|admin|${launch.podName}|default|job||hello from ${launch.podName} $(LATER)`, 'hello-default $(GREETING) $(UNDEFINED)']);
  });

  test('a missing ConfigMap key is CreateContainerConfigError, with Kubernetes wording', async () => {
    const launch = h.launch({ containers: [{ ...sh('env', 'true'), env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } }] }] }, { configMaps: [configMap] });
    await h.runtime.createPod(launch);
    await h.runtime.startContainer(launch.podName, 'env');
    const event = await h.next('containerNotStarted', (e) => e.pod === launch.podName);
    assert.equal(event.reason, 'CreateContainerConfigError');
    assert.equal(event.message, "couldn't find key nope in ConfigMap default/settings");
  });

  test('Indexed pods see JOB_COMPLETION_INDEX and their <job>-<index> hostname, shared by every container', async () => {
    const launch = h.launch({ containers: [sh('a', 'echo "$JOB_COMPLETION_INDEX $(hostname)"'), sh('b', 'hostname')] }, { index: 3, hostname: 'job-3' });
    const exits = await h.runPod(launch);
    assert.deepEqual(exits.map((e) => e.exitCode), [0, 0], JSON.stringify(exits));
    assert.deepEqual((await h.logLines(launch.podName, 'a')).map((l) => l.text), ['3 job-3']);
    assert.deepEqual((await h.logLines(launch.podName, 'b')).map((l) => l.text), ['job-3']);
  });

  test('a pod of one container with nothing to share never starts its sandbox: its container has the hostname, loopback only, a termination message', async () => {
    const launch = h.launch({ containers: [sh('solo', 'hostname; ls /sys/class/net; echo bye > /dev/termination-log; exit 4')] }, { hostname: 'solo-host' });
    const [solo] = await h.runPod(launch);
    assert.equal(solo.exitCode, 4);
    assert.equal(solo.message, 'bye\n');
    assert.deepEqual((await h.logLines(launch.podName, 'solo')).map((l) => l.text), ['solo-host', 'lo']);
    const [sandbox] = await h.runtime.docker.listContainers({ all: true, filters: { label: [`dev.kube-jobs/pod=${launch.podName}`, 'dev.kube-jobs/role=sandbox'] } });
    assert.ok(sandbox, 'the sandbox still carries the volumes');
    assert.match((await h.runtime.docker.getContainer(sandbox.Id).inspect()).State.StartedAt, /^0001-/, 'the sandbox never ran');
  });

  test('an emptyDir is shared by two containers and writable by a non-root user; workingDir and runAsUser apply', async () => {
    const launch = h.launch({
      volumes: [{ name: 'work', emptyDir: {} }, { name: 'fast', emptyDir: { medium: 'Memory' } }],
      containers: [
        { ...sh('writer', 'echo data > shared.txt && echo mem > /fast/m && id -u && pwd'), workingDir: '/work', securityContext: { runAsUser: 1000 }, volumeMounts: [{ name: 'work', mountPath: '/work' }, { name: 'fast', mountPath: '/fast' }] },
      ],
      initContainers: [{ ...sh('reader', 'cat /data/shared.txt /fast/m'), securityContext: { runAsUser: 2000 }, volumeMounts: [{ name: 'work', mountPath: '/data' }, { name: 'fast', mountPath: '/fast' }] }],
    });
    await h.runPod(launch);
    assert.deepEqual((await h.logLines(launch.podName, 'writer')).map((l) => l.text), ['1000', '/work']);
    // A second container of the same pod, started later, sees both files.
    await h.runtime.startContainer(launch.podName, 'reader');
    const reader = await h.exited(launch.podName, 'reader');
    assert.equal(reader.exitCode, 0, JSON.stringify(reader));
    assert.deepEqual((await h.logLines(launch.podName, 'reader')).map((l) => l.text), ['data', 'mem']);
  });

  test('ConfigMap, Secret and downwardAPI volumes: keys, items, modes, read-only', async () => {
    const launch = h.launch(
      {
        volumes: [
          { name: 'config', configMap: { name: 'settings' } },
          { name: 'creds', secret: { secretName: 'creds', items: [{ key: 'PASSWORD', path: 'nested/pw', mode: 0o400 }], defaultMode: 0o440 } },
          { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        ],
        containers: [
          {
            ...sh('reader', 'cat /etc/cfg/app.conf /etc/cfg/GREETING; echo; cat /etc/creds/nested/pw; echo; stat -c %a /etc/creds/nested/pw; ls /etc/creds; cat /info/name; echo; cat /info/labels; echo; touch /etc/cfg/x 2>/dev/null || echo read-only'),
            volumeMounts: [{ name: 'config', mountPath: '/etc/cfg' }, { name: 'creds', mountPath: '/etc/creds' }, { name: 'info', mountPath: '/info' }],
          },
        ],
      },
      { configMaps: [configMap], secrets: [secret] },
    );
    const [reader] = await h.runPod(launch);
    assert.equal(reader.exitCode, 0);
    assert.deepEqual((await h.logLines(launch.podName, 'reader')).map((l) => l.text), ['mode=fast', 'hello', 's3cr3t', '400', 'nested', launch.podName, 'job-name="job"', 'read-only']);
  });

  test('the termination message is read from terminationMessagePath, or from the log with FallbackToLogsOnError', async () => {
    const launch = h.launch({
      containers: [
        sh('file', 'echo "disk full" > /dev/termination-log; exit 2'),
        { ...sh('custom', 'echo done > /tmp/why'), terminationMessagePath: '/tmp/why' },
        { ...sh('fallback', 'echo first; echo last words; exit 1'), terminationMessagePolicy: 'FallbackToLogsOnError' },
        { ...sh('quiet', 'echo not a message; exit 1') },
      ],
    });
    const [file, custom, fallback, quiet] = await h.runPod(launch);
    assert.equal(file.message, 'disk full\n');
    assert.equal(file.exitCode, 2);
    assert.equal(custom.message, 'done\n');
    assert.equal(fallback.message, 'first\nlast words');
    assert.equal(quiet.message, undefined);
  });

  test('termination messages also come through the engine when its files are out of reach', async () => {
    const launch = viaEngine.launch({ containers: [sh('solo', 'echo "out of reach" > /dev/termination-log; exit 1')] });
    const [solo] = await viaEngine.runPod(launch);
    assert.equal(solo.exitCode, 1);
    assert.equal(solo.message, 'out of reach\n');
    const multi = viaEngine.launch({
      containers: [
        sh('a', 'echo a > /dev/termination-log'),
        { ...sh('b', 'echo b > /tmp/m'), terminationMessagePath: '/tmp/m' },
        sh('quiet', 'echo not a message; exit 1'),
        { ...sh('fallback', 'echo last words; exit 1'), terminationMessagePolicy: 'FallbackToLogsOnError' },
      ],
    });
    assert.deepEqual((await viaEngine.runPod(multi)).map((e) => e.message), ['a\n', 'b\n', undefined, 'last words']);
  });

  test('a command that does not exist fails the container (exit 128-style), it does not hang', async () => {
    const launch = h.launch({ containers: [{ name: 'bad', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['/no/such/binary'] }] });
    const [bad] = await h.runPod(launch);
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.message ?? '', /no such file|not found/i);
  });
});
