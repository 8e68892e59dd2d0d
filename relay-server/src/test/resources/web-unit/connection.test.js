// web/js/connection.js with a fake socket and clock: the connection rules of the web client's plan (spec/web.md), the
// same as the desktop app's. Protocol 3 asked for, 2 and then 1 after a 4426; since = the highest seq held, absent on
// the first join; every chat and clip kept until its echo and resent with the same id after each welcome; refusals;
// close codes that stop; back-off; the probe of a silent socket; the live uplink and a recording cut by a drop;
// played receipts (sent once, kept until the relay's copy, playedSince).

import { suite, assert } from './harness.js';
import { FakeClock } from './clock.js';
import { Connection, State } from '/js/connection.js';
import { decodeVoiceFrame, encodeVoiceFrame } from '/js/protocol.js';
import { encodeWav } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

/** A WebSocket as the connection uses it: what it sent, and the relay's side to drive it. */
class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
  }

  send(data) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** Text frames sent, parsed. */
  get json() {
    return this.sent.filter(d => typeof d === 'string').map(d => JSON.parse(d));
  }

  /** Binary frames sent, decoded. */
  get frames() {
    return this.sent.filter(d => typeof d !== 'string').map(d => decodeVoiceFrame(d));
  }

  // the relay's side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  text(message) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  binary(header, payload) {
    const bytes = encodeVoiceFrame(header, payload);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
  }

  closeFromRelay(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const welcome = (over = {}) => ({
  type: 'welcome', protocol: 2, session: 's-1', nick: 'alice', room: 'lobby', members: ['alice'], lastSeq: 0,
  limits: { maxTextChars: 4000, maxClipBytes: 16777216, maxClipMillis: 300000 }, server: 'parley-relay/0.1', ...over,
});

/** A connection for alice in lobby with fake sockets, clock and jitter (none), and what it told its listeners. */
function setup(join = {}, sessions = undefined) {
  const clock = new FakeClock(1_000_000);
  const sockets = [];
  const c = new Connection({ url: 'wss://relay.test:7443/', nick: 'alice', room: 'lobby', ...join }, {
    openSocket: url => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now, random: () => 0.5, sessions,
  });
  const states = [];
  const messages = [];
  const refused = [];
  let lost = 0;
  c.addEventListener('state', e => states.push(e.detail));
  c.addEventListener('message', e => messages.push(e.detail));
  c.addEventListener('refused', e => refused.push(e.detail));
  c.addEventListener('lost', () => lost++);
  const last = () => sockets.at(-1);
  /** Opens the newest socket and welcomes it. */
  const join1 = (over = {}) => {
    last().open();
    last().text(welcome(over));
  };
  return { c, clock, sockets, last, states, messages, refused, lost: () => lost, join: join1 };
}

const chatEcho = (seq, id, from = 'alice', text = 'x') => ({ type: 'chat', seq, id, from, text, ts: seq });

test('the first hello: protocol 3, nick, room, the client\'s name, no since, no playedSince, no empty password', () => {
  const { c, last, states } = setup();
  c.connect();
  assert.equal(last().url, 'wss://relay.test:7443/');
  assert.equal(last().binaryType, 'arraybuffer');
  assert.equal(c.state, State.CONNECTING);
  last().open();
  assert.deepEqual(last().json, [{ type: 'hello', protocol: 3, nick: 'alice', room: 'lobby', client: 'parley-web/0.1' }]);
  last().text(welcome({ protocol: 3, lastPlayed: 0 }));
  assert.equal(c.state, State.JOINED);
  assert.equal(c.protocol, 3);
  assert.ok(c.liveVoice);
  assert.ok(c.receipts);
  assert.deepEqual(states.map(s => s.state), ['connecting', 'joined']);
});

test('a password is sent when there is one', () => {
  const { c, last } = setup({ password: 'secret' });
  c.connect();
  last().open();
  assert.equal(last().json[0].password, 'secret');
});

test('messages after the welcome reach the listeners, voice with its clip; before it, and malformed frames, nothing', () => {
  const { c, last, messages } = setup();
  c.connect();
  last().open();
  last().text(chatEcho(1, 'c-early', 'bob'));
  assert.equal(messages.length, 0, 'before the welcome');
  last().text(welcome());
  last().text('not json');
  last().text('{"no":"type"}');
  last().onmessage({ data: new Uint8Array([0, 0, 0, 99, 1]).buffer });
  last().onmessage({ data: new Uint8Array([0, 0, 0, 5, 0x7b, 0x6e, 0x6f, 0x70, 0x65]).buffer });
  assert.equal(messages.length, 0, 'malformed frames are dropped');
  last().text(chatEcho(2, 'c-2', 'bob'));
  const clip = encodeWav(new Int16Array(8), 8000);
  last().binary({ type: 'voice', seq: 3, id: 'v-3', from: 'bob', ts: 3 }, clip);
  assert.deepEqual(messages.map(m => m.msg.seq), [2, 3]);
  assert.deepEqual(messages[1].payload, clip);
});

test('the welcome\'s nick (trimmed by the relay) is the nick from then on', () => {
  const { c, join } = setup({ nick: 'Alice' });
  c.connect();
  join({ nick: 'Alice' });
  assert.equal(c.join.nick, 'Alice');
});

test('a chat is kept until its echo (our nick, any case) and resent with the same id after every welcome', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  join();
  c.sendChat('c-1', 'hello');
  c.sendChat('c-2', 'again');
  assert.deepEqual(last().json.slice(1), [{ type: 'chat', id: 'c-1', text: 'hello' }, { type: 'chat', id: 'c-2', text: 'again' }]);
  last().text(chatEcho(5, 'c-1', 'ALICE', 'hello'));
  assert.equal(c.outboxSize, 1, 'c-1 acknowledged');
  last().closeFromRelay(1006);
  assert.equal(c.state, State.RECONNECTING);
  clock.advance(500);
  join();
  const resent = last().json.filter(m => m.type === 'chat');
  assert.deepEqual(resent, [{ type: 'chat', id: 'c-2', text: 'again' }], 'only the unacknowledged, same id');
  last().text(chatEcho(6, 'c-2', 'alice', 'again'));
  assert.equal(c.outboxSize, 0);
});

test('someone else\'s message with our id does not acknowledge ours', () => {
  const { c, last, join } = setup();
  c.connect();
  join();
  c.sendChat('c-1', 'hello');
  last().text(chatEcho(5, 'c-1', 'bob'));
  assert.equal(c.outboxSize, 1);
});

test('a chat written while disconnected goes out after the welcome', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  join();
  last().closeFromRelay(1006);
  c.sendChat('c-9', 'offline');
  clock.advance(500);
  last().open();
  assert.equal(last().json.filter(m => m.type === 'chat').length, 0, 'not before the welcome');
  last().text(welcome());
  assert.deepEqual(last().json.filter(m => m.type === 'chat'), [{ type: 'chat', id: 'c-9', text: 'offline' }]);
});

test('since on a reconnect is the highest seq received (replayed or live), absent on the first join', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  join({ lastSeq: 40 });
  for (const seq of [38, 39, 40]) last().text({ ...chatEcho(seq, `c-${seq}`, 'bob'), replay: true });
  last().text(chatEcho(41, 'c-41', 'bob'));
  last().text({ ...chatEcho(12, 'c-12', 'bob'), replay: true }); // an older page of history
  last().closeFromRelay(1001);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].since, 41);
});

test('a refusal ends the message: "refused" once, not resent after a reconnect', () => {
  const { c, last, join, clock, refused } = setup();
  c.connect();
  join();
  c.sendChat('c-1', 'x'.repeat(5000));
  const error = { type: 'error', code: 'too_large', message: 'text has 5000 characters', ref: 'c-1' };
  last().text(error);
  assert.deepEqual(refused, [{ id: 'c-1', error }]);
  assert.equal(c.outboxSize, 0);
  last().closeFromRelay(1006);
  clock.advance(500);
  join();
  assert.equal(last().json.filter(m => m.type === 'chat').length, 0);
});

test('rate_limited: the same message is sent again a moment later, not refused', () => {
  const { c, last, join, clock, refused } = setup();
  c.connect();
  join();
  c.sendChat('c-1', 'hi');
  last().text({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'c-1' });
  assert.equal(refused.length, 0);
  clock.advance(2000);
  assert.deepEqual(last().json.filter(m => m.type === 'chat'), [
    { type: 'chat', id: 'c-1', text: 'hi' }, { type: 'chat', id: 'c-1', text: 'hi' }]);
});

test('4426: asked again at once with protocol 2 (live voice, no receipts)', () => {
  const { c, sockets, last, states } = setup();
  c.connect();
  last().open();
  last().closeFromRelay(4426, 'protocol 3 is not spoken here');
  assert.equal(sockets.length, 2, 'a second socket at once');
  last().open();
  assert.equal(last().json[0].protocol, 2);
  last().text(welcome({ protocol: 2 }));
  assert.equal(c.protocol, 2);
  assert.ok(c.liveVoice);
  assert.ok(!c.receipts);
  assert.deepEqual(states.map(s => s.state), ['connecting', 'joined'], 'the fall-back is no state of its own');
  assert.ok(c.sendPlayed(4), 'said, but not sent at 2');
  assert.deepEqual(last().json.filter(m => m.type === 'played'), []);
});

test('4426 twice: protocol 3, then 2, then 1; clips then go whole, no live stream; a later drop keeps asking for 1', () => {
  const { c, sockets, last, clock } = setup();
  c.connect();
  last().open();
  last().closeFromRelay(4426, 'protocol 3 is not spoken here');
  last().open();
  assert.equal(last().json[0].protocol, 2);
  last().closeFromRelay(4426, 'protocol 2 is not spoken here');
  assert.equal(sockets.length, 3, 'a third socket at once');
  last().open();
  assert.deepEqual(last().json[0], { type: 'hello', protocol: 1, nick: 'alice', room: 'lobby', client: 'parley-web/0.1' });
  last().text(welcome({ protocol: 1 }));
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].protocol, 1, 'the relay\'s version is remembered');
  assert.ok(!('playedSince' in last().json[0]), 'no playedSince below 3');
  last().text(welcome({ protocol: 1 }));
  assert.equal(c.protocol, 1);
  assert.ok(!c.liveVoice);
  assert.equal(c.startStream('v-1', 16000, 1), false);
  const wav = encodeWav(new Int16Array(320), 16000);
  c.endStream('v-1', wav);
  const [frame] = last().frames;
  assert.deepEqual(frame.header, { type: 'voice', id: 'v-1' });
  assert.deepEqual(frame.payload, wav);
});

test('before the first welcome a failure ends the attempt (back to the join screen with the reason)', () => {
  for (const [code, kind] of [[1006, 'lost'], [4401, 'password'], [4409, 'nickTaken'], [4400, 'badHello'], [4429, 'lockedOut']]) {
    const { c, last, clock } = setup();
    c.connect();
    last().open();
    last().closeFromRelay(code, 'why');
    assert.equal(c.state, State.DISCONNECTED, `${code}`);
    assert.equal(c.reason.kind, kind, `${code}`);
    assert.equal(c.reason.code, code);
    assert.equal(clock.pending, 0, `${code}: nothing scheduled`);
  }
});

test('after a join: 4400, 4401 and 4429 stop; 1001, 1006, 1011 and 1013 reconnect with back-off', () => {
  for (const code of [4400, 4401, 4429]) {
    const { c, last, join, sockets, clock } = setup();
    c.connect();
    join();
    last().closeFromRelay(code);
    assert.equal(c.state, State.DISCONNECTED, `${code}`);
    clock.advance(60000);
    assert.equal(sockets.length, 1, `${code}: no new attempt`);
  }
  for (const code of [1001, 1006, 1011, 1013]) {
    const { c, last, join, sockets, clock, lost } = setup();
    c.connect();
    join();
    last().closeFromRelay(code);
    assert.equal(c.state, State.RECONNECTING, `${code}`);
    assert.equal(lost(), 1, `${code}: the session is told its live streams are gone`);
    assert.equal(c.retryAt, clock.t + 500, `${code}: first retry after 0.5 s`);
    clock.advance(499);
    assert.equal(sockets.length, 1);
    clock.advance(1);
    assert.equal(sockets.length, 2, `${code}: retried`);
  }
});

test('back-off doubles while attempts fail, up to 10 s, and starts again from 0.5 s after a welcome', () => {
  const { c, last, join, states, clock } = setup();
  c.connect();
  join();
  last().closeFromRelay(1006);
  const delays = [];
  for (let i = 0; i < 7; i++) {
    delays.push(c.retryAt - clock.t);
    clock.advance(c.retryAt - clock.t);
    last().closeFromRelay(1006); // the relay is still away
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
  clock.advance(c.retryAt - clock.t);
  join();
  last().closeFromRelay(1006);
  assert.equal(c.retryAt - clock.t, 500);
  assert.ok(states.every(s => s.state !== 'disconnected'), 'never gives up');
});

test('"Retry now" tries at once while waiting; it does nothing while joined or after leaving', () => {
  const { c, last, join, sockets } = setup();
  c.connect();
  join();
  c.retryNow();
  assert.equal(sockets.length, 1, 'joined');
  last().closeFromRelay(1006);
  c.retryNow();
  assert.equal(sockets.length, 2);
  c.retryNow();
  assert.equal(sockets.length, 2, 'an attempt is under way');
  c.leave();
  c.retryNow();
  assert.equal(sockets.length, 2);
});

test('4409 right after a drop is our own old connection: retried for up to 90 s, then it is someone else', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  join();
  last().closeFromRelay(1006);
  let attempts = 0;
  while (c.state === State.RECONNECTING && attempts < 50) {
    clock.advance(c.retryAt - clock.t);
    last().open();
    last().closeFromRelay(4409, 'nick taken');
    attempts++;
    if (c.state === State.RECONNECTING) assert.equal(c.reason.kind, 'previousConnection');
  }
  assert.equal(c.state, State.DISCONNECTED);
  assert.equal(c.reason.kind, 'nickTaken');
  assert.above(attempts, 5, 'attempts');
});

test('leave(): closed with 1000, disconnected ("left"), no reconnect, nothing more sent', () => {
  const { c, last, join, sockets, clock } = setup();
  c.connect();
  join();
  const s = last();
  c.leave();
  assert.deepEqual(s.closedWith, { code: 1000, reason: 'bye' });
  assert.equal(c.state, State.DISCONNECTED);
  assert.equal(c.reason.kind, 'left');
  s.closeFromRelay(1000);
  clock.advance(60000);
  assert.equal(sockets.length, 1);
  c.connect();
  assert.equal(sockets.length, 1, 'a left connection does not connect again');
});

test('a socket that never opens, or never welcomes, is given up (10 s and 15 s)', () => {
  const a = setup();
  a.c.connect();
  a.clock.advance(9999);
  assert.equal(a.c.state, State.CONNECTING);
  a.clock.advance(1);
  assert.equal(a.c.state, State.DISCONNECTED);
  assert.ok(a.last().closedWith, 'the socket closed');
  const b = setup();
  b.c.connect();
  b.last().open();
  b.clock.advance(14999);
  assert.equal(b.c.state, State.CONNECTING);
  b.clock.advance(1);
  assert.equal(b.c.state, State.DISCONNECTED);
});

test('a late event from an old socket changes nothing', () => {
  const { c, last, join, sockets, clock, messages } = setup();
  c.connect();
  join();
  const old = last();
  old.closeFromRelay(1006);
  clock.advance(500);
  join();
  old.text(chatEcho(9, 'c-9', 'bob'));
  old.closeFromRelay(1006);
  assert.equal(messages.length, 0);
  assert.equal(c.state, State.JOINED);
  assert.equal(sockets.length, 2);
});

test('a silent socket is asked something small after 30 s; the answer is not a message; no answer in 10 s: reconnect', () => {
  const { c, last, join, clock, messages } = setup();
  c.connect();
  join();
  clock.advance(30000);
  assert.deepEqual(last().json.at(-1), { type: 'history', before: 1, limit: 1 });
  last().text({ type: 'history-end', before: 1, count: 0 });
  assert.equal(messages.length, 0, 'the probe\'s answer is not passed on');
  clock.advance(10000);
  assert.equal(c.state, State.JOINED);
  clock.advance(30000);
  clock.advance(10000);
  assert.equal(c.state, State.RECONNECTING, 'no answer');
});

test('history requests: only while joined, never before seq 1, at most 200', () => {
  const { c, last, join } = setup();
  assert.equal(c.requestHistory(50, 50), false, 'not joined');
  c.connect();
  join();
  assert.equal(c.requestHistory(1, 50), false);
  assert.equal(c.requestHistory(120, 500), true);
  assert.deepEqual(last().json.at(-1), { type: 'history', before: 120, limit: 200 });
});

test('typing is sent only while joined', () => {
  const { c, last, join } = setup();
  c.sendTyping('typing');
  c.connect();
  join();
  c.sendTyping('recording');
  assert.deepEqual(last().json.filter(m => m.type === 'typing'), [{ type: 'typing', state: 'recording' }]);
});

test('live uplink: voice-start (pcm16), chunks numbered as given, voice-end; the clip kept until its echo', () => {
  const { c, last, join } = setup();
  c.connect();
  join();
  assert.ok(c.startStream('v-1', 16000, 1));
  assert.equal(c.startStream('v-2', 16000, 1), false, 'one stream at a time');
  const pcm = new Int16Array(320).fill(7);
  assert.ok(c.sendChunk('v-1', 0, pcm));
  assert.ok(c.sendChunk('v-1', 1, pcm));
  assert.equal(c.sendChunk('v-2', 0, pcm), false, 'not the open stream');
  const wav = encodeWav(new Int16Array(640).fill(7), 16000);
  c.endStream('v-1', wav);
  const json = last().json.slice(1);
  assert.deepEqual(json, [
    { type: 'voice-start', id: 'v-1', codec: 'pcm16', sampleRate: 16000, channels: 1 },
    { type: 'voice-end', id: 'v-1' },
  ]);
  assert.deepEqual(last().frames.map(f => f.header), [{ type: 'voice-chunk', id: 'v-1', n: 0 }, { type: 'voice-chunk', id: 'v-1', n: 1 }]);
  assert.equal(c.outboxSize, 1);
  last().binary({ type: 'voice', seq: 4, id: 'v-1', from: 'alice', ts: 4 }, wav);
  assert.equal(c.outboxSize, 0);
});

test('a recording cut by a drop goes whole, with its id, after the welcome', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  join();
  c.startStream('v-1', 16000, 1);
  c.sendChunk('v-1', 0, new Int16Array(320));
  last().closeFromRelay(1006);
  assert.equal(c.sendChunk('v-1', 1, new Int16Array(320)), false, 'no socket');
  const wav = encodeWav(new Int16Array(640), 16000);
  c.endStream('v-1', wav);
  clock.advance(500);
  join();
  const frames = last().frames;
  assert.equal(frames.length, 1);
  assert.deepEqual(frames[0].header, { type: 'voice', id: 'v-1' });
  assert.deepEqual(frames[0].payload, wav);
});

test('a stream the relay ended with bad_request: the frames still in flight are answered, the clip goes whole after voice-end', () => {
  const { c, last, join, refused } = setup();
  c.connect();
  join();
  c.startStream('v-1', 16000, 1);
  c.sendChunk('v-1', 0, new Int16Array(320));
  last().text({ type: 'error', code: 'bad_request', message: 'no chunk for 5 s', ref: 'v-1' });
  last().text({ type: 'error', code: 'bad_request', message: 'not the open stream', ref: 'v-1' });
  assert.equal(c.sendChunk('v-1', 1, new Int16Array(320)), false, 'the stream is over');
  const wav = encodeWav(new Int16Array(640), 16000);
  c.endStream('v-1', wav);
  assert.equal(refused.length, 0, 'the answers to live frames do not refuse the clip');
  assert.deepEqual(last().frames.at(-1).header, { type: 'voice', id: 'v-1' });
  assert.equal(c.outboxSize, 1);
});

test('a stream refused at its end (bad_request after voice-end) is sent whole, once', () => {
  const { c, last, join, refused } = setup();
  c.connect();
  join();
  c.startStream('v-1', 16000, 1);
  c.sendChunk('v-1', 0, new Int16Array(320));
  const wav = encodeWav(new Int16Array(320), 16000);
  c.endStream('v-1', wav);
  last().text({ type: 'error', code: 'bad_request', message: 'x', ref: 'v-1' });
  last().text({ type: 'error', code: 'bad_request', message: 'x', ref: 'v-1' });
  const whole = last().frames.filter(f => f.header.type === 'voice');
  assert.equal(whole.length, 1);
  assert.deepEqual(whole[0].payload, wav);
  assert.equal(refused.length, 0);
});

test('a cancelled stream sends voice-cancel and keeps nothing', () => {
  const { c, last, join } = setup();
  c.connect();
  join();
  c.startStream('v-1', 16000, 1);
  c.cancelStream('v-1');
  assert.deepEqual(last().json.at(-1), { type: 'voice-cancel', id: 'v-1' });
  assert.equal(c.outboxSize, 0);
  c.cancelStream('v-1');
  assert.equal(last().json.filter(m => m.type === 'voice-cancel').length, 1, 'once');
});

// ------------------------------------------------------------------ played receipts (protocol 3)

const receipt = (seq, nick, id, extra = {}) => ({ type: 'played', seq, nick, ts: 1000 + id, id, ...extra });
const playedSent = socket => socket.json.filter(m => m.type === 'played');

/** Joined at protocol 3. */
function joined3(over = {}) {
  const s = setup();
  s.c.connect();
  s.join({ protocol: 3, lastPlayed: 0, ...over });
  return s;
}

test('a played receipt is sent once: {type: played, seq}; a second time for the same seq sends nothing', () => {
  const { c, last } = joined3();
  assert.equal(c.sendPlayed(7), true);
  assert.equal(c.sendPlayed(7), false);
  assert.equal(c.sendPlayed(8), true);
  assert.deepEqual(playedSent(last()), [{ type: 'played', seq: 7 }, { type: 'played', seq: 8 }]);
  for (const bad of [0, -1, 1.5, '7', null, undefined, NaN]) assert.equal(c.sendPlayed(bad), false, String(bad));
  assert.equal(playedSent(last()).length, 2);
});

test('a receipt is confirmed by the relay\'s copy with our nick (any case), not by someone else\'s', () => {
  const { c, last } = joined3();
  c.sendPlayed(7);
  c.sendPlayed(8);
  last().text(receipt(7, 'bob', 1));
  assert.deepEqual(c.unconfirmedReceipts, [7, 8], 'bob\'s receipt confirms nothing of ours');
  last().text(receipt(7, 'ALICE', 2));
  assert.deepEqual(c.unconfirmedReceipts, [8]);
});

test('an unconfirmed receipt is sent again after the next welcome (repeats are harmless), a confirmed one not', () => {
  const { c, last, join, clock } = joined3();
  c.sendPlayed(7);
  c.sendPlayed(8);
  last().text(receipt(8, 'alice', 5));
  last().closeFromRelay(1006);
  c.sendPlayed(9); // heard while disconnected
  clock.advance(500);
  last().open();
  assert.deepEqual(playedSent(last()), [], 'not before the welcome');
  join({ protocol: 3, lastPlayed: 5 });
  assert.deepEqual(playedSent(last()), [{ type: 'played', seq: 7 }, { type: 'played', seq: 9 }]);
  assert.equal(c.sendPlayed(8), false, 'never twice in a session');
});

test('a receipt of ours from the relay (an earlier page\'s) means it is never sent again', () => {
  const { c, last } = joined3();
  last().text(receipt(3, 'alice', 4, { replay: true }));
  assert.equal(c.sendPlayed(3), false);
  assert.deepEqual(playedSent(last()), []);
});

test('not_found (the message is gone) forgets that receipt quietly: not refused, not sent again', () => {
  const { c, last, join, clock, refused } = joined3();
  c.sendPlayed(7);
  c.sendPlayed(57);
  last().text({ type: 'error', code: 'not_found', message: 'no voice message with seq 57 in this room' });
  assert.deepEqual(c.unconfirmedReceipts, [7]);
  last().text({ type: 'error', code: 'not_found', message: 'something else' });
  assert.deepEqual(c.unconfirmedReceipts, [7], 'a message without a seq forgets nothing');
  assert.deepEqual(refused, []);
  assert.equal(c.state, State.JOINED);
  last().closeFromRelay(1006);
  clock.advance(500);
  join({ protocol: 3 });
  assert.deepEqual(playedSent(last()), [{ type: 'played', seq: 7 }]);
});

test('rate_limited without ref: the unconfirmed receipts go again 2 s later (one retry however many errors)', () => {
  const { c, last, clock } = joined3();
  c.sendPlayed(7);
  last().text({ type: 'error', code: 'rate_limited', message: 'slow down' });
  last().text({ type: 'error', code: 'rate_limited', message: 'slow down' });
  clock.advance(1999);
  assert.equal(playedSent(last()).length, 1);
  clock.advance(1);
  assert.deepEqual(playedSent(last()), [{ type: 'played', seq: 7 }, { type: 'played', seq: 7 }]);
});

test('receipts turned off: what is not confirmed is not sent again, and may be said again later', () => {
  const { c, last, join, clock } = joined3();
  c.sendPlayed(7);
  c.forgetUnconfirmedReceipts();
  last().closeFromRelay(1006);
  clock.advance(500);
  join({ protocol: 3 });
  assert.deepEqual(playedSent(last()), []);
  assert.equal(c.sendPlayed(7), true, 'turned on again and heard again');
});

test('playedSince: absent on the first join; after it the highest receipt id received (catch-up or live)', () => {
  const { c, last, join, clock } = joined3({ lastPlayed: 30 });
  last().text(receipt(2, 'bob', 12, { replay: true }));
  last().text(receipt(3, 'carol', 30, { replay: true }));
  last().text(receipt(1, 'dave', 9, { replay: true }));
  last().text({ type: 'played', seq: 4, nick: 'bob', id: 'x' }); // malformed: ignored
  assert.equal(c.playedSince, 30);
  last().text(receipt(5, 'bob', 31));
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].playedSince, 31);
  assert.equal(last().json[0].since, 0);
  join({ protocol: 3, lastPlayed: 31 });
});

test('playedSince 0 on a reconnect when no receipt came (receipts stored during the drop are for any message)', () => {
  const { last, clock } = joined3({ lastPlayed: 8 });
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].playedSince, 0);
});

test('played messages reach the listeners like every other message', () => {
  const { last, messages } = joined3();
  last().text(receipt(2, 'bob', 12));
  assert.deepEqual(messages.map(m => m.msg), [receipt(2, 'bob', 12)]);
});

test('receipts of a history answer do not raise playedSince (one may be newer than a live one still coming)', () => {
  const { c, last, join, clock } = joined3({ lastSeq: 60, lastPlayed: 30 });
  last().text(receipt(55, 'bob', 30, { replay: true }));
  assert.ok(c.requestHistory(50, 50));
  last().text({ type: 'chat', seq: 3, id: 'c-3', from: 'bob', text: 'old', ts: 3, replay: true });
  last().text(receipt(3, 'carol', 44, { replay: true })); // stored after live 41, which is still on its way
  assert.equal(c.playedSince, 30);
  last().text({ type: 'history-end', before: 50, count: 1 });
  last().text(receipt(58, 'dave', 41)); // live
  assert.equal(c.playedSince, 41);
  last().text(receipt(57, 'erin', 39, { replay: true })); // no history asked: the join's catch-up
  assert.equal(c.playedSince, 41);
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].playedSince, 41);
  join({ protocol: 3 });
});

test('the probe\'s history answer changes nothing about receipts', () => {
  const { c, last, clock } = joined3();
  c.requestHistory(9, 10);
  clock.advance(30000); // silent for 30 s: the probe asks for history before 1
  last().text({ type: 'history-end', before: 1, count: 0 });
  last().text(receipt(4, 'bob', 7, { replay: true })); // still the answer to the real request
  assert.equal(c.playedSince, null);
});

// ------------------------------------------------------------------ resume (PROTOCOL.md "Resume")

test('resume: none on the first hello; every later hello carries the latest welcome\'s session, with since', () => {
  const { c, last, join, clock } = setup();
  c.connect();
  last().open();
  assert.equal(last().json[0].resume, undefined);
  last().text(welcome({ session: 'Xq2Zb7hQk0v3YwR1s9TnMA' }));
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].resume, 'Xq2Zb7hQk0v3YwR1s9TnMA');
  assert.equal(last().json[0].since, 0);
  last().text(welcome({ session: 'second-session-token-1' }));
  last().closeFromRelay(1001);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].resume, 'second-session-token-1', 'the latest welcome\'s, not the first');
});

test('resume on a new page: the session an earlier page of this tab saved for this room and nick', () => {
  const saved = new Map();
  const sessions = {
    load: (room, nick) => saved.get(`${room}/${nick.toLowerCase()}`) ?? null,
    save: (room, nick, session) => saved.set(`${room}/${nick.toLowerCase()}`, session),
  };
  const first = setup({}, sessions);
  first.c.connect();
  first.last().open();
  assert.equal(first.last().json[0].resume, undefined, 'nothing saved yet');
  first.last().text(welcome({ session: 'page-one-session-token' }));
  assert.equal(saved.get('lobby/alice'), 'page-one-session-token');

  const reloaded = setup({ nick: 'Alice' }, sessions);
  reloaded.c.connect();
  reloaded.last().open();
  assert.equal(reloaded.last().json[0].resume, 'page-one-session-token');
  const elsewhere = setup({ room: 'other' }, sessions);
  elsewhere.c.connect();
  elsewhere.last().open();
  assert.equal(elsewhere.last().json[0].resume, undefined, 'another room: no resume');
});

test('a store that throws is no store: the page still joins and resumes from memory', () => {
  const broken = { load: () => { throw new Error('denied'); }, save: () => { throw new Error('full'); } };
  const { c, last, clock } = setup({}, broken);
  c.connect();
  last().open();
  assert.equal(last().json[0].resume, undefined);
  last().text(welcome({ session: 'kept-in-memory-token' }));
  assert.equal(c.state, State.JOINED);
  last().closeFromRelay(1006);
  clock.advance(500);
  last().open();
  assert.equal(last().json[0].resume, 'kept-in-memory-token');
});

test('4410 replaced: the same person joined from elsewhere; it stops, says so, and never takes the place back', () => {
  const { c, last, join, sockets, clock, states } = setup();
  c.connect();
  join();
  last().closeFromRelay(4410, 'replaced: the same member connected again');
  assert.equal(c.state, State.DISCONNECTED);
  assert.deepEqual(c.reason, { kind: 'replaced', code: 4410, detail: 'replaced: the same member connected again' });
  clock.advance(120000);
  assert.equal(sockets.length, 1, 'no new attempt');
  assert.equal(states.at(-1).state, 'disconnected');
});

test('failover: a drop is retried on the same relay, then on the next relay the welcome listed, with since and resume', () => {
  const { c, last, sockets, clock, messages } = setup();
  c.connect();
  last().open();
  last().text(welcome({
    session: 'session-on-a-000000001', relays: [
      { url: 'wss://relay.test:7443/', fingerprint: 'A' }, { url: 'wss://relay-b.test:7443/', fingerprint: 'B' }],
  }));
  last().text(chatEcho(5, 'm5', 'bob'));
  assert.equal(c.relay, 'wss://relay.test:7443/');
  assert.equal(c.elsewhere, false);

  last().closeFromRelay(1006);
  clock.advance(500);
  assert.equal(sockets.length, 2);
  assert.equal(last().url, 'wss://relay.test:7443/', 'the first retry: the same relay');
  last().closeFromRelay(1006); // it is gone
  clock.advance(10000);
  assert.equal(sockets.length, 3);
  assert.equal(last().url, 'wss://relay-b.test:7443/', 'then the next relay of the list');
  assert.equal(c.elsewhere, true);
  last().open();
  assert.equal(last().json[0].since, 5);
  assert.equal(last().json[0].resume, 'session-on-a-000000001');
  last().text(welcome({ session: 'session-on-b-000000002', relays: [{ url: 'wss://relay-b.test:7443/', fingerprint: 'B' }] }));
  assert.equal(c.state, State.JOINED);
  assert.equal(c.elsewhere, true);
  assert.ok(messages.length >= 1);

  last().closeFromRelay(1001);
  clock.advance(500);
  assert.equal(last().url, 'wss://relay-b.test:7443/', 'a drop on B: B again first');
  last().closeFromRelay(1006);
  clock.advance(10000);
  assert.equal(last().url, 'wss://relay.test:7443/', 'then the page\'s own relay (B\'s list did not name it)');
  assert.equal(c.elsewhere, false);
});

test('failover: a 4426 is asked again on the same relay, not the next one; a welcome with no relays keeps to the page\'s own', () => {
  const { c, last, clock } = setup();
  c.connect();
  last().open();
  last().text(welcome({ relays: [{ url: 'wss://relay-b.test:7443/', fingerprint: 'B' }] }));
  last().closeFromRelay(1006);
  clock.advance(500);
  last().closeFromRelay(1006);
  clock.advance(10000);
  assert.equal(last().url, 'wss://relay-b.test:7443/');
  last().open();
  last().closeFromRelay(4426, 'unsupported protocol');
  assert.equal(last().url, 'wss://relay-b.test:7443/', 'asked again at once, same relay, protocol 2');
  last().open();
  assert.equal(last().json[0].protocol, 2);
  last().text(welcome({ protocol: 2 }));
  assert.equal(c.state, State.JOINED);
  last().closeFromRelay(1006);
  clock.advance(500);
  assert.equal(last().url, 'wss://relay.test:7443/', 'B listed nothing (not even itself): back to the page\'s own relay');
});
