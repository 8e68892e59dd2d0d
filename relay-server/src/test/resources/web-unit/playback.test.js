// web/js/playback.js between the room's state and a fake Speaker: others' live streams handed to the speaker (heard
// at once in walkie-talkie mode), stored clips that arrive live queued in that mode, a stored message never played
// again when its stream was heard live, what was heard to its end remembered as played (and told to the room as a
// played receipt: others' messages only, when the setting is on), the playback speed kept.

import { suite, assert } from './harness.js';
import { Playback } from '/js/playback.js';
import { ChatState } from '/js/chat-state.js';
import { encodeWav } from '/js/audio/wav.js';
import { bytesFromPcm } from '/js/protocol.js';

const { test, tests } = suite();
export { tests };

class FakeSpeaker extends EventTarget {
  constructor() {
    super();
    this.calls = [];
    this.rate = 1;
  }

  liveStart(key, options) { this.calls.push(['liveStart', key, options]); }
  liveChunk(key, pcm) { this.calls.push(['liveChunk', key, pcm.length]); }
  liveEnd(key, options) { this.calls.push(['liveEnd', key, options]); }
  listen(key) { this.calls.push(['listen', key]); }
  play(key, wav) { this.calls.push(['play', key, wav]); }
  pause(key) { this.calls.push(['pause', key]); }
  stop(key) { this.calls.push(['stop', key]); }
  enqueue(key, wav) { this.calls.push(['enqueue', key, wav]); }
  stopAll() { this.calls.push(['stopAll']); }

  report(key, state) {
    this.dispatchEvent(new CustomEvent('state', { detail: { key, state, positionMs: 0, durationMs: 1000 } }));
  }
}

class Played {
  constructor() {
    this.ids = new Set();
  }
  has(from, id) { return this.ids.has(`${from.toLowerCase()}\n${id}`); }
  add(from, id) { this.ids.add(`${from.toLowerCase()}\n${id}`); }
}

function setup({ autoplay = true, tell = true } = {}) {
  localStorage.removeItem('parley.setting.rate');
  const speaker = new FakeSpeaker();
  const chat = new ChatState({ now: () => 0 });
  chat.welcome({ nick: 'alice', room: 'lobby', members: ['alice', 'bob'], lastSeq: 0, protocol: 3 });
  const played = new Played();
  const mode = { autoplay, tell };
  const receipts = [];
  const playback = new Playback({
    speaker, chat, played, autoplay: () => mode.autoplay,
    tellPlayed: () => mode.tell, sendPlayed: seq => receipts.push(seq),
  });
  return { speaker, chat, played, mode, playback, receipts };
}

const wav = encodeWav(new Int16Array(1600), 16000);
const voice = (seq, id, from = 'bob', extra = {}) => [{ type: 'voice', seq, id, from, ts: seq, durationMs: 100,
  sampleRate: 16000, channels: 1, bytes: wav.length, ...extra }, wav];
const startLive = (chat, id, from = 'bob') =>
  chat.receive({ type: 'voice-start', id, from, codec: 'pcm16', sampleRate: 16000, channels: 1 });
const names = calls => calls.map(c => `${c[0]} ${c[1] ?? ''}`.trim());

test('walkie-talkie mode: a live stream goes to the speaker to be heard at once, with its chunks', () => {
  const { speaker, chat } = setup();
  startLive(chat, 'v-1');
  chat.receive({ type: 'voice-chunk', id: 'v-1', from: 'bob', n: 0 }, bytesFromPcm(new Int16Array(320)));
  assert.deepEqual(speaker.calls, [
    ['liveStart', 'live:bob:v-1', { sampleRate: 16000, channels: 1, autoplay: true }],
    ['liveChunk', 'live:bob:v-1', 320],
  ]);
});

test('a stored message whose stream was heard live is never played again, and is played once heard to its end', () => {
  const { speaker, chat, played } = setup();
  startLive(chat, 'v-1');
  speaker.report('live:bob:v-1', 'playing');
  chat.receive(...voice(7, 'v-1'));
  assert.deepEqual(names(speaker.calls), ['liveStart live:bob:v-1', 'liveEnd live:bob:v-1'], 'not queued again');
  assert.deepEqual(speaker.calls[1][2], { stored: true });
  assert.ok(!played.has('bob', 'v-1'), 'not yet heard to its end');
  speaker.report('live:bob:v-1', 'ended');
  assert.ok(played.has('bob', 'v-1'), 'heard to its end: played');
});

test('a stream heard to its end before its stored message came: played, not queued', () => {
  const { speaker, chat, played } = setup();
  startLive(chat, 'v-1');
  speaker.report('live:bob:v-1', 'playing');
  speaker.report('live:bob:v-1', 'ended');
  chat.receive(...voice(7, 'v-1'));
  assert.ok(played.has('bob', 'v-1'));
  assert.ok(!speaker.calls.some(c => c[0] === 'enqueue'));
});

test('a stream stopped before its end is not marked played', () => {
  const { speaker, chat, played } = setup();
  startLive(chat, 'v-1');
  speaker.report('live:bob:v-1', 'playing');
  speaker.report('live:bob:v-1', 'stopped');
  chat.receive(...voice(7, 'v-1'));
  speaker.report('live:bob:v-1', 'stopped');
  assert.ok(!played.has('bob', 'v-1'));
});

test('walkie-talkie mode: a stored clip that arrives live (no stream: a version-1 sender) is queued', () => {
  const { speaker, chat } = setup();
  chat.receive(...voice(3, 'v-3'));
  assert.deepEqual(speaker.calls.map(c => [c[0], c[1]]), [['enqueue', 'seq:3']]);
  assert.equal(speaker.calls[0][2], wav);
});

test('not queued: replayed or history clips, our own, ones already played, chats, duplicates, or with auto-play off', () => {
  const { speaker, chat, played, mode } = setup();
  chat.receive(...voice(1, 'v-1', 'bob', { replay: true }));
  chat.receive(...voice(2, 'v-2', 'ALICE'));
  played.add('bob', 'v-3');
  chat.receive(...voice(3, 'v-3'));
  chat.receive({ type: 'chat', seq: 4, id: 'c-4', from: 'bob', text: 'hi', ts: 4 });
  mode.autoplay = false;
  chat.receive(...voice(5, 'v-5'));
  mode.autoplay = true;
  chat.receive(...voice(5, 'v-5'));
  assert.deepEqual(speaker.calls, []);
});

test('auto-play off: a live stream is not heard until asked; listening plays it by hand', () => {
  const { speaker, chat, playback } = setup({ autoplay: false });
  startLive(chat, 'v-1');
  assert.deepEqual(speaker.calls[0], ['liveStart', 'live:bob:v-1', { sampleRate: 16000, channels: 1, autoplay: false }]);
  playback.toggle({ key: 'live:bob:v-1', live: true, playing: false });
  assert.deepEqual(speaker.calls.at(-1), ['listen', 'live:bob:v-1']);
  playback.toggle({ key: 'live:bob:v-1', live: true, playing: true });
  assert.deepEqual(speaker.calls.at(-1), ['stop', 'live:bob:v-1']);
});

test('the play button plays a stored clip, pauses it when it plays', () => {
  const { speaker, playback } = setup();
  playback.toggle({ key: 'seq:4', live: false, playing: false, wav });
  assert.deepEqual(speaker.calls.at(-1), ['play', 'seq:4', wav]);
  playback.toggle({ key: 'seq:4', live: false, playing: true, wav });
  assert.deepEqual(speaker.calls.at(-1), ['pause', 'seq:4']);
});

test('the unplayed dot: shown for others\' clips not heard, not for ours, not after being heard', () => {
  const { chat, played, playback } = setup();
  chat.receive(...voice(1, 'v-1'));
  chat.receive(...voice(2, 'v-2', 'alice'));
  assert.ok(playback.unplayed(chat.message(1), null));
  assert.ok(!playback.unplayed(chat.message(2), null), 'our own');
  played.add('bob', 'v-1');
  assert.ok(!playback.unplayed(chat.message(1), null));
});

test('speaker events reach the card showing the message, also after a live card became the stored one', () => {
  const { speaker, chat, playback } = setup();
  const seen = [];
  const card = { speakerState: (state) => seen.push(state), setUnplayed: () => {}, progress: () => {} };
  startLive(chat, 'v-1');
  playback.register('live:bob:v-1', card);
  speaker.report('live:bob:v-1', 'playing');
  chat.receive(...voice(7, 'v-1'));
  playback.rekey('live:bob:v-1', 'seq:7', card);
  speaker.report('live:bob:v-1', 'ended');
  assert.deepEqual(seen, ['playing', 'ended']);
});

test('the playback speed is 1, 1.5 or 2, kept on this device; a stored value that is not one of them gives 1', () => {
  const { speaker, playback } = setup();
  assert.equal(playback.rate, 1);
  playback.rate = 1.5;
  assert.equal(speaker.rate, 1.5);
  const again = new Playback({ speaker: new FakeSpeaker(), chat: new ChatState(), played: new Played(), autoplay: () => true });
  assert.equal(again.rate, 1.5, 'remembered');
  localStorage.setItem('parley.setting.rate', '7');
  assert.equal(new Playback({ speaker: new FakeSpeaker(), chat: new ChatState(), played: new Played(), autoplay: () => true }).rate, 1);
  localStorage.removeItem('parley.setting.rate');
});

test('a clip of someone else played to its end is told to the room (its seq); paused or stopped halfway, not', () => {
  const { speaker, chat, receipts } = setup({ autoplay: false });
  chat.receive(...voice(4, 'v-4'));
  chat.receive(...voice(5, 'v-5'));
  speaker.report('seq:4', 'playing');
  speaker.report('seq:4', 'paused');
  speaker.report('seq:5', 'playing');
  speaker.report('seq:5', 'stopped');
  assert.deepEqual(receipts, [], 'not heard to the end');
  speaker.report('seq:4', 'playing');
  speaker.report('seq:4', 'ended');
  assert.deepEqual(receipts, [4]);
});

test('a live stream heard to its end is told once its message is stored (before or after the end)', () => {
  const { speaker, chat, receipts } = setup();
  startLive(chat, 'v-1');
  speaker.report('live:bob:v-1', 'playing');
  speaker.report('live:bob:v-1', 'ended');
  assert.deepEqual(receipts, [], 'no seq yet');
  chat.receive(...voice(7, 'v-1'));
  assert.deepEqual(receipts, [7]);
  startLive(chat, 'v-2');
  speaker.report('live:bob:v-2', 'playing');
  chat.receive(...voice(8, 'v-2'));
  speaker.report('live:bob:v-2', 'ended');
  assert.deepEqual(receipts, [7, 8]);
});

test('never told: our own clip played to its end, or anything with the setting off (still marked played)', () => {
  const { speaker, chat, played, mode, receipts } = setup({ autoplay: false });
  chat.receive(...voice(2, 'v-2', 'ALICE'));
  speaker.report('seq:2', 'ended');
  mode.tell = false;
  chat.receive(...voice(3, 'v-3'));
  speaker.report('seq:3', 'ended');
  assert.deepEqual(receipts, []);
  assert.ok(played.has('bob', 'v-3'), 'played all the same');
  mode.tell = true;
  speaker.report('seq:3', 'ended');
  assert.deepEqual(receipts, [3], 'heard again with the setting on');
});
