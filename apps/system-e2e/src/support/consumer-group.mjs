// The e2e run's own consumer group for access-log-consumer, starting at the end of the topic: the
// suite then sees its own events within seconds even when the shared group is far behind (a
// benchmark's backlog) or another consumer process of that group holds partitions.
import kafkajs from 'kafkajs';
import { devKafkaBrokers } from '#dev-stack';

const { Kafka, logLevel } = kafkajs;
const TOPIC = 'video-accessed';

function admin() {
  const brokers = devKafkaBrokers();
  return new Kafka({
    clientId: 'system-e2e',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
}

export async function createGroupAtEnd(groupId) {
  const client = admin();
  await client.connect();
  try {
    const offsets = await client.fetchTopicOffsets(TOPIC);
    await client.setOffsets({
      groupId,
      topic: TOPIC,
      partitions: offsets.map(({ partition, high }) => ({
        partition,
        offset: high,
      })),
    });
  } finally {
    await client.disconnect();
  }
}

export async function deleteGroup(groupId) {
  const client = admin();
  await client.connect();
  try {
    await client.deleteGroups([groupId]);
  } catch {
    // Best effort: an empty leftover group costs nothing.
  } finally {
    await client.disconnect();
  }
}
