/**
 * Reads `ffmpeg -progress pipe:1` output (key=value lines, a block per update ending in
 * `progress=continue|end`) and reports the fraction of `durationSeconds` encoded so far.
 */
export class FfmpegProgressParser {
  private buffer = '';
  private outTimeUs = 0;

  constructor(
    private readonly durationSeconds: number,
    private readonly onFraction: (fraction: number) => void,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line.trim());
  }

  private line(line: string): void {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    // out_time_us (and the misnamed out_time_ms, also microseconds) is N/A before the first frame.
    if (key === 'out_time_us' && /^\d+$/.test(value))
      this.outTimeUs = Number(value);
    if (key === 'progress') {
      const fraction =
        value === 'end'
          ? 1
          : this.durationSeconds > 0
            ? this.outTimeUs / 1e6 / this.durationSeconds
            : 0;
      this.onFraction(Math.min(1, Math.max(0, fraction)));
    }
  }
}
