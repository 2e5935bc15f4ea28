// Shared by the Docker benchmarks: each measured side runs in a child process of its own, so
// that its memory is its own; the child reports one JSON line, including its peak RSS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Peak resident memory of this process so far (the kernel's high-water mark), in MB. */
export function peakRssMb(): number {
  try {
    const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
    if (kilobytes > 0) return kilobytes / 1024;
  } catch {
    // Not Linux: fall back to what the sampler saw.
  }
  return sampledPeakRss / (1024 * 1024);
}

let sampledPeakRss = 0;
let sampledPeakHeap = 0;

/** Samples RSS and heap every `everyMs` until stopped; peakRssMb reads the kernel's figure where it can. */
export function sampleMemory(everyMs = 25): { stop(): { peakRssMb: number; peakHeapMb: number } } {
  const sample = (): void => {
    const usage = process.memoryUsage();
    sampledPeakRss = Math.max(sampledPeakRss, usage.rss);
    sampledPeakHeap = Math.max(sampledPeakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: peakRssMb(), peakHeapMb: sampledPeakHeap / (1024 * 1024) };
    },
  };
}

/** Runs `script` (a bench file) as `node --import tsx script ...args` and returns the JSON it printed last. */
export async function runChild<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${String(code)}: ${output}`);
  return JSON.parse(last) as T;
}

export function range(values: number[], digits = 0): string {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
}
