import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { exitAfterDeadlineOnSignal } from './shutdown-deadline';

describe('exitAfterDeadlineOnSignal', () => {
  // A stand-in for the process: a real SIGTERM emitted here would reach every listener of the test
  // runner's own process (Nest's shutdown hooks of other specs among them).
  let signals: EventEmitter;
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger, 'error').mockImplementation(() => undefined);
    signals = new EventEmitter();
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it.each(['SIGTERM', 'SIGINT'])(
    'exits with 1 once the deadline after %s passes, and not before',
    (signal) => {
      const exit = jest.fn();
      exitAfterDeadlineOnSignal(25_000, exit, signals);
      signals.emit(signal);
      jest.advanceTimersByTime(24_999);
      expect(exit).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(exit).toHaveBeenCalledWith(1);
    },
  );

  it('does nothing without a signal', () => {
    const exit = jest.fn();
    exitAfterDeadlineOnSignal(1_000, exit, signals);
    jest.advanceTimersByTime(60_000);
    expect(exit).not.toHaveBeenCalled();
  });
});
