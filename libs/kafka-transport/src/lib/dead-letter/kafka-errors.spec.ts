import {
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSConnectionError,
} from 'kafkajs';
import { isPermanentKafkaError } from './kafka-errors';

/** A broker error as kafkajs decodes it (src/protocol/error.js). */
const protocolError = (type: string, code: number, retriable: boolean) =>
  new KafkaJSProtocolError({
    type,
    code,
    retriable,
    message: `broker said ${type}`,
  } as never);

/** What producer.send() rejects with after a non-retriable broker answer. */
const fromBroker = (type: string, code: number) => {
  const cause = protocolError(type, code, false);
  // kafkajs' typings omit the second argument its retrier passes (src/retry/index.js).
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (
    e: Error,
    o: { cause: Error },
  ) => Error;
  return new NonRetriable(cause, { cause });
};

describe('isPermanentKafkaError', () => {
  it.each([
    [10, 'MESSAGE_TOO_LARGE'],
    [18, 'RECORD_LIST_TOO_LARGE'],
    [87, 'INVALID_RECORD'],
  ])('treats broker error %s (%s) as permanent', (code, type) => {
    expect(isPermanentKafkaError(fromBroker(type, code))).toBe(true);
  });

  it('recognises the broker message when only the text survives', () => {
    expect(
      isPermanentKafkaError(
        new Error(
          'The request included a message larger than the max message size the server will accept',
        ),
      ),
    ).toBe(true);
  });

  it('retries a broker that is away or a leader that moved', () => {
    expect(
      isPermanentKafkaError(
        new KafkaJSConnectionError('Connection error: ECONNREFUSED'),
      ),
    ).toBe(false);
    const leader = protocolError('NOT_LEADER_OR_FOLLOWER', 6, true);
    expect(
      isPermanentKafkaError(
        new KafkaJSNumberOfRetriesExceeded(leader, {
          retryCount: 5,
          retryTime: 100,
          cause: leader,
        } as never),
      ),
    ).toBe(false);
  });
});
