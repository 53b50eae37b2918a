import { exitAfterDeadlineOnSignal } from './shutdown-deadline';

describe('exitAfterDeadlineOnSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
  });

  it('exits with 1 once the deadline after SIGTERM passes, and not before', () => {
    const exit = jest.fn();
    exitAfterDeadlineOnSignal(25_000, exit);
    process.emit('SIGTERM');
    jest.advanceTimersByTime(24_999);
    expect(exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('does nothing without a signal', () => {
    const exit = jest.fn();
    exitAfterDeadlineOnSignal(1_000, exit);
    jest.advanceTimersByTime(60_000);
    expect(exit).not.toHaveBeenCalled();
  });
});
