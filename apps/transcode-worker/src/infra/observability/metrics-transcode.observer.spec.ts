import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricsTranscodeObserver } from './metrics-transcode.observer';

function setup() {
  const registers = [new Registry()];
  const observer = new MetricsTranscodeObserver(
    new Counter({
      name: 'jobs',
      help: 'h',
      labelNames: ['outcome'],
      registers,
    }),
    new Histogram({
      name: 'seconds',
      help: 'h',
      labelNames: ['outcome'],
      registers,
    }),
    new Gauge({ name: 'running', help: 'h', registers }),
    new Gauge({ name: 'ratio', help: 'h', labelNames: ['phase'], registers }),
    new Histogram({ name: 'early', help: 'h', registers }),
  );
  const value = async (name: string) =>
    (await registers[0].getSingleMetric(name)?.get())?.values.map(
      (v) => v.value,
    );
  return { observer, value };
}

describe('MetricsTranscodeObserver', () => {
  it('shows a job in progress and its ffmpeg progress, then nothing once it ends', async () => {
    const { observer, value } = setup();
    observer.phase('a.mp4', 'download');
    observer.phase('a.mp4', 'ladder');
    observer.progress('a.mp4', 'ladder', 0.4);
    expect(await value('running')).toEqual([1]);
    expect(await value('ratio')).toEqual([0.4]);

    observer.finished('a.mp4', 'ready', 12);
    expect(await value('running')).toEqual([0]);
    expect(await value('ratio')).toEqual([]);
    expect(await value('jobs')).toEqual([1]);
  });

  it('does not count a redelivery that never started a job as running', async () => {
    const { observer, value } = setup();
    observer.finished('a.mp4', 'skipped', 0.1);
    expect(await value('running')).toEqual([0]);
  });
});
