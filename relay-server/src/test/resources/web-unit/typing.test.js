// web/js/typing.js: what this person's typing and recording tell the room, with time passed in.

import { suite, assert } from './harness.js';
import { TypingSender } from '/js/typing.js';

const { test, tests } = suite();
export { tests };

function sender() {
  const sent = [];
  return { t: new TypingSender(state => sent.push(state)), sent };
}

test('the first keystroke says typing once; later keystrokes say nothing new', () => {
  const { t, sent } = sender();
  t.keystroke(0);
  t.keystroke(100);
  t.keystroke(900);
  assert.deepEqual(sent, ['typing']);
  assert.equal(t.current, 'typing');
});

test('typing is repeated every 3 s while it lasts, idle 5 s after the last key', () => {
  const { t, sent } = sender();
  t.keystroke(0);
  for (let now = 500; now <= 4000; now += 500) {
    t.keystroke(now);
    t.tick(now);
  }
  assert.deepEqual(sent, ['typing', 'typing'], 'repeated at 3 s');
  for (let now = 4500; now <= 8500; now += 500) t.tick(now);
  assert.deepEqual(sent, ['typing', 'typing', 'typing'], 'repeated at 6 s though no key came since 4 s');
  assert.equal(t.current, 'typing', '4.5 s after the last key');
  t.tick(9000);
  assert.deepEqual(sent, ['typing', 'typing', 'typing', 'idle'], 'idle 5 s after the last key');
  t.tick(20000);
  assert.equal(sent.length, 4, 'idle is not repeated');
});

test('emptying the box says idle at once', () => {
  const { t, sent } = sender();
  t.keystroke(0);
  t.cleared();
  assert.deepEqual(sent, ['typing', 'idle']);
  t.cleared();
  assert.equal(sent.length, 2);
});

test('recording is said at once, repeated every 3 s, and not turned into typing by keys', () => {
  const { t, sent } = sender();
  t.recordingStarted(0);
  t.keystroke(100);
  t.tick(2999);
  t.tick(3000);
  t.tick(6000);
  assert.deepEqual(sent, ['recording', 'recording', 'recording']);
});

test('a cancelled recording says idle; a sent message says nothing (the relay announces idle)', () => {
  const a = sender();
  a.t.recordingStarted(0);
  a.t.recordingCancelled();
  assert.deepEqual(a.sent, ['recording', 'idle']);
  const b = sender();
  b.t.keystroke(0);
  b.t.messageSent();
  assert.equal(b.t.current, 'idle');
  b.t.tick(10000);
  assert.deepEqual(b.sent, ['typing'], 'nothing after the send');
  b.t.keystroke(11000);
  assert.deepEqual(b.sent, ['typing', 'typing'], 'the next keystroke says typing again');
});
