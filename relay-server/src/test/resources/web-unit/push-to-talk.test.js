// web/js/push-to-talk.js with a fake microphone, connection and clock: hold to record, release for a 200 ms tail,
// a tap under 0.3 s is cancelled with a hint, live chunks streamed as the microphone gives them and the stored clip
// exactly what was streamed, the relay's limits stopping a recording, an unavailable microphone.

import { suite, assert } from './harness.js';
import { FakeClock } from './clock.js';
import { PushToTalk, MIN_CLIP_MS, TAIL_MS } from '/js/push-to-talk.js';
import { encodeWav } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

class FakeMic extends EventTarget {
  constructor({ fails = null } = {}) {
    super();
    this.fails = fails;
    this.isOpen = false;
    this.recording = null;
    this.calls = [];
  }

  async open() {
    this.calls.push('open');
    if (this.fails) throw Object.assign(new Error(this.fails), { reason: this.fails });
    this.isOpen = true;
  }

  start() {
    this.calls.push('start');
    this.recording = [];
  }

  /** The worklet delivered 20 ms. */
  chunk(value = 1, n = 320) {
    const pcm = new Int16Array(n).fill(value);
    this.recording.push(pcm);
    this.dispatchEvent(new CustomEvent('chunk', { detail: pcm }));
    return pcm;
  }

  /** All the recording, and `rest` samples it held after its last chunk. */
  stop() {
    this.calls.push('stop');
    const parts = [...this.recording, new Int16Array(this.rest ?? 0).fill(9)];
    this.recording = null;
    const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  cancel() {
    this.calls.push('cancel');
    this.recording = null;
  }

  close() {
    this.calls.push('close');
    this.isOpen = false;
  }

  lose(reason) {
    this.dispatchEvent(new CustomEvent('error', { detail: { reason } }));
  }
}

class FakeConnection {
  constructor(live) {
    this.live = live;
    this.calls = [];
  }

  startStream(id, sampleRate, channels) {
    this.calls.push(['start', id, sampleRate, channels]);
    return this.live;
  }

  sendChunk(id, n, pcm) {
    this.calls.push(['chunk', id, n, pcm.length]);
    return true;
  }

  endStream(id, wav) {
    this.calls.push(['end', id, wav]);
  }

  cancelStream(id) {
    this.calls.push(['cancel', id]);
  }
}

function setup({ live = true, limits = {}, mic = new FakeMic() } = {}) {
  const clock = new FakeClock(0);
  const connection = new FakeConnection(live);
  const pending = [];
  const chat = { limits: { maxTextChars: 4000, maxClipBytes: 16777216, maxClipMillis: 300000, ...limits },
    addPending: item => pending.push(item) };
  const typing = [];
  const typingSender = {
    recordingStarted: () => typing.push('recording'), recordingCancelled: () => typing.push('cancelled'),
    messageSent: () => typing.push('sent'),
  };
  let ids = 0;
  const ptt = new PushToTalk({
    mic, connection, chat, typing: typingSender, now: clock.now, setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout, makeId: () => `v-${++ids}`,
  });
  const states = [];
  const hints = [];
  ptt.addEventListener('state', e => states.push(e.detail.state));
  ptt.addEventListener('hint', e => hints.push(e.detail.key));
  return { ptt, mic, clock, connection, pending, typing, states, hints };
}

const kinds = calls => calls.map(c => c[0]);

test('hold: the microphone opens, the stream starts (16 kHz mono), chunks go out numbered 0, 1, 2', async () => {
  const { ptt, mic, connection, states, typing } = setup();
  await ptt.press();
  assert.deepEqual(states, ['opening', 'idle', 'recording']);
  assert.deepEqual(mic.calls, ['open', 'start']);
  assert.deepEqual(connection.calls[0], ['start', 'v-1', 16000, 1]);
  mic.chunk();
  mic.chunk();
  mic.chunk();
  assert.deepEqual(connection.calls.slice(1), [['chunk', 'v-1', 0, 320], ['chunk', 'v-1', 1, 320], ['chunk', 'v-1', 2, 320]]);
  assert.deepEqual(typing, ['recording']);
  assert.equal(ptt.startedAt, 0);
});

test('release: a 200 ms tail still streamed, then the clip is exactly what was streamed, pending until its echo', async () => {
  const { ptt, mic, clock, connection, pending, states, typing } = setup();
  await ptt.press();
  for (let i = 0; i < 20; i++) mic.chunk(i);
  clock.advance(400);
  ptt.release();
  assert.equal(ptt.state, 'tail');
  mic.chunk(99);
  clock.advance(TAIL_MS - 1);
  assert.ok(!kinds(connection.calls).includes('end'), 'not before the tail is over');
  mic.rest = 100; // what the microphone held after its last chunk
  clock.advance(1);
  const chunks = connection.calls.filter(c => c[0] === 'chunk');
  assert.equal(chunks.length, 22, '20 held, 1 in the tail, the rest');
  assert.deepEqual(chunks.at(-1), ['chunk', 'v-1', 21, 100], 'the rest as the last chunk');
  const [, id, wav] = connection.calls.at(-1);
  assert.equal(id, 'v-1');
  const streamed = new Int16Array(21 * 320 + 100);
  for (let i = 0; i < 20; i++) streamed.fill(i, i * 320, (i + 1) * 320);
  streamed.fill(99, 20 * 320, 21 * 320);
  streamed.fill(9, 21 * 320);
  assert.deepEqual(wav, encodeWav(streamed, 16000), 'the WAV of all that was streamed, in order');
  assert.deepEqual(pending.map(p => [p.kind, p.id, p.durationMs]), [['voice', 'v-1', Math.round(streamed.length / 16)]]);
  assert.equal(pending[0].wav, wav);
  assert.equal(states.at(-1), 'idle');
  assert.deepEqual(typing, ['recording', 'sent']);
});

test('a tap under 0.3 s is not sent: the stream is cancelled and the hint shown', async () => {
  const { ptt, mic, clock, connection, pending, hints, typing } = setup();
  await ptt.press();
  mic.chunk();
  clock.advance(MIN_CLIP_MS - 1);
  ptt.release();
  assert.equal(ptt.state, 'idle');
  assert.deepEqual(kinds(connection.calls), ['start', 'chunk', 'cancel']);
  assert.ok(mic.calls.includes('cancel'));
  assert.deepEqual(hints, ['talk.tooShort']);
  assert.deepEqual(pending, []);
  assert.deepEqual(typing, ['recording', 'cancelled']);
});

test('released before the microphone opened: nothing recorded, the hint shown', async () => {
  const { ptt, mic, hints } = setup();
  const pressing = ptt.press();
  ptt.release();
  await pressing;
  assert.deepEqual(mic.calls, ['open']);
  assert.equal(ptt.state, 'idle');
  assert.deepEqual(hints, ['talk.tooShort']);
});

test('a second press (a held key repeating) does nothing; pressing again in the tail sends the first at once', async () => {
  const { ptt, mic, clock, connection } = setup();
  await ptt.press();
  await ptt.press();
  assert.equal(connection.calls.filter(c => c[0] === 'start').length, 1);
  mic.chunk();
  clock.advance(500);
  ptt.release();
  await ptt.press();
  assert.deepEqual(kinds(connection.calls), ['start', 'chunk', 'end', 'start']);
  assert.equal(connection.calls[3][1], 'v-2', 'a new recording, a new id');
  assert.equal(ptt.state, 'recording');
});

test('cancel (slide away, Escape) while recording or in the tail: nothing sent, voice-cancel, a hint', async () => {
  for (const inTail of [false, true]) {
    const { ptt, mic, clock, connection, pending, hints } = setup();
    await ptt.press();
    mic.chunk();
    clock.advance(500);
    if (inTail) ptt.release();
    ptt.cancel();
    clock.advance(1000);
    assert.deepEqual(kinds(connection.calls), ['start', 'chunk', 'cancel'], inTail ? 'in the tail' : 'recording');
    assert.deepEqual(pending, []);
    assert.deepEqual(hints, ['talk.cancelled']);
    assert.equal(ptt.state, 'idle');
  }
});

test('protocol 1: no stream, no chunks; the clip goes whole at the end', async () => {
  const { ptt, mic, clock, connection } = setup({ live: false });
  await ptt.press();
  mic.chunk();
  mic.chunk();
  clock.advance(500);
  ptt.release();
  clock.advance(TAIL_MS);
  assert.deepEqual(kinds(connection.calls), ['start', 'end']);
  assert.equal(connection.calls[1][2].length, 44 + 2 * 640);
});

test('a recording stops itself before the relay\'s longest clip, and is sent with a hint', async () => {
  const { ptt, mic, clock, connection, hints } = setup({ limits: { maxClipMillis: 1000 } });
  await ptt.press();
  for (let i = 0; i < 45; i++) mic.chunk();
  clock.advance(899);
  assert.equal(ptt.state, 'recording');
  clock.advance(1);
  assert.equal(ptt.state, 'idle');
  assert.equal(kinds(connection.calls).at(-1), 'end');
  assert.deepEqual(hints, ['talk.autoStopped']);
  ptt.release();
  assert.equal(kinds(connection.calls).filter(k => k === 'end').length, 1, 'the release after it changes nothing');
});

test('the byte limit stops a recording too (16 kHz mono: 32 bytes a millisecond)', async () => {
  const { ptt, clock } = setup({ limits: { maxClipBytes: 44 + 32 * 2000 } });
  await ptt.press();
  clock.advance(1899);
  assert.equal(ptt.state, 'recording');
  clock.advance(1);
  assert.equal(ptt.state, 'idle');
});

test('a clip larger than the relay takes is not sent: the stream is cancelled, the hint says why', async () => {
  const { ptt, mic, clock, connection, pending, hints } = setup({ limits: { maxClipBytes: 44 + 32 * 1000 } });
  await ptt.press();
  for (let i = 0; i < 60; i++) mic.chunk(); // 1.2 s delivered in 0.5 s (a burst after a stall)
  clock.advance(500);
  ptt.release();
  clock.advance(TAIL_MS);
  assert.equal(kinds(connection.calls).at(-1), 'cancel');
  assert.deepEqual(pending, []);
  assert.deepEqual(hints, ['talk.tooLarge']);
});

test('a microphone that is blocked makes talking unavailable with the reason; retryLater lets the next press try', async () => {
  const { ptt, mic, states } = setup({ mic: new FakeMic({ fails: 'denied' }) });
  await ptt.press();
  assert.equal(ptt.state, 'unavailable');
  assert.equal(ptt.reason, 'denied');
  await ptt.press();
  assert.deepEqual(mic.calls, ['open'], 'no second try by itself');
  ptt.retryLater();
  assert.equal(ptt.state, 'idle');
  assert.deepEqual(states, ['opening', 'unavailable', 'idle']);
  const odd = setup({ mic: new FakeMic({ fails: 'something-else' }) });
  await odd.ptt.press();
  assert.equal(odd.ptt.reason, 'failed', 'an unknown reason is "failed"');
});

test('the microphone lost while recording: the stream is cancelled and talking is unavailable', async () => {
  const { ptt, mic, clock, connection, pending } = setup();
  await ptt.press();
  mic.chunk();
  mic.lose('missing');
  clock.advance(5000);
  assert.equal(ptt.state, 'unavailable');
  assert.equal(ptt.reason, 'missing');
  assert.equal(kinds(connection.calls).at(-1), 'cancel');
  assert.deepEqual(pending, []);
});

test('close(): a recording under way is dropped and the microphone closed', async () => {
  const { ptt, mic, connection } = setup();
  await ptt.press();
  mic.chunk();
  ptt.close();
  assert.equal(kinds(connection.calls).at(-1), 'cancel');
  assert.equal(mic.calls.at(-1), 'close');
});
