import type {
  FactoryProvider,
  INestApplication,
  InjectionToken,
  Provider,
} from '@nestjs/common';
import {
  NestMicroservice,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { KafkaDeadLetterPublisher } from './dead-letter/kafka-dead-letter.publisher';
import { KAFKA_CLIENT, createKafkaClient } from './kafka-client';
import { KafkaErrorFilter } from './kafka-error.filter';
import {
  KAFKA_TRANSPORT_OPTIONS,
  type KafkaTransportOptions,
} from './kafka-transport.options';
import { KafkaServer } from './server/kafka.server';

export interface KafkaTransportFactory {
  inject?: InjectionToken[];
  useFactory: FactoryProvider<KafkaTransportOptions>['useFactory'];
}

/**
 * The transport's providers, to spread into the app module's own `providers`: the options can
 * then be built from the app's config and its metric counters (hooks) by ordinary injection.
 */
export function provideKafkaTransport(
  factory: KafkaTransportFactory,
): Provider[] {
  return [
    {
      provide: KAFKA_TRANSPORT_OPTIONS,
      useFactory: factory.useFactory,
      inject: factory.inject ?? [],
    },
    {
      provide: KAFKA_CLIENT,
      useFactory: (options: KafkaTransportOptions) =>
        createKafkaClient(options),
      inject: [KAFKA_TRANSPORT_OPTIONS],
    },
    KafkaDeadLetterPublisher,
    KafkaServer,
  ];
}

/**
 * Makes `app` a hybrid app: its HTTP server plus the Kafka transport, whose handlers get the
 * KafkaErrorFilter (the handler's own error reaches the transport). Then `startAllMicroservices`.
 */
export function connectKafkaTransport(app: INestApplication): void {
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: app.get(KafkaServer) },
    { deferInitialization: true },
  );
  // What Nest's non-deferred path does: the app runs the init hooks of the shared container once.
  if (microservice instanceof NestMicroservice)
    microservice.setIsInitHookCalled(true);
  microservice.useGlobalFilters(new KafkaErrorFilter());
}
