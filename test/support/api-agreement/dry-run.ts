// Asks a real kube-apiserver what it thinks of a manifest: a create with dryRun=All and strict
// field validation, sent as the YAML text itself (as kubectl reads it, YAML 1.1 and all).
import { Agent, request, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface ServerVerdict {
  readonly accepted: boolean;
  readonly status: number;
  /** The fields the server names (`spec.template.spec.containers[0].image`), from causes or message. */
  readonly fields: readonly string[];
  /** 1-based lines the server names (YAML errors name lines, not fields). */
  readonly lines: readonly number[];
  readonly message: string;
  /** The server failed instead of answering (a panic closes the connection): the manifest is not created either. */
  readonly serverError?: boolean;
}

interface StatusBody {
  message?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

export class DryRunClient {
  private constructor(
    private readonly server: URL,
    private readonly agent: Agent,
    private readonly headers: Record<string, string>,
    readonly namespace: string,
  ) {}

  static async connect(kubeconfigPath: string, namespace: string, concurrency: number): Promise<DryRunClient> {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfigPath);
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error(`${kubeconfigPath} has no current cluster`);
    const options: RequestOptions = {};
    await config.applyToHTTPSOptions(options);
    const agent = new Agent({ ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized, keepAlive: true, maxSockets: concurrency });
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.headers ?? {})) if (typeof value === 'string') headers[key] = value;
    if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    return new DryRunClient(new URL(cluster.server), agent, headers, namespace);
  }

  async createNamespace(): Promise<void> {
    const answer = await this.send('POST', '/api/v1/namespaces', 'application/json', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } }));
    if (answer.status !== 201 && answer.status !== 409) throw new Error(`creating namespace ${this.namespace}: ${answer.status} ${answer.body}`);
  }

  async deleteNamespace(): Promise<void> {
    await this.send('DELETE', `/api/v1/namespaces/${this.namespace}`);
  }

  close(): void {
    this.agent.destroy();
  }

  async judge(kind: 'Job' | 'CronJob', yaml: string): Promise<ServerVerdict> {
    const resource = kind === 'Job' ? 'jobs' : 'cronjobs';
    const path = `/apis/batch/v1/namespaces/${this.namespace}/${resource}?dryRun=All&fieldValidation=Strict`;
    let answer: { status: number; body: string };
    try {
      answer = await this.send('POST', path, 'application/yaml', yaml);
    } catch (error) {
      // kube-apiserver 1.34 panics on some manifests (a successPolicy without completions) and
      // drops the connection; ask once more to tell that from a passing network error.
      try {
        answer = await this.send('POST', path, 'application/yaml', yaml);
      } catch {
        return { accepted: false, status: 0, fields: [], lines: [], message: `the API server dropped the connection: ${String(error)}`, serverError: true };
      }
    }
    if (answer.status === 200 || answer.status === 201) return { accepted: true, status: answer.status, fields: [], lines: [], message: '' };
    let body: StatusBody;
    try {
      body = JSON.parse(answer.body) as StatusBody;
    } catch {
      body = { message: answer.body };
    }
    const message = body.message ?? '';
    if (answer.status >= 500) return { accepted: false, status: answer.status, fields: [], lines: [], message, serverError: true };
    if (answer.status === 401 || answer.status === 403 || answer.status === 404) {
      throw new Error(`the API server failed to judge a ${kind}: ${answer.status} ${message}`);
    }
    const causes = body.details?.causes ?? [];
    const fields = causes.map((cause) => cause.field).filter((field): field is string => !!field);
    return { accepted: false, status: answer.status, fields: fields.length > 0 ? fields : fieldsInMessage(message), lines: linesInMessage(message), message };
  }

  private send(method: string, path: string, contentType?: string, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...this.headers, Accept: 'application/json' };
      if (contentType) headers['Content-Type'] = contentType;
      const req = request(
        { protocol: this.server.protocol, hostname: this.server.hostname, port: this.server.port, path: `${this.server.pathname.replace(/\/$/, '')}${path}`, method, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** Fields named in a decoding error's message: unknown or duplicate fields, or a value's Go struct field. */
export function fieldsInMessage(message: string): string[] {
  const fields: string[] = [];
  for (const match of message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)) fields.push(match[1]);
  for (const match of message.matchAll(/Go struct field \w+\.([\w.]+) of type/g)) fields.push(match[1]);
  return fields;
}

export function linesInMessage(message: string): number[] {
  return [...message.matchAll(/\bline (\d+):/g)].map((match) => Number(match[1]));
}
