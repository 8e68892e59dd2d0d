// web/js/backoff.js: reconnect delays 0.5 s doubling to 10 s, each within ±20 %, and never above 10 s.

import { suite, assert } from './harness.js';
import { Backoff } from '/js/backoff.js';

const { test, tests } = suite();
export { tests };

test('without jitter: 0.5 s doubling to 10 s, then 10 s', () => {
  const b = new Backoff(() => 0.5);
  assert.deepEqual(Array.from({ length: 9 }, () => b.next()), [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
});

test('jitter stays within ±20 % and the cap holds at the top', () => {
  const low = new Backoff(() => 0);
  assert.deepEqual([low.next(), low.next(), low.next()], [400, 800, 1600]);
  const high = new Backoff(() => 0.999999);
  assert.deepEqual([high.next(), high.next()], [600, 1200]);
  for (let i = 0; i < 10; i++) assert.ok(high.next() <= 10000, 'at most 10 s');
  const random = new Backoff();
  for (let i = 0; i < 200; i++) {
    const d = random.next();
    assert.ok(d >= 400 && d <= 10000, `${d} ms`);
  }
});

test('reset() starts again from 0.5 s; a long run does not overflow', () => {
  const b = new Backoff(() => 0.5);
  for (let i = 0; i < 10000; i++) b.next();
  assert.equal(b.next(), 10000);
  b.reset();
  assert.equal(b.next(), 500);
});
