// CPU time the Docker engine (dockerd and containerd, with their reaped children) has used so
// far, when it runs on this machine: unlike wall time, it hardly grows with other load, so it
// tells what a side costs the engine on a busy machine. undefined when the engine is elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

const ENGINE_PROCESSES = new Set(['dockerd', 'containerd']);
const TICK_MS = 10;

export function engineCpuMs(): number | undefined {
  let total = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of entries) {
    try {
      if (!ENGINE_PROCESSES.has(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      // utime, stime, cutime, cstime: fields 14 to 17 of stat, in clock ticks.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS;
      found = true;
    } catch {
      // A process that ended while being read.
    }
  }
  return found ? total : undefined;
}
