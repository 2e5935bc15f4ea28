// A Kubernetes API server for tests, over real HTTP on 127.0.0.1: discovery, CRUD with dryRun,
// the status subresource, list/watch with selectors and resourceVersions, deletion with
// propagation and the garbage collector, pod logs, bearer tokens and RBAC. No Job controller and
// no kubelet run behind it: pods, their states and the Jobs' status are what the test writes
// (job-script.ts), so the cluster tier tests the product's plumbing; how Jobs end is the real
// cluster's (test/cluster-live).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, badRequest, methodNotAllowed, notFound } from './status';
import { apiVersionOf, discoveryDocument } from './resources';
import { parseRoute, type Route } from './routes';
import { ObjectStore } from './store';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { Authenticator, type Identity } from './auth';
import { ObjectWrites } from './object-writes';
import { Deleter, parsePolicy } from './deletion';
import { WatchHub } from './watch-hub';
import { LogStore } from './log-store';
import { now } from './clock';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export const ADMIN_TOKEN = 'test-admin-token';

export class TestApiServer {
  readonly store = new ObjectStore();
  readonly auth = new Authenticator();
  readonly watches = new WatchHub(this.store);
  readonly logs = new LogStore();
  readonly deleter = new Deleter(this.store);
  /** Every request, in order, for tests that check what a client asked and when. */
  readonly requests: RecordedRequest[] = [];
  private readonly writes = new ObjectWrites(this.store);
  private readonly server: Server;

  private constructor() {
    this.auth.grant(ADMIN_TOKEN, { user: 'admin' });
    // A pod's logs go with it, as they do on a node.
    this.store.onChange((event) => {
      if (event.plural === 'pods' && event.type === 'DELETED') this.logs.removePod(event.object.metadata.namespace ?? '', event.object.metadata.name);
    });
    for (const name of ['default', 'kube-system']) this.createNamespace(name);
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static async start(): Promise<TestApiServer> {
    const server = new TestApiServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  createNamespace(name: string): void {
    this.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: this.store.newUid(), resourceVersion: '', creationTimestamp: now() }, status: { phase: 'Active' } });
  }

  async close(): Promise<void> {
    this.watches.dropAll();
    this.logs.dropStreams();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
    try {
      const identity = this.auth.authenticate(request.headers.authorization);
      const discovery = method === 'GET' ? discoveryDocument(url.pathname) : undefined;
      if (discovery) return send(response, 200, discovery);
      const route = parseRoute(url.pathname);
      if (!route) throw notFound('', '', url.pathname);
      const body = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE' ? await readJson(request) : undefined;
      await this.dispatch(method, route, url.searchParams, body, request, response, identity);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof ApiError) return send(response, error.status.code, error.status);
      send(response, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'InternalError', message: String(error), code: 500 });
    }
  }

  private async dispatch(method: string, route: Route, query: URLSearchParams, body: unknown, request: IncomingMessage, response: ServerResponse, identity: Identity): Promise<void> {
    const { type, namespace, name, subresource } = route;
    const dryRun = query.get('dryRun') === 'All';
    if (query.has('dryRun') && !dryRun) throw badRequest(`dryRun: Unsupported value: "${query.get('dryRun')}": supported values: "All"`);
    const authorize = (verb: string, resource = type.plural) => this.auth.authorize(identity, verb, resource, type.group, namespace, name);

    if (subresource === 'log' && type.plural === 'pods' && method === 'GET' && name) {
      authorize('get', 'pods/log');
      const pod = this.store.get('pods', namespace, name);
      if (!pod) throw notFound('pods', '', name);
      return this.logs.serve(request, response, pod, query);
    }
    if (subresource !== undefined && subresource !== 'status') throw notFound(type.plural, type.group, `${name}/${subresource}`);
    if (subresource === 'status' && name && (method === 'PUT' || method === 'PATCH')) {
      authorize(method === 'PUT' ? 'update' : 'patch', `${type.plural}/status`);
      return send(response, 200, this.writes.writeStatus(type, namespace, name, body, method === 'PUT' ? undefined : request.headers['content-type'] ?? '', dryRun));
    }

    if (method === 'GET' && name === undefined) {
      const watch = query.get('watch') === 'true' || query.get('watch') === '1';
      authorize(watch ? 'watch' : 'list');
      const labels = parseLabelSelector(query.get('labelSelector'));
      const fields = parseFieldSelector(query.get('fieldSelector'));
      const matches = (o: Parameters<typeof labels>[0]) => labels(o) && fields(o);
      if (watch) {
        return this.watches.serve(request, response, {
          plural: type.plural, kind: type.kind, apiVersion: apiVersionOf(type), namespace, matches,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: query.get('timeoutSeconds') ? Number(query.get('timeoutSeconds')) : undefined,
        });
      }
      const items = this.store.list(type.plural, namespace).filter(matches);
      return send(response, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: this.store.currentVersion() }, items });
    }
    if (method === 'GET' && name) {
      authorize('get');
      const object = this.store.get(type.plural, namespace, name);
      if (!object) throw notFound(type.plural, type.group, name);
      return send(response, 200, object);
    }
    if (method === 'POST' && name === undefined) {
      authorize('create');
      return send(response, 201, this.writes.create(type, namespace, body, dryRun));
    }
    if (method === 'PUT' && name) {
      authorize('update');
      return send(response, 200, this.writes.replace(type, namespace, name, body, dryRun));
    }
    if (method === 'PATCH' && name) {
      authorize('patch');
      return send(response, 200, this.writes.patch(type, namespace, name, body, request.headers['content-type'] ?? '', dryRun));
    }
    if (method === 'DELETE' && name) {
      authorize('delete');
      const options = (body ?? {}) as { propagationPolicy?: unknown; gracePeriodSeconds?: unknown };
      const policy = parsePolicy(query.get('propagationPolicy') ?? options.propagationPolicy);
      const immediately = String(query.get('gracePeriodSeconds') ?? options.gracePeriodSeconds) === '0';
      return send(response, 200, this.deleter.delete(type, namespace, name, policy, dryRun, immediately));
    }
    throw methodNotAllowed();
  }
}

function send(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}
