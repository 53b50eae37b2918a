// Kafka: one KRaft node (broker + controller in one JVM), run from the jars Maven fetched.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureJars, ensureJava, npmModule } from './deps.mjs';
import { mkdirs, run, writeIfChanged } from './proc.mjs';
import { rel } from './config.mjs';
import { processComponent } from './component.mjs';

const files = (c) => ({
  conf: path.join(c.dirs.conf, 'kafka', 'server.properties'),
  log4j: path.join(c.dirs.conf, 'kafka', 'log4j.properties'),
  data: path.join(c.dirs.data, 'kafka'),
  log: path.join(c.dirs.logs, 'kafka.log'),
});

function serverProperties(c) {
  const { host } = c;
  const { port, controllerPort } = c.kafka;
  return `# Rendered by tools/stack: do not edit, change env vars (KAFKA_PORT, KAFKA_CONTROLLER_PORT) instead.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${host}:${controllerPort}
listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}
advertised.listeners=PLAINTEXT://${host}:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=${files(c).data}

# Single node: every internal topic has one replica.
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Fewer internal partitions than the default 50: quicker first group join on a small machine.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
# Topics are created on purpose (by the stack or a test), never by a typo in a client.
auto.create.topics.enable=false
delete.topic.enable=true
# No 3 s wait before the first rebalance: consumers in tests join at once.
group.initial.rebalance.delay.ms=0
# After a crash (SIGKILL in fault tests) the restarted broker cannot register until its previous
# registration's session expires: 9 s by default, 3 s here. Broker and controller share one JVM.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=3000
log.retention.hours=168
num.network.threads=2
num.io.threads=4
`;
}

// Console only: the JVM's stdout/stderr go to .stack/logs/kafka.log.
const LOG4J = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.kafka.log.LogCleaner=WARN
`;

/** A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
function newClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function admin(c) {
  const { Kafka, logLevel } = npmModule('kafkajs');
  const kafka = new Kafka({
    clientId: 'stack-launcher',
    brokers: [`${c.host}:${c.kafka.port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 10000,
    retry: { retries: 2, initialRetryTime: 200 },
  });
  return kafka.admin();
}

/** Ready = a Kafka client can connect and list topics (the port alone opens before KRaft has a leader). */
async function listTopics(c) {
  const a = admin(c);
  try {
    await a.connect();
    return await a.listTopics();
  } finally {
    await a.disconnect().catch(() => undefined);
  }
}

async function ensureTopics(c, log) {
  const a = admin(c);
  try {
    await a.connect();
    const existing = new Set(await a.listTopics());
    const missing = c.kafka.topics.filter((t) => !existing.has(t.topic));
    if (missing.length) {
      await a.createTopics({
        topics: missing.map((t) => ({ ...t, replicationFactor: 1 })),
        waitForLeaders: true,
      });
      log(
        `created topics ${missing.map((t) => `${t.topic} (${t.numPartitions})`).join(', ')}`,
      );
    }
  } finally {
    await a.disconnect().catch(() => undefined);
  }
}

async function format(c, java, libDir, log) {
  const f = files(c);
  if (fs.existsSync(path.join(f.data, 'meta.properties'))) return;
  mkdirs(f.data);
  const id = newClusterId();
  log(`formatting KRaft storage in ${rel(f.data)} (cluster id ${id})`);
  const r = await run(java, [
    '-Xmx256m',
    `-Dlog4j.configuration=file:${f.log4j}`,
    '-cp',
    path.join(libDir, '*'),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    id,
    '-c',
    f.conf,
  ]);
  fs.appendFileSync(
    f.log,
    `\n===== ${new Date().toISOString()} stack: storage format\n${r.stdout}${r.stderr}`,
  );
  if (r.code !== 0)
    throw new Error(
      `kafka storage format failed; see ${rel(f.log)}\n${r.stdout}${r.stderr}`,
    );
}

export const kafka = processComponent({
  name: 'kafka',
  marker: (c) => files(c).conf,
  // Someone else's broker (e.g. docker compose): used if it speaks Kafka, never stopped.
  external: 'broker',
  guardPort: true,
  stopTimeoutMs: 30000,
  probe: (c) => listTopics(c).then(() => true),
  provision: (c, _opts, log) => ensureTopics(c, log),

  async command(c, log) {
    const f = files(c);
    const java = await ensureJava();
    const libDir = await ensureJars(c, 'kafka', log);
    writeIfChanged(f.conf, serverProperties(c));
    writeIfChanged(f.log4j, LOG4J);
    await format(c, java, libDir, log);
    const jvm = [
      ...c.kafka.heapOpts.split(/\s+/).filter(Boolean),
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${f.log4j}`,
    ];
    return {
      cmd: java,
      args: [...jvm, '-cp', path.join(libDir, '*'), 'kafka.Kafka', f.conf],
    };
  },
});
