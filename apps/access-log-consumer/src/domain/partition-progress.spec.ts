import { PartitionProgress, type PartitionOffsets } from './partition-progress';

const at = (
  partition: number,
  high: number,
  committed: number | null,
  low = 0,
): PartitionOffsets => ({
  partition,
  high: BigInt(high),
  low: BigInt(low),
  committed: committed === null ? null : BigInt(committed),
});

describe('PartitionProgress', () => {
  it('computes the lag from the high watermark and the committed offset', () => {
    const [p0, p1] = new PartitionProgress(60_000).observe(
      [at(0, 100, 40), at(1, 7, null, 2)],
      0,
    );
    expect(p0).toMatchObject({ partition: 0, lag: 60n, stalled: false });
    // No committed offset yet: the group reads from the partition's start.
    expect(p1).toMatchObject({ partition: 1, lag: 5n });
  });

  it('reports a partition stalled once it has lag and its committed offset has not moved for the stall time', () => {
    const progress = new PartitionProgress(120_000);
    progress.observe([at(2, 5_000, 100)], 0);
    expect(progress.observe([at(2, 9_000, 100)], 119_000)[0]).toMatchObject({
      stalled: false,
      stalledSeconds: 119,
    });
    expect(progress.observe([at(2, 9_000, 100)], 121_000)[0]).toMatchObject({
      partition: 2,
      lag: 8_900n,
      stalled: true,
      stalledSeconds: 121,
    });
  });

  it('restarts the clock when the committed offset moves', () => {
    const progress = new PartitionProgress(120_000);
    progress.observe([at(0, 5_000, 100)], 0);
    progress.observe([at(0, 5_000, 200)], 100_000);
    expect(progress.observe([at(0, 5_000, 200)], 200_000)[0]).toMatchObject({
      stalled: false,
      stalledSeconds: 100,
    });
  });

  it('never calls an idle partition without lag stalled', () => {
    const progress = new PartitionProgress(10_000);
    progress.observe([at(0, 50, 50)], 0);
    expect(progress.observe([at(0, 50, 50)], 600_000)[0]).toMatchObject({
      lag: 0n,
      stalled: false,
      stalledSeconds: 0,
    });
    // New traffic after a long idle time is not a stall until the stall time passes again.
    expect(progress.observe([at(0, 80, 50)], 601_000)[0]).toMatchObject({
      stalled: false,
      stalledSeconds: 1,
    });
  });
});
