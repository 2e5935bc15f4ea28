// The kernel's own count of OOM kills in a container's memory cgroup, read on the engine's host
// (cgroup v1). The engine learns of an OOM kill only from containerd's "oom" event, and on
// cgroup v1 that event is lost when the kill comes before the shim watches the cgroup (a process
// that fills its limit in its first instants) or when the shim handles it after the cgroup was
// removed (a busy machine). The counter is there as long as the container's cgroup is: from just
// before its process starts until the engine has seen it exit.
import { readFile } from 'node:fs/promises';

const POLL_MS = 50;
/** A cgroup not seen by then is not on this host (a remote engine, cgroup v2): stop looking. */
const GIVE_UP_UNSEEN_MS = 10_000;

/** Where the memory cgroup of a container is with the cgroupfs and the systemd drivers. */
function oomControlFiles(containerId: string): string[] {
  return [`/sys/fs/cgroup/memory/docker/${containerId}/memory.oom_control`, `/sys/fs/cgroup/memory/system.slice/docker-${containerId}.scope/memory.oom_control`];
}

/** The oom_kill count of memory.oom_control, or undefined when the file is not there (yet, or any more). */
export async function readOomKills(containerId: string): Promise<number | undefined> {
  for (const file of oomControlFiles(containerId)) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const count = text === undefined ? undefined : /^oom_kill (\d+)$/m.exec(text)?.[1];
    if (count !== undefined) return Number(count);
  }
  return undefined;
}

/**
 * Watches the container's OOM kill count from before it starts until its cgroup is removed or
 * `done()` says to stop (its exit was handled, its runtime disposed), and calls `onOomKill` once if the kernel killed a process
 * of it for its memory limit.
 */
export function watchOomKills(containerId: string, done: () => boolean, onOomKill: () => void): void {
  const began = Date.now();
  const poll = async (): Promise<void> => {
    let seen = false;
    while (!done()) {
      const kills = await readOomKills(containerId);
      if (kills !== undefined && kills > 0) return onOomKill();
      if (kills !== undefined) seen = true;
      else if (seen || Date.now() - began > GIVE_UP_UNSEEN_MS) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  void poll();
}
