/** The broker spec's app: a handler that records, blocks, fails or refuses as its messages say. */
import {
  Controller,
  Inject,
  Injectable,
  Module,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { InboundMessage } from './kafka-message';
import { PermanentMessageError } from './permanent-message.error';
import {
  connectKafkaTransport,
  provideKafkaTransport,
} from './provide-kafka-transport';
import { KafkaServer } from './server/kafka.server';

export const BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(
  ',',
);

/** What the handler did, and switches that make it slow or failing. */
@Injectable()
export class Journal {
  handled: string[] = [];
  /** What an interceptor saw around each call: the context type and the message's value. */
  intercepted: string[] = [];
  attempts = new Map<string, number>();
  failing = true;
  gate?: Promise<void>;
}

/** Interceptors apply as for HTTP handlers, with the RPC context and the payload. */
@Injectable()
class RecordingInterceptor implements NestInterceptor {
  constructor(@Inject(Journal) private readonly journal: Journal) {}
  intercept(context: ExecutionContext, next: CallHandler) {
    const message = context.switchToRpc().getData<InboundMessage>();
    this.journal.intercepted.push(
      `${context.getType()}:${message.value?.toString()}`,
    );
    return next.handle();
  }
}

@Controller()
@UseInterceptors(RecordingInterceptor)
class OrdersController {
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  @EventPattern('orders')
  async handle(@Payload() message: InboundMessage): Promise<void> {
    const value = message.value?.toString() ?? '';
    const j = this.journal;
    j.attempts.set(value, (j.attempts.get(value) ?? 0) + 1);
    if (value === 'slow') await j.gate;
    if (value === 'flaky' && j.failing) throw new Error('storage down');
    if (value === 'poison') throw new PermanentMessageError('poison pill');
    j.handled.push(value);
  }
}

function moduleWith(journal: Journal, topic: string, groupId: string) {
  @Module({
    controllers: [OrdersController],
    providers: [
      { provide: Journal, useValue: journal },
      ...provideKafkaTransport({
        useFactory: () => ({
          brokers: BROKERS,
          clientId: 'kafka-transport-it',
          groupId,
          topics: { orders: topic },
          consumer: {
            sessionTimeout: 10_000,
            heartbeatInterval: 500,
            maxWaitTimeInMs: 100,
          },
          retry: { initialMs: 50, maxMs: 200 },
        }),
      }),
    ],
  })
  class OrdersModule {}
  return OrdersModule;
}

/** A hybrid app with the orders handler, consuming `topic` as `groupId`, once it joined the group. */
export async function start(
  journal: Journal,
  topic: string,
  groupId: string,
): Promise<INestApplication> {
  const app = await NestFactory.create(moduleWith(journal, topic, groupId), {
    logger: ['error'],
  });
  connectKafkaTransport(app);
  await app.init();
  await app.startAllMicroservices();
  const server = app.get(KafkaServer);
  await waitFor(() => server.consumerStatus().joined, 'the group join');
  return app;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
