import { cpus, loadavg, totalmem, platform, release } from 'node:os';

/** One line naming the machine a benchmark ran on. */
export function machineLine(): string {
  const cpu = cpus();
  return `machine: ${cpu[0]?.model ?? 'unknown cpu'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`;
}

/** Percentile of sorted-in-place samples (ms). */
export function percentile(samples: number[], p: number): number {
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? NaN;
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const ms = (n: number): string => `${n.toFixed(n < 1 ? 3 : 1)} ms`;
