export * from './lib/kafka-names';
export * from './lib/video-accessed.event';
export * from './lib/parse-event';
export * from './lib/anonymise-ip';
export * from './lib/json-schema';
export * from './lib/refused-request';
