// web/js/probe.js: a socket that died without a close is noticed: after 30 s without a frame the connection asks the
// relay something small, and 10 s without any answer means dead. Frames that keep coming mean no question at all.

import { suite, assert } from './harness.js';
import { FakeClock } from './clock.js';
import { Probe } from '/js/probe.js';

const { test, tests } = suite();
export { tests };

function probe() {
  const clock = new FakeClock(1000);
  const calls = [];
  const p = new Probe({
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now,
    ask: () => calls.push(['ask', clock.t]), dead: () => calls.push(['dead', clock.t]),
  });
  return { p, clock, calls };
}

test('a relay that keeps talking is never asked', () => {
  const { p, clock, calls } = probe();
  for (let i = 0; i < 20; i++) {
    clock.advance(10000);
    p.heard();
  }
  assert.deepEqual(calls, []);
});

test('30 s of silence: one question; an answer within 10 s: all well, asked again after 30 s more silence', () => {
  const { p, clock, calls } = probe();
  clock.advance(29999);
  assert.deepEqual(calls, []);
  clock.advance(1);
  assert.deepEqual(calls, [['ask', 31000]]);
  clock.advance(2000);
  p.heard();
  clock.advance(8000);
  assert.deepEqual(calls, [['ask', 31000]], 'answered: not dead');
  clock.advance(30000);
  assert.deepEqual(calls, [['ask', 31000], ['ask', 71000]]);
});

test('no answer within 10 s: dead, once', () => {
  const { clock, calls } = probe();
  clock.advance(30000);
  clock.advance(9999);
  assert.deepEqual(calls, [['ask', 31000]]);
  clock.advance(1);
  assert.deepEqual(calls, [['ask', 31000], ['dead', 41000]]);
  clock.advance(120000);
  assert.equal(calls.length, 2, 'nothing after dead');
});

test('the silence is counted from the last frame heard', () => {
  const { p, clock, calls } = probe();
  clock.advance(20000);
  p.heard(); // at 21000
  clock.advance(29999);
  assert.deepEqual(calls, []);
  clock.advance(1);
  assert.deepEqual(calls, [['ask', 51000]]);
});

test('stop() ends it: no question, no verdict, no timer left', () => {
  const { p, clock, calls } = probe();
  clock.advance(30000);
  p.stop();
  clock.advance(60000);
  assert.deepEqual(calls, [['ask', 31000]]);
  assert.equal(clock.pending, 0);
  const other = probe();
  other.p.stop();
  other.clock.advance(100000);
  assert.deepEqual(other.calls, []);
  assert.equal(other.clock.pending, 0);
});
