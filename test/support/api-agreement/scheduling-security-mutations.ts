// More pod template mutations, written after the rules above were in place so that they test
// rules rather than echo them: affinity, spreading, security contexts, projected and CSI volumes,
// hooks, DNS limits and pod-level switches that exclude each other.
import type { Base } from './bases';
import { deleteAt, pathText, setAt, type Mutation, type Path } from './cases';

export function schedulingSecurityMutations(base: Base): Mutation[] {
  const pod: Path = base.kind === 'Job' ? ['spec', 'template', 'spec'] : ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  const c0: Path = [...pod, 'containers', 0];
  const out: Mutation[] = [];
  const sets = (category: string, path: Path, ...values: unknown[]) =>
    values.forEach((value) => out.push({ category, what: `${pathText(path)}: ${JSON.stringify(value)}`, apply: (m) => (value === undefined ? deleteAt(m, path) : setAt(m, path, value)) }));
  const term = (expression: Record<string, unknown>) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expression] }] } } });
  sets(
    'affinity',
    [...pod, 'affinity'],
    term({ key: 'size', operator: 'Gt', values: ['1', '2'] }),
    term({ key: 'size', operator: 'Gt', values: ['big'] }),
    term({ key: 'size', operator: 'Lt', values: ['10'] }),
    term({ key: 'zone', operator: 'In', values: [] }),
    term({ key: 'Bad Key', operator: 'Exists' }),
    term({ key: 'zone', operator: 'DoesNotExist', values: ['a'] }),
    { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }] } },
    { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }] } },
    { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'zone' } }] } },
    { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equals' }] } }] } },
    { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'Bad Key' }] } },
  );
  const spread = (constraint: Record<string, unknown>) => ({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', ...constraint });
  sets(
    'affinity',
    [...pod, 'topologySpreadConstraints'],
    [spread({}), spread({})],
    [spread({ topologyKey: '' })],
    [spread({ minDomains: 0 })],
    [spread({ minDomains: 2, whenUnsatisfiable: 'ScheduleAnyway' })],
    [spread({ minDomains: 2 })],
    [spread({ matchLabelKeys: ['app'], labelSelector: { matchLabels: { app: 'a' } } })],
  );
  sets(
    'security',
    [...c0, 'securityContext'],
    { privileged: true, allowPrivilegeEscalation: false },
    { capabilities: { add: ['SYS_ADMIN'] }, allowPrivilegeEscalation: false },
    { capabilities: { add: ['NET_ADMIN'] } },
    { runAsGroup: -1 },
    { runAsUser: 0, runAsNonRoot: true },
    { procMount: 'Unmasked' },
    { seLinuxOptions: { level: 's0:c123,c456' } },
    { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
    { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } },
    { appArmorProfile: { type: 'Localhost' } },
    { windowsOptions: { hostProcess: true } },
  );
  sets(
    'security',
    [...pod, 'securityContext'],
    { supplementalGroups: [-1] },
    { sysctls: [{ name: 'net.ipv4.ip_forward', value: '1' }, { name: 'net.ipv4.ip_forward', value: '0' }] },
    { fsGroupChangePolicy: 'OnRootMismatch' },
    { runAsNonRoot: false, runAsUser: 0 },
    { seLinuxChangePolicy: 'Bogus' },
  );
  sets('pod', [...pod, 'shareProcessNamespace'], true);
  out.push({ category: 'pod', what: 'shareProcessNamespace with hostPID', apply: (m) => (setAt(m, [...pod, 'shareProcessNamespace'], true), setAt(m, [...pod, 'hostPID'], true)) });
  out.push({ category: 'pod', what: 'hostNetwork with a hostPort unlike the containerPort', apply: (m) => (setAt(m, [...pod, 'hostNetwork'], true), setAt(m, [...c0, 'ports'], [{ containerPort: 80, hostPort: 81 }])) });
  out.push({ category: 'pod', what: 'hostNetwork with hostPort equal to containerPort', apply: (m) => (setAt(m, [...pod, 'hostNetwork'], true), setAt(m, [...c0, 'ports'], [{ containerPort: 80, hostPort: 80 }])) });
  sets('pod', [...pod, 'dnsConfig'], { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }, { searches: Array.from({ length: 33 }, (_, i) => `s${i}.example.com`) }, { searches: ['Bad_Domain'] });
  sets('pod', [...pod, 'runtimeClassName'], 'Bad_Class');
  sets('pod', [...pod, 'preemptionPolicy'], 'Never');
  sets('pod', [...pod, 'hostUsers'], false);
  sets('pod', [...pod, 'setHostnameAsFQDN'], true);
  sets('pod', [...pod, 'imagePullSecrets'], [{ name: 'Bad_Secret' }]);
  sets('pod', [...pod, 'resourceClaims'], [{ name: 'gpu' }], [{ name: 'Bad_Claim', resourceClaimName: 'c' }]);
  sets('container', [...c0, 'lifecycle'], { preStop: { sleep: { seconds: -1 } } }, { preStop: { sleep: { seconds: 40 } } }, { postStart: { httpGet: { port: 80, scheme: 'FTP' } } }, { preStop: { httpGet: { port: 'Bad_Port' } } });
  sets('container', [...c0, 'resizePolicy'], [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }], [{ resourceName: 'gpu', restartPolicy: 'NotRequired' }], [{ resourceName: 'cpu', restartPolicy: 'Bogus' }]);
  sets('container', [...c0, 'terminationMessagePath'], '', 'relative/path');
  sets('container', [...c0, 'workingDir'], 'relative');
  sets('container', [...c0, 'volumeDevices'], [{ name: 'missing', devicePath: '/dev/x' }]);
  sets('container', [...c0, 'stdinOnce'], true);
  const volume = (source: Record<string, unknown>) => [{ name: 'v', ...source }];
  sets(
    'volume',
    [...pod, 'volumes'],
    volume({ projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 300 } }] } }),
    volume({ projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } }),
    volume({ projected: { sources: [{ serviceAccountToken: {} }] } }),
    volume({ projected: { sources: [{ configMap: { name: 'c' }, secret: { name: 's' } }] } }),
    volume({ projected: { sources: [{ downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'spec.bogus' } }] } }] } }),
    volume({ projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'same' }] } }, { secret: { name: 's', items: [{ key: 'k', path: 'same' }] } }] } }),
    volume({ downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }] } }),
    volume({ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }),
    volume({ csi: {} }),
    volume({ csi: { driver: 'Bad Driver' } }),
    volume({ nfs: { server: 'nfs.example.com', path: 'relative' } }),
    volume({ secret: { secretName: 's', items: [{ key: 'bad key', path: 'p' }] } }),
    volume({ secret: { secretName: 's', defaultMode: 0o400 } }),
    volume({ emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }),
    volume({ emptyDir: { medium: 'HugePages' } }),
    volume({ persistentVolumeClaim: { claimName: 'Bad_Claim' } }),
    volume({ hostPath: { path: '/tmp', type: '' } }),
    volume({ gitRepo: { repository: 'https://example.com/r.git', directory: '../up' } }),
  );
  return out;
}
