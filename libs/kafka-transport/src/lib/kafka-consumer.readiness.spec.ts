import type { KafkaReachability } from '@video-streaming/platform';
import { KafkaConsumerReadiness } from './kafka-consumer.readiness';
import type { KafkaServer } from './server/kafka.server';

const readiness = (
  reachable: { reachable: boolean; error?: string },
  status: { connected: boolean; joined: boolean },
) =>
  new KafkaConsumerReadiness(
    { check: async () => reachable } as unknown as KafkaReachability,
    { consumerStatus: () => status } as unknown as KafkaServer,
  );

describe('KafkaConsumerReadiness', () => {
  it('is up when the brokers answer and the consumer is in its group', async () => {
    expect(
      await readiness(
        { reachable: true },
        { connected: true, joined: true },
      ).check(),
    ).toEqual({ up: true });
  });

  it('is down, naming the brokers, while the consumer still believes it is connected', async () => {
    expect(
      await readiness(
        { reachable: false, error: 'Connection timeout' },
        { connected: true, joined: true },
      ).check(),
    ).toEqual({
      up: false,
      message: 'brokers unreachable: Connection timeout',
      details: { connected: false, joined: true },
    });
  });

  it('is down while the consumer is out of its group, though the brokers answer', async () => {
    expect(
      await readiness(
        { reachable: true },
        { connected: true, joined: false },
      ).check(),
    ).toMatchObject({
      up: false,
      message: 'consumer group not joined',
      details: { connected: true, joined: false },
    });
  });
});
