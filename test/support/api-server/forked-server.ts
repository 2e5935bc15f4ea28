// The parent side of server-process.ts: start it, ask for its figures, stop it.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServerProcessReady, ServerProcessStats } from './server-process';

export class ForkedApiServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly token: string,
  ) {}

  static start(linesPerPod: number): Promise<ForkedApiServer> {
    const child = fork(join(__dirname, 'server-process.ts'), [String(linesPerPod)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the API server process exited (${code}) before it was ready`)));
      child.on('message', (message: { ready?: ServerProcessReady }) => {
        if (message.ready) resolve(new ForkedApiServer(child, message.ready.url, message.ready.token));
      });
    });
  }

  stats(): Promise<ServerProcessStats> {
    return new Promise((resolve) => {
      const listener = (message: { stats?: ServerProcessStats }) => {
        if (!message.stats) return;
        this.child.off('message', listener);
        resolve(message.stats);
      };
      this.child.on('message', listener);
      this.child.send('stats');
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send('close');
    });
  }
}
