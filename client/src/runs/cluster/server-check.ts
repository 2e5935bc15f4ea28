// "Check on Cluster": what the API server says of a manifest without running it, as
// `kubectl create --dry-run=server` would: the Job or CronJob and the ConfigMaps and Secrets of
// its file it refers to, each sent with dryRun=All. Its refusals name the fields (to be shown at
// their lines), its warnings come from the same answers, nothing is written.
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import type { KubeObject } from '../manifest';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError, isUnanswered } from './cluster-errors';
import { ConfigObjectError, ConfigObjects } from './config-objects';
import { warningOptions } from './api-warnings';
import { prepare } from './job-submission';

/** One thing the API server refused, in the object it was about. */
export interface ServerProblem {
  /** The object: "Job", "CronJob", "ConfigMap" or "Secret", and its name in the file. */
  kind: string;
  name: string;
  /** The field as the API server names it (`spec.template.spec.containers[0].image`), when it does. */
  field?: string;
  message: string;
}

export interface ServerVerdict {
  /** What was checked: "job/name" or "cronjob/name". */
  workload: string;
  context: string;
  namespace: string;
  /** The API server would create every object (warnings aside). */
  accepted: boolean;
  problems: ServerProblem[];
  /** Its warnings (Pod Security, deprecated fields), once each. */
  warnings: string[];
  /** The workload already exists there: a run would ask to replace it or run a copy (its content is checked under a generated name). */
  exists: boolean;
}

/** Sends the workload (and the file's ConfigMaps and Secrets it uses) with dryRun=All; throws only when the cluster cannot be asked. */
export async function checkOnServer(connection: ClusterConnection, workload: KubeObject, configObjects: readonly KubeObject[], options: { namespace?: string } = {}): Promise<ServerVerdict> {
  const kind = workload.kind === 'CronJob' ? 'CronJob' : 'Job';
  const name = workload.metadata?.name ?? '';
  const namespace = options.namespace ?? workload.metadata?.namespace ?? connection.namespace;
  const verdict: ServerVerdict = { workload: `${kind.toLowerCase()}/${name}`, context: connection.context, namespace, accepted: true, problems: [], warnings: [], exists: false };
  const warnings = warningOptions((text) => verdict.warnings.push(text));
  const refused = (error: unknown, about: { kind: string; name: string }) => {
    // Not an answer about the manifest: the cluster could not be asked.
    if (!(error instanceof ClusterError) || isUnanswered(error) || error.kind === 'unauthorized' || error.kind === 'config') throw error;
    verdict.accepted = false;
    const causes = error.causes.filter((c) => c.message || c.field);
    if (causes.length === 0) verdict.problems.push({ ...about, message: error.message });
    for (const cause of causes) verdict.problems.push({ ...about, field: cause.field, message: cause.message ?? cause.reason ?? 'invalid' });
  };

  if (kind === 'Job') {
    try {
      const plan = await ConfigObjects.plan(connection, workload, configObjects, { namespace, jobName: name });
      await plan.dryRun();
    } catch (error) {
      if (!(error instanceof ConfigObjectError)) throw error;
      refused(error, { kind: error.objectKind, name: error.objectName });
    }
  }
  const body = prepare<V1Job | V1CronJob>(workload, namespace, kind);
  // The server validates before it looks for the name: whether it exists is asked apart.
  verdict.exists = await exists(connection, kind, name, namespace);
  if (verdict.exists) body.metadata = { ...body.metadata, name: undefined, generateName: `${name.slice(0, 40)}-` };
  try {
    await connection.call<unknown>(`validate ${verdict.workload}`, () =>
      kind === 'Job'
        ? connection.batch.createNamespacedJob({ namespace, body: body as V1Job, dryRun: 'All' }, warnings)
        : connection.batch.createNamespacedCronJob({ namespace, body: body as V1CronJob, dryRun: 'All' }, warnings),
    );
  } catch (error) {
    refused(error, { kind, name });
  }
  return verdict;
}

async function exists(connection: ClusterConnection, kind: 'Job' | 'CronJob', name: string, namespace: string): Promise<boolean> {
  try {
    await connection.call<unknown>(`get ${kind.toLowerCase()}/${name}`, () => (kind === 'Job' ? connection.batch.readNamespacedJob({ name, namespace }) : connection.batch.readNamespacedCronJob({ name, namespace })));
    return true;
  } catch (error) {
    if (error instanceof ClusterError && (error.kind === 'notFound' || error.kind === 'forbidden')) return false;
    throw error;
  }
}
