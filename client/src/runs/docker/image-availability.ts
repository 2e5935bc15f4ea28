// imagePullPolicy against the local image store. No registry may be reachable, so a pull that
// fails falls back to a local image where Kubernetes would have one too (Always), and otherwise
// reports what a cluster reports: ErrImagePull (retryable) or ErrImageNeverPull (not).
import type Docker from 'dockerode';
import { messageOf } from './docker-client';

export type ImageReadiness =
  | { ready: true; warning?: string }
  | { ready: false; reason: 'ErrImagePull' | 'ErrImageNeverPull'; message: string; retryable: boolean };

/** Kubernetes' default: Always for `:latest` or no tag, else IfNotPresent. */
export function effectivePullPolicy(image: string, policy: string | undefined): string {
  if (policy) return policy;
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export class ImagePuller {
  /** A failed pull is not tried again for a while: a Job of 200 pods must not ask 200 times. */
  private readonly recentFailures = new Map<string, { at: number; message: string }>();

  constructor(
    private readonly docker: Docker,
    private readonly pullTimeoutMs: number,
    private readonly failureMemoryMs = 30_000,
  ) {}

  async prepare(image: string, policy: string | undefined): Promise<ImageReadiness> {
    const effective = effectivePullPolicy(image, policy);
    const present = await this.isPresent(image);
    if (effective === 'Never') {
      return present
        ? { ready: true }
        : { ready: false, reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never`, retryable: false };
    }
    if (effective !== 'Always' && present) return { ready: true };
    const failure = await this.pull(image);
    if (failure === undefined) return { ready: true };
    if (present) return { ready: true, warning: `Failed to pull image "${image}": ${failure}; using the image already on the engine` };
    return { ready: false, reason: 'ErrImagePull', message: `Failed to pull image "${image}": ${failure}`, retryable: true };
  }

  async isPresent(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** undefined when pulled, else why not. */
  private async pull(image: string): Promise<string | undefined> {
    const recent = this.recentFailures.get(image);
    if (recent && Date.now() - recent.at < this.failureMemoryMs) return recent.message;
    const failure = await this.pullOnce(image);
    if (failure === undefined) this.recentFailures.delete(image);
    else this.recentFailures.set(image, { at: Date.now(), message: failure });
    return failure;
  }

  private async pullOnce(image: string): Promise<string | undefined> {
    const reference = image.includes(':') || image.includes('@') ? image : `${image}:latest`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer from the registry within ${Math.round(this.pullTimeoutMs / 1000)}s`), this.pullTimeoutMs);
    });
    const pulling = (async (): Promise<string | undefined> => {
      try {
        const stream = await this.docker.pull(reference);
        return await new Promise<string | undefined>((resolve) => {
          this.docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[] | undefined) => {
            const streamed = output?.find((o) => typeof o.error === 'string')?.error;
            resolve(error ? messageOf(error) : streamed);
          });
        });
      } catch (error) {
        return messageOf(error);
      }
    })();
    try {
      return await Promise.race([pulling, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
