import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStatus } from './index.mjs';

describe('formatStatus (`stack.mjs status`)', () => {
  it('prints one aligned row per component, with the note beside the state and - for what is unknown', () => {
    const text = formatStatus([
      {
        component: 'kafka',
        address: '127.0.0.1:9092',
        state: 'up',
        pid: 6853,
        log: '.stack/logs/kafka.log',
        note: null,
      },
      {
        component: 's3',
        address: '127.0.0.1:4566',
        state: 'up',
        pid: null,
        log: null,
        note: 'external, not managed',
      },
      {
        component: 'gateway',
        address: '127.0.0.1:3000',
        state: 'down',
        pid: null,
        log: '.stack/logs/gateway.log',
        note: null,
      },
    ]);
    assert.deepEqual(text.split('\n'), [
      'COMPONENT  ADDRESS         STATE                       PID   LOG',
      'kafka      127.0.0.1:9092  up                          6853  .stack/logs/kafka.log',
      's3         127.0.0.1:4566  up (external, not managed)  -     -',
      'gateway    127.0.0.1:3000  down                        -     .stack/logs/gateway.log',
    ]);
  });
});
