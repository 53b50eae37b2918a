import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { KafkaDeadLetterPublisher } from '../dead-letter/kafka-dead-letter.publisher';
import { KAFKA_CLIENT } from '../kafka-client';
import {
  DEFAULTS,
  KAFKA_TRANSPORT_OPTIONS,
  type KafkaHandlerExtras,
  type KafkaTransportOptions,
} from '../kafka-transport.options';
import { BatchDispatcher, type DispatchTarget } from './batch-dispatcher';
import { RejoinWatchdog } from './rejoin-watchdog';

/** kafkajs' instrumentation events, by name (`consumer.events`). */
type KafkaEvents = Record<string, (event: unknown) => void>;

export interface ConsumerStatus {
  connected: boolean;
  joined: boolean;
}

/**
 * `@nestjs/microservices` transport over KafkaJS batches: `@EventPattern(topic)` handlers get
 * one message, `@EventPattern(topic, { batch: true })` handlers a partition's fetch, and offsets
 * are committed only after a handler finished (or its messages were dead-lettered). A provider
 * too, so that it stops in onModuleDestroy, with the app's own providers, rather than only in the
 * app's later dispose(); the dead-letter producer it may still need disconnects after that.
 */
@Injectable()
export class KafkaServer
  extends Server<KafkaEvents>
  implements CustomTransportStrategy, OnModuleDestroy
{
  private readonly log = new Logger(KafkaServer.name);
  private readonly consumer: Consumer;
  private readonly dispatcher: BatchDispatcher;
  private readonly state: ConsumerStatus = { connected: false, joined: false };
  private targets = new Map<string, DispatchTarget>();
  private stopping = false;
  private starting = false;
  private closing?: Promise<void>;
  private readonly watchdog: RejoinWatchdog;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_TRANSPORT_OPTIONS)
    private readonly options: KafkaTransportOptions,
    deadLetters: KafkaDeadLetterPublisher,
  ) {
    super();
    const c = options.consumer ?? {};
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: c.sessionTimeout ?? DEFAULTS.sessionTimeout,
      heartbeatInterval: c.heartbeatInterval ?? DEFAULTS.heartbeatInterval,
      minBytes: c.minBytes,
      maxBytes: c.maxBytes,
      maxBytesPerPartition: c.maxBytesPerPartition,
      maxWaitTimeInMs: c.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
    this.dispatcher = new BatchDispatcher({
      options,
      deadLetters,
      logger: this.log,
      toObservable: (result) => this.transformToObservable(result),
    });
    this.watchdog = new RejoinWatchdog(
      c.rejoinTimeoutMs ?? DEFAULTS.rejoinTimeoutMs,
      (outFor) => this.reconnect(outFor),
    );
    this.trackState();
  }

  /** For readiness: connected to the brokers and a member of the group. */
  consumerStatus(): ConsumerStatus {
    return { ...this.state };
  }

  /** The topic consumed for a pattern (a test or a tenant may rename it). */
  topicOf(pattern: string): string {
    return this.options.topics?.[pattern] ?? pattern;
  }

  /** Returns at once: the HTTP side (health, API) is useful while Kafka is still unreachable. */
  listen(callback: () => void): void {
    this.targets = new Map(
      [...this.messageHandlers.entries()]
        .filter(([, handler]) => handler.isEventHandler)
        .map(([pattern, handler]) => [
          this.topicOf(pattern),
          { handler, extras: (handler.extras ?? {}) as KafkaHandlerExtras },
        ]),
    );
    for (const [pattern, handler] of this.messageHandlers)
      if (handler.next)
        this.log.warn(
          `more than one @EventPattern('${pattern}'): only the first is called`,
        );
    if (this.targets.size) {
      void this.startWithRetry();
      this.watchdog.start();
    } else this.log.warn('no @EventPattern handler: consuming nothing');
    callback();
  }

  /** Leaves the group once the batch in hand has committed what it finished. Idempotent. */
  close(): Promise<void> {
    this.stopping = true;
    this.watchdog.stop();
    // disconnect() waits for the batch in progress, which commits what it stored before returning.
    this.closing ??= this.consumer.disconnect();
    return this.closing;
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /** kafkajs' instrumentation events (`consumer.events`), e.g. GROUP_JOIN or CRASH. */
  on<
    EventKey extends keyof KafkaEvents = keyof KafkaEvents,
    EventCallback extends KafkaEvents[EventKey] = KafkaEvents[EventKey],
  >(event: EventKey, callback: EventCallback): void {
    this.consumer.on(event as never, callback as never);
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private handleBatch(payload: EachBatchPayload): Promise<void> {
    const target = this.targets.get(payload.batch.topic);
    if (!target) throw new Error(`no handler for ${payload.batch.topic}`);
    return this.dispatcher.dispatch(target, payload);
  }

  private trackState(): void {
    const { CONNECT, GROUP_JOIN, REBALANCING, DISCONNECT, STOP, CRASH } =
      this.consumer.events;
    this.consumer.on(CONNECT, () => (this.state.connected = true));
    this.consumer.on(GROUP_JOIN, () => {
      this.state.joined = true;
      this.watchdog.joined();
    });
    this.consumer.on(REBALANCING, () => {
      this.state.joined = false;
      this.watchdog.left();
    });
    this.consumer.on(STOP, () => {
      this.state.joined = false;
      this.watchdog.left();
    });
    this.consumer.on(DISCONNECT, () => {
      Object.assign(this.state, { connected: false, joined: false });
      this.watchdog.left();
    });
    this.consumer.on(CRASH, (event) => {
      this.state.joined = false;
      this.watchdog.left();
      this.log.error(
        `consumer crashed (restart: ${event.payload.restart}): ${event.payload.error.message}`,
      );
      // kafkajs restarts itself on retriable errors; on the others we start over rather than sit idle.
      if (!event.payload.restart && !this.stopping) void this.startWithRetry();
    });
  }

  /** The watchdog's remedy: a fresh connection, hence a fresh coordinator lookup and join. */
  private async reconnect(outForMs: number): Promise<void> {
    if (this.stopping) return;
    this.log.warn(
      `not a member of group ${this.options.groupId} for ${Math.round(outForMs / 1000)} s: reconnecting the consumer`,
    );
    await this.consumer.disconnect().catch(() => undefined);
    if (!this.stopping) void this.startWithRetry();
  }

  private async startWithRetry(): Promise<void> {
    // One loop at a time: a crash, the watchdog and listen() may all ask for a start.
    if (this.starting) return;
    this.starting = true;
    try {
      await this.startLoop();
    } finally {
      this.starting = false;
    }
  }

  private async startLoop(): Promise<void> {
    const topics = [...this.targets.keys()];
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.consumer.connect();
        await this.consumer.subscribe({
          topics,
          fromBeginning: this.options.fromBeginning ?? true,
        });
        await this.consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently:
            this.options.partitionsConsumedConcurrently ??
            DEFAULTS.partitionsConsumedConcurrently,
          eachBatch: (payload) => this.handleBatch(payload),
        });
        return;
      } catch (error) {
        this.log.error(
          `cannot start consuming ${topics.join(', ')} (attempt ${attempt}): ${(error as Error).message}`,
        );
        await this.consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(30_000, 1_000 * attempt)),
        );
      }
    }
  }
}
