// A unix-socket relay in front of the real Docker engine, so a test can make the engine
// "go away" (every connection dropped and new ones refused) and come back, without touching
// the engine other tests use.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class EngineProxy {
  readonly socketPath: string;
  private readonly dir: string;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private down = false;

  constructor(private readonly target = '/var/run/docker.sock') {
    this.dir = mkdtempSync(join(tmpdir(), 'kube-jobs-proxy-'));
    this.socketPath = join(this.dir, 'docker.sock');
    this.server = createServer((client) => this.relay(client));
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socketPath, resolve));
  }

  /** The engine "dies": open connections drop, new ones are closed at once. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private relay(client: Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const engine = createConnection(this.target);
    for (const socket of [client, engine]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => engine.destroy());
    engine.on('close', () => client.destroy());
    client.pipe(engine);
    engine.pipe(client);
  }
}
