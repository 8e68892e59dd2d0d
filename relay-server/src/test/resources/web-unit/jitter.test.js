// web/js/audio/jitter.js: the listener's buffer for live streams. Starts after 60 ms, re-buffers on underrun, drops
// the oldest beyond 200 ms, plays streams one at a time in the order they started (a waiting one whole), stop and end.

import { suite, assert } from './harness.js';
import { JitterBuffer } from '/js/audio/jitter.js';

const { test, tests } = suite();
export { tests };

// 16 kHz streams; a render step asks for 46 frames (about 128 output frames at 44.1 kHz, 2.9 ms)
const STEP = 46;

function setup(options = {}) {
  const events = [];
  const jb = new JitterBuffer({ ...options, events: (type, id, extra) => events.push({ type, id, ...extra }) });
  const played = new Map(); // id -> frames played
  const order = [];
  const step = (frames = STEP) => {
    const r = jb.render(() => frames);
    if (!r) return [];
    played.set(r.id, (played.get(r.id) ?? 0) + r.got);
    if (r.got) order.push(r.id);
    // the values out are the chunk numbers put in, to check order and drops
    return Array.from(r.samples.subarray(0, r.got), v => Math.round(v * 32768));
  };
  return { jb, events, played, step, order };
}

const chunk = (value, frames = 320) => new Int16Array(frames).fill(value); // 20 ms at 16 kHz
const types = events => events.map(e => e.type);

test('starts after 60 ms queued, plays in order', () => {
  const { jb, events, step } = setup();
  jb.start('a', { sampleRate: 16000, channels: 1 });
  jb.chunk('a', chunk(1));
  jb.chunk('a', chunk(2));
  assert.deepEqual(step(), [], '40 ms queued: waits');
  assert.equal(events.length, 0);
  jb.chunk('a', chunk(3));
  const out = step();
  assert.equal(out.length, STEP);
  assert.deepEqual(types(events), ['started']);
  assert.equal(out[0], 1);
});

test('underrun: plays what is there, reports it, re-buffers to 60 ms, reports started once only', () => {
  const { jb, events, step } = setup();
  jb.start('a', { sampleRate: 16000 });
  for (let i = 1; i <= 3; i++) jb.chunk('a', chunk(i));
  let total = 0;
  for (let i = 0; i < 30; i++) total += step().length;
  assert.equal(total, 960, 'frames played');
  assert.deepEqual(types(events), ['started', 'underrun']);
  jb.chunk('a', chunk(4));
  jb.chunk('a', chunk(5));
  assert.equal(step().length, 0, '40 ms: still re-buffering');
  jb.chunk('a', chunk(6));
  assert.equal(step().length, STEP);
  assert.deepEqual(types(events), ['started', 'underrun']);
});

test('more than 200 ms piled up: the oldest dropped down to 60 ms', () => {
  const { jb, events, step } = setup();
  jb.start('a', { sampleRate: 16000 });
  for (let i = 1; i <= 11; i++) jb.chunk('a', chunk(i)); // 220 ms, a burst after a stall
  const out = step();
  const drop = events.find(e => e.type === 'dropped');
  assert.ok(drop, 'a dropped event');
  assert.equal(drop.frames, 220 * 16 - 60 * 16);
  assert.equal(out[0], 9, 'chunks 9, 10, 11 kept');
});

test('exactly 200 ms queued is kept whole', () => {
  const { jb, events, step } = setup();
  jb.start('a', { sampleRate: 16000 });
  for (let i = 1; i <= 10; i++) jb.chunk('a', chunk(i));
  assert.equal(step()[0], 1);
  assert.ok(!events.some(e => e.type === 'dropped'));
});

test('two streams: the second waits, is never trimmed, and plays whole after the first', () => {
  const { jb, events, step, played, order } = setup();
  jb.start('a', { sampleRate: 16000 });
  jb.start('b', { sampleRate: 16000 });
  for (let i = 0; i < 5; i++) jb.chunk('a', chunk(1));
  for (let i = 0; i < 20; i++) jb.chunk('b', chunk(2)); // 400 ms waiting: kept whole
  for (let i = 0; i < 10; i++) step();
  jb.end('a');
  for (let i = 0; i < 40; i++) step();
  jb.end('b');
  for (let i = 0; i < 200; i++) step();
  assert.equal(played.get('a'), 5 * 320);
  assert.equal(played.get('b'), 20 * 320);
  assert.ok(!events.some(e => e.type === 'dropped'), 'nothing dropped');
  const firstB = order.indexOf('b');
  assert.ok(order.slice(firstB).every(id => id === 'b'), 'never interleaved');
  assert.deepEqual(events.filter(e => e.type === 'finished').map(e => e.id), ['a', 'b']);
  assert.ok(jb.idle, 'idle at the end');
});

test('a waiting stream does not play while the first re-buffers after an underrun', () => {
  const { jb, step } = setup();
  jb.start('a', { sampleRate: 16000 });
  jb.start('b', { sampleRate: 16000 });
  for (let i = 0; i < 3; i++) jb.chunk('a', chunk(1));
  for (let i = 0; i < 10; i++) jb.chunk('b', chunk(2));
  for (let i = 0; i < 30; i++) step(); // a runs dry
  for (let i = 0; i < 5; i++) assert.deepEqual(step(), [], 'silence while a re-buffers, b waits');
  assert.ok(jb.has('b'));
});

test('end: a short stream (under 60 ms) plays out at once; whole streams are never trimmed', () => {
  const { jb, events, step, played } = setup();
  jb.start('a', { sampleRate: 16000 });
  jb.chunk('a', chunk(7));
  assert.equal(step().length, 0);
  jb.end('a');
  let n = 0;
  for (let i = 0; i < 10; i++) n += step().length;
  assert.equal(n, 320);
  assert.deepEqual(types(events), ['started', 'finished']);
  jb.start('w', { sampleRate: 16000, whole: true });
  for (let i = 0; i < 50; i++) jb.chunk('w', chunk(3));
  jb.end('w');
  for (let i = 0; i < 400; i++) step();
  assert.equal(played.get('w'), 50 * 320);
  assert.ok(!events.some(e => e.type === 'dropped'));
});

test('a stream ended with nothing queued finishes at once, and the next one starts in the same step', () => {
  const { jb, events, step } = setup();
  jb.start('empty', { sampleRate: 16000 });
  jb.start('b', { sampleRate: 16000 });
  for (let i = 0; i < 3; i++) jb.chunk('b', chunk(5));
  jb.end('empty');
  const out = step();
  assert.equal(out[0], 5, 'b plays in the first step');
  assert.deepEqual(types(events), ['finished', 'started']);
  assert.equal(events[0].id, 'empty');
});

test('stop: gone at once with its queue; chunks after are ignored; the next plays', () => {
  const { jb, events, step, played } = setup();
  jb.start('a', { sampleRate: 16000 });
  jb.start('b', { sampleRate: 16000 });
  for (let i = 0; i < 5; i++) {
    jb.chunk('a', chunk(1));
    jb.chunk('b', chunk(2));
  }
  step();
  assert.ok(jb.stop('a'));
  assert.equal(jb.chunk('a', chunk(1)), false, 'a chunk after stop');
  assert.equal(step()[0], 2);
  assert.ok(!events.some(e => e.type === 'finished'), 'a stopped stream does not report finished');
  assert.equal(played.get('a'), STEP);
  assert.equal(jb.stop('a'), false, 'stopping again');
});

test('a stream started twice is started once; chunks and ends for unknown or ended streams are ignored', () => {
  const { jb } = setup();
  assert.equal(jb.start('a', { sampleRate: 16000 }), true);
  assert.equal(jb.start('a', { sampleRate: 16000 }), false);
  assert.equal(jb.chunk('nobody', chunk(1)), false);
  assert.equal(jb.end('nobody'), false);
  assert.equal(jb.end('a'), true);
  assert.equal(jb.chunk('a', chunk(1)), false, 'a chunk after end');
});

test('stereo is mixed down; 48 kHz streams count their own frames', () => {
  const { jb, step } = setup();
  jb.start('s', { sampleRate: 48000, channels: 2 });
  const pcm = new Int16Array(2 * 960 * 3);
  for (let i = 0; i < pcm.length; i += 2) {
    pcm[i] = 100;
    pcm[i + 1] = 300;
  }
  jb.chunk('s', pcm); // 60 ms at 48 kHz
  const out = step();
  assert.equal(out.length, STEP);
  assert.equal(out[0], 200);
});

test('a stereo chunk with half a frame keeps only the whole frames; an empty chunk adds nothing', () => {
  const { jb } = setup();
  jb.start('s', { sampleRate: 16000, channels: 2 });
  jb.chunk('s', new Int16Array(5));
  assert.equal(jb.queue('s').queued, 2);
  jb.chunk('s', new Int16Array(0));
  jb.chunk('s', new Int16Array(1));
  assert.equal(jb.queue('s').queued, 2);
});

test('full-scale samples stay within -1..1', () => {
  const { jb } = setup();
  jb.start('a', { sampleRate: 16000 });
  jb.chunk('a', new Int16Array(960).map((_, i) => (i % 2 ? 32767 : -32768)));
  const r = jb.render(() => 960);
  const s = Array.from(r.samples.subarray(0, r.got));
  assert.equal(Math.min(...s), -1);
  assert.below(Math.max(...s), 1);
});

test('a render step bigger than the scratch buffer is served', () => {
  const { jb } = setup();
  jb.start('a', { sampleRate: 16000 });
  for (let i = 0; i < 12; i++) jb.chunk('a', chunk(1)); // 240 ms: trimmed to 60 ms
  jb.end('a');
  const r = jb.render(() => 5000);
  assert.equal(r.got, 960);
  assert.equal(r.want, 5000);
  assert.ok(r.samples.length >= 5000);
});

test('clear() forgets every stream; the queue of an unknown stream is null', () => {
  const { jb } = setup();
  jb.start('a', {});
  jb.start('b', {});
  assert.equal(jb.idle, false);
  jb.clear();
  assert.ok(jb.idle);
  assert.equal(jb.queue('a'), null);
  assert.equal(jb.render(() => STEP), null);
});

test('start and maximum are options; a maximum below the start is refused', () => {
  const { jb, step } = setup({ startMs: 20, maxMs: 40 });
  jb.start('a', { sampleRate: 16000 });
  jb.chunk('a', chunk(1));
  assert.equal(step().length, STEP, 'starts after 20 ms');
  assert.throws(() => new JitterBuffer({ startMs: 100, maxMs: 50 }), RangeError);
  assert.throws(() => new JitterBuffer({ startMs: -1 }), RangeError);
});
