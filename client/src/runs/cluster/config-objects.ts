// The manifest's ConfigMaps and Secrets that a Job's pods refer to, put on the cluster the way
// `kubectl apply -f file` would: created when missing, replaced (PUT with the resourceVersion
// read) when their data differs, left alone when the same. The Job submission dry-runs them with
// the Job, applies them just before the Job's create and deletes the ones it created when that
// create fails. Secret values never reach a message.
import type { V1ConfigMap, V1Secret } from '@kubernetes/client-node';
import type { KubeObject } from '../manifest';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError, explainClusterError } from './cluster-errors';
import { configReferences, type ConfigKind, type ConfigReference } from './config-references';
import { redact, sameData, secretValues } from './config-data-compare';

type Body = Record<string, unknown> & { metadata?: Record<string, unknown> };

interface Planned {
  kind: ConfigKind;
  name: string;
  /** What to send: the file's object (create) or the cluster's with the file's data (update). */
  body: Body;
  action: 'create' | 'update' | 'unchanged';
  /** Created by this submission (and so deleted again if the Job is not created). */
  created: boolean;
}

/** A ConfigMap or Secret could not be checked, validated, written or removed. */
export class ConfigObjectError extends ClusterError {
  constructor(
    readonly objectKind: ConfigKind,
    readonly objectName: string,
    cause: ClusterError,
    message: string,
  ) {
    super(cause.kind, message, cause.status, cause.causes);
    this.name = 'ConfigObjectError';
  }
}

export interface ConfigObjectsOptions {
  namespace: string;
  /** For messages: the Job that needs them. */
  jobName: string;
  report?: (message: string) => void;
}

export function labelOf(kind: ConfigKind, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

/** The file's ConfigMap or Secret for a reference: same kind and name, in the Job's namespace (or none). */
function inFile(objects: readonly KubeObject[], ref: ConfigReference, namespace: string): KubeObject | undefined {
  return objects.find((o) => o.kind === ref.kind && o.metadata?.name === ref.name && (o.metadata?.namespace ?? namespace) === namespace);
}

/** The file's object as it is sent: in the namespace, without what only the server sets. */
function fromFile(object: KubeObject, kind: ConfigKind, namespace: string): Body {
  const body = structuredClone(object) as Body;
  body.apiVersion = 'v1';
  body.kind = kind;
  const metadata: Record<string, unknown> = { ...(body.metadata ?? {}), namespace };
  for (const key of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'generation', 'deletionTimestamp']) delete metadata[key];
  body.metadata = metadata;
  return body;
}

/** The cluster's object with the file's data, labels and annotations, as `apply` leaves it. */
function updated(existing: Body, file: Body): Body {
  const body: Body = { ...existing };
  const fields = file.kind === 'ConfigMap' ? ['data', 'binaryData', 'immutable'] : ['data', 'stringData', 'type', 'immutable'];
  for (const field of fields) {
    if (file[field] !== undefined) body[field] = file[field];
    else if (field !== 'type' && field !== 'immutable') delete body[field];
  }
  const merge = (key: string) => ({ ...((existing.metadata?.[key] as object | undefined) ?? {}), ...((file.metadata?.[key] as object | undefined) ?? {}) });
  body.metadata = { ...(existing.metadata ?? {}), labels: merge('labels'), annotations: merge('annotations') };
  return body;
}

export class ConfigObjects {
  private constructor(
    private readonly connection: ClusterConnection,
    private readonly options: ConfigObjectsOptions,
    private readonly planned: Planned[],
    private readonly secrets: readonly string[],
  ) {}

  /**
   * Reads, for each ConfigMap and Secret the Job refers to and the file defines, what the
   * cluster has; the ones the file does not define are left to the cluster.
   */
  static async plan(connection: ClusterConnection, job: KubeObject, objects: readonly KubeObject[], options: ConfigObjectsOptions): Promise<ConfigObjects> {
    const planned: Planned[] = [];
    const secrets = objects.filter((o) => o.kind === 'Secret').flatMap(secretValues);
    const plan = new ConfigObjects(connection, options, planned, secrets);
    for (const ref of configReferences(job)) {
      const object = inFile(objects, ref, options.namespace);
      if (!object) {
        if (!ref.optional) await plan.noteMissing(ref);
        continue;
      }
      const body = fromFile(object, ref.kind, options.namespace);
      const existing = await plan.read(ref.kind, ref.name);
      if (!existing) planned.push({ kind: ref.kind, name: ref.name, body, action: 'create', created: false });
      else if (sameData(ref.kind, body, existing)) planned.push({ kind: ref.kind, name: ref.name, body: existing, action: 'unchanged', created: false });
      else planned.push({ kind: ref.kind, name: ref.name, body: updated(existing, body), action: 'update', created: false });
    }
    return plan;
  }

  get isEmpty(): boolean {
    return this.planned.length === 0;
  }

  /** "configmap/a, secret/b": the objects this submission creates or updates ("" when none). */
  describeWrites(): string {
    return this.planned.filter((p) => p.action !== 'unchanged').map((p) => labelOf(p.kind, p.name)).join(', ');
  }

  /** The server-side dry run of every create and update: the API server's own validation, nothing written. */
  async dryRun(): Promise<void> {
    for (const p of this.planned) {
      if (p.action === 'create') await this.write(p, 'validate', true);
      else if (p.action === 'update') await this.write(p, 'validate the update of', true);
    }
  }

  /** Creates and updates; when one fails, the ones created so far are deleted again. */
  async apply(): Promise<void> {
    const { namespace, report } = this.options;
    try {
      for (const p of this.planned) {
        const label = labelOf(p.kind, p.name);
        if (p.action === 'create' && !p.created) {
          report?.(`creating ${label} in ${namespace}`);
          await this.write(p, 'create', false);
          p.created = true;
        } else if (p.action === 'update') {
          p.body = await this.write(p, 'update', false);
          p.action = 'unchanged';
          report?.(`updated ${label} in ${namespace}: its data differed from the file's`);
        } else if (p.action === 'unchanged') {
          report?.(`${label} in ${namespace} is unchanged`);
        }
      }
    } catch (error) {
      await this.undo();
      throw error;
    }
  }

  /** Deletes what this submission created (never what it updated); a failure is reported, not thrown. */
  async undo(): Promise<void> {
    const { namespace, jobName, report } = this.options;
    for (const p of this.planned.filter((e) => e.created)) {
      const label = labelOf(p.kind, p.name);
      try {
        await this.request(p.kind, p.name, 'delete', () =>
          p.kind === 'ConfigMap' ? this.connection.core.deleteNamespacedConfigMap({ name: p.name, namespace }) : this.connection.core.deleteNamespacedSecret({ name: p.name, namespace }),
        );
        p.created = false;
        report?.(`deleted ${label} again: job/${jobName} was not created`);
      } catch (error) {
        report?.(`could not delete ${label}, created for job/${jobName}: ${(error as Error).message}`);
      }
    }
  }

  private async read(kind: ConfigKind, name: string): Promise<Body | undefined> {
    const { namespace } = this.options;
    try {
      const found = await this.request(kind, name, 'read', () =>
        kind === 'ConfigMap' ? this.connection.core.readNamespacedConfigMap({ name, namespace }) : this.connection.core.readNamespacedSecret({ name, namespace }),
      );
      return found as unknown as Body;
    } catch (error) {
      if (error instanceof ClusterError && error.kind === 'notFound') return undefined;
      throw error;
    }
  }

  private async write(p: Planned, verb: string, dryRun: boolean): Promise<Body> {
    const { namespace } = this.options;
    const { core } = this.connection;
    const dry = dryRun ? { dryRun: 'All' } : {};
    const written = await this.request(p.kind, p.name, verb, () => {
      if (p.kind === 'ConfigMap') {
        const body = p.body as V1ConfigMap;
        return p.action === 'create' ? core.createNamespacedConfigMap({ namespace, body, ...dry }) : core.replaceNamespacedConfigMap({ name: p.name, namespace, body, ...dry });
      }
      const body = p.body as V1Secret;
      return p.action === 'create' ? core.createNamespacedSecret({ namespace, body, ...dry }) : core.replaceNamespacedSecret({ name: p.name, namespace, body, ...dry });
    });
    return written as unknown as Body;
  }

  /** A Job that needs an object neither the file nor the cluster has will wait: say so now. */
  private async noteMissing(ref: ConfigReference): Promise<void> {
    try {
      if (!(await this.read(ref.kind, ref.name))) {
        this.options.report?.(`${labelOf(ref.kind, ref.name)} is neither in the file nor in ${this.options.namespace}: the pods of job/${this.options.jobName} will wait for it (CreateContainerConfigError)`);
      }
    } catch {
      // Not allowed to look: the cluster will tell, as it would with kubectl.
    }
  }

  /** One API call; its failure names the object and the cause, with every secret value taken out. */
  private async request<T>(kind: ConfigKind, name: string, verb: string, call: () => Promise<T>): Promise<T> {
    const label = labelOf(kind, name);
    try {
      return await call();
    } catch (error) {
      const cause = explainClusterError(error, this.connection, `${verb} ${label}`);
      const scrub = (text: string) => redact(text, this.secrets);
      const causes = cause.causes.map((c) => ({ ...c, ...(c.message ? { message: scrub(c.message) } : {}) }));
      const scrubbed = new ClusterError(cause.kind, scrub(cause.message), cause.status, causes);
      throw new ConfigObjectError(kind, name, scrubbed, `cannot ${verb} ${label} for job/${this.options.jobName}: ${scrubbed.message}`);
    }
  }
}
