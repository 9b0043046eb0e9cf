/**
 * cpu_usage_percent: the process's CPU time (user + system, every thread) over the wall time since
 * the previous reading, as a percentage of one core (200 on two busy cores, as top shows it). The
 * first reading covers the time since the process started.
 */
export class CpuUsage {
  private lastMicros = 0;
  /** performance.now() counts from the process's start. */
  private lastAt = 0;

  percent(): number {
    const { user, system } = process.cpuUsage();
    const micros = user + system;
    const at = performance.now();
    const wallMs = at - this.lastAt;
    const usedMs = (micros - this.lastMicros) / 1000;
    this.lastMicros = micros;
    this.lastAt = at;
    return wallMs <= 0 ? 0 : (100 * usedMs) / wallMs;
  }
}
