// web/js/chat-state.js: the room as the page knows it. Messages by seq (a seq held twice shown once), our pending
// items settled by their echo (same id, from our nick in any case), live cards replaced by their stored message,
// typing and recording states that expire, history paging, and markup kept as text.

import { suite, assert, recordEvents } from './harness.js';
import { ChatState, liveKeyOf, seqKeyOf } from '/js/chat-state.js';
import { bytesFromPcm } from '/js/protocol.js';
import { encodeWav } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

const EVENTS = ['stored', 'pending', 'failed', 'live-start', 'live-chunk', 'live-end', 'members', 'activity', 'history'];

/** A state joined as alice in lobby, with a clock the test moves, and the events it dispatches from now on. */
function joined({ lastSeq = 0, members = ['bob', 'alice'], protocol = 2 } = {}) {
  const clock = { t: 1000 };
  const chat = new ChatState({ now: () => clock.t });
  chat.welcome({ type: 'welcome', protocol, nick: 'alice', room: 'lobby', members, lastSeq,
    limits: { maxTextChars: 4000, maxClipBytes: 16777216, maxClipMillis: 300000 } });
  const events = recordEvents(chat, EVENTS);
  return { chat, clock, events };
}

const chatMsg = (seq, from = 'bob', id = `c-${seq}`, text = `message ${seq}`) =>
  ({ type: 'chat', seq, id, from, text, ts: 1796304951000 + seq });
const of = (events, type) => events.filter(e => e.type === type);

test('welcome: who we are, the room, members, limits, last seq; events for the views', () => {
  const chat = new ChatState();
  const events = recordEvents(chat, EVENTS);
  chat.welcome({ type: 'welcome', protocol: 2, nick: 'Alice', room: 'lobby', members: ['bob', 'Alice'], lastSeq: 57,
    limits: { maxTextChars: 100 } });
  assert.equal(chat.own, 'Alice');
  assert.equal(chat.room, 'lobby');
  assert.deepEqual(chat.members, ['bob', 'Alice']);
  assert.equal(chat.lastSeq, 57);
  assert.equal(chat.protocol, 2);
  assert.deepEqual(chat.limits, { maxTextChars: 100, maxClipBytes: 16777216, maxClipMillis: 300000 }, 'merged');
  assert.deepEqual(events.map(e => e.type), ['members', 'activity', 'history']);
  assert.deepEqual(events[0].detail, { members: ['bob', 'Alice'], own: 'Alice' });
  assert.ok(chat.isOwn('alice') && chat.isOwn('ALICE'), 'own nick in any case');
  assert.ok(!chat.isOwn('bob'));
});

test('stored messages are kept by seq, in any order of arrival', () => {
  const { chat, events } = joined();
  chat.receive(chatMsg(2));
  chat.receive(chatMsg(1));
  chat.receive(chatMsg(5));
  assert.equal(chat.size, 3);
  assert.equal(chat.message(2).text, 'message 2');
  assert.equal(chat.lowestSeq, 1);
  assert.equal(chat.highestSeq, 5);
  assert.equal(chat.lastSeq, 5);
  assert.deepEqual(of(events, 'stored').map(e => e.detail.msg.seq), [2, 1, 5]);
  assert.equal(of(events, 'stored')[0].detail.pendingId, undefined, 'not ours');
});

test('a seq held twice is shown once: the second copy is ignored, even when it differs', () => {
  const { chat, events } = joined();
  chat.receive(chatMsg(3));
  chat.receive({ ...chatMsg(3), replay: true });
  chat.receive({ ...chatMsg(3), text: 'another text' });
  assert.equal(chat.size, 1);
  assert.equal(chat.message(3).text, 'message 3', 'the first copy kept');
  assert.equal(of(events, 'stored').length, 1);
});

test('a stored message with no integer seq, no from or no id is ignored', () => {
  const { chat, events } = joined();
  for (const bad of [
    { type: 'chat', id: 'c', from: 'bob', text: 'x' },
    { type: 'chat', seq: '4', id: 'c', from: 'bob', text: 'x' },
    { type: 'chat', seq: 4.5, id: 'c', from: 'bob', text: 'x' },
    { type: 'chat', seq: 4, id: 'c', text: 'x' },
    { type: 'chat', seq: 4, from: 'bob', text: 'x' },
    { type: 'chat', seq: 4, id: 7, from: 'bob', text: 'x' },
  ]) chat.receive(bad);
  assert.equal(chat.size, 0);
  assert.equal(of(events, 'stored').length, 0);
});

test('our message is pending until its echo (same id, from our nick in any case), then stored in its place', () => {
  const { chat, clock, events } = joined();
  clock.t = 5000;
  const p = chat.addPending({ kind: 'chat', id: 'c-1', text: 'hello' });
  assert.deepEqual(p, { kind: 'chat', id: 'c-1', text: 'hello', from: 'alice', ts: 5000, failed: null });
  assert.equal(chat.pendingItem('c-1'), p);
  assert.equal(of(events, 'pending')[0].detail.item, p);
  chat.receive(chatMsg(9, 'ALICE', 'c-1', 'hello'));
  const stored = of(events, 'stored')[0].detail;
  assert.equal(stored.pendingId, 'c-1');
  assert.equal(stored.msg.seq, 9);
  assert.equal(chat.pendingItem('c-1'), undefined, 'settled');
  assert.equal(chat.size, 1);
});

test('someone else\'s message with our pending id does not settle it', () => {
  const { chat, events } = joined();
  chat.addPending({ kind: 'chat', id: 'c-1', text: 'hello' });
  chat.receive(chatMsg(4, 'bob', 'c-1', 'bob\'s own'));
  assert.equal(of(events, 'stored')[0].detail.pendingId, undefined);
  assert.ok(chat.pendingItem('c-1'), 'still pending');
});

test('the answer to a resend repeats a seq we hold: shown once, and the pending item is settled', () => {
  const { chat, events } = joined();
  chat.receive(chatMsg(7, 'alice', 'c-7', 'hi'));
  chat.addPending({ kind: 'chat', id: 'c-7', text: 'hi' }); // resent after a reconnect: the echo was in the replay
  chat.receive(chatMsg(7, 'alice', 'c-7', 'hi'));
  assert.equal(chat.size, 1);
  assert.equal(chat.pendingItem('c-7'), undefined, 'settled');
  const last = of(events, 'stored').at(-1).detail;
  assert.equal(last.pendingId, 'c-7');
  assert.equal(last.duplicate, true);
  assert.equal(last.msg, chat.message(7), 'the message held');
});

test('a refused item is marked failed; failing an unknown id does nothing', () => {
  const { chat, events } = joined();
  chat.addPending({ kind: 'chat', id: 'c-1', text: 'x' });
  const error = { type: 'error', code: 'too_large', message: 'too long', ref: 'c-1' };
  chat.failPending('c-1', error);
  assert.equal(chat.pendingItem('c-1').failed, error);
  assert.deepEqual(of(events, 'failed').map(e => e.detail), [{ id: 'c-1', error }]);
  chat.failPending('c-nobody', error);
  assert.equal(of(events, 'failed').length, 1);
});

test('markup in chat text is kept as text: nothing parsed, nothing run, nothing changed', () => {
  const { chat } = joined();
  const hostile = '<img src=x onerror="window.__parleyPwned = 1"><script>window.__parleyPwned = 2</script>&amp; <b>bold</b>';
  chat.receive(chatMsg(1, '<b>bob</b>', 'c-<i>', hostile));
  chat.addPending({ kind: 'chat', id: 'c-2', text: hostile });
  assert.equal(chat.message(1).text, hostile);
  assert.equal(chat.message(1).from, '<b>bob</b>');
  assert.equal(chat.message(1).id, 'c-<i>');
  assert.equal(chat.pendingItem('c-2').text, hostile);
  assert.equal(window.__parleyPwned, undefined);
});

test('a stored message is a copy: changing what was received does not change what is held', () => {
  const { chat } = joined();
  const m = chatMsg(1);
  chat.receive(m);
  m.text = 'changed';
  assert.equal(chat.message(1).text, 'message 1');
});

test('a stored voice message keeps its clip bytes', () => {
  const { chat, events } = joined();
  const wav = encodeWav(new Int16Array(160), 16000);
  chat.receive({ type: 'voice', seq: 3, id: 'v-3', from: 'bob', ts: 1, durationMs: 10, sampleRate: 16000, channels: 1,
    bytes: wav.length }, wav);
  assert.equal(chat.message(3).wav, wav);
  assert.equal(of(events, 'stored')[0].detail.liveKey, undefined, 'no live card to replace');
});

test('a live stream: a card on voice-start, chunks with their length and peaks, replaced by the stored message', () => {
  const { chat, clock, events } = joined();
  clock.t = 2000;
  chat.receive({ type: 'voice-start', id: 'v-9', from: 'bob', codec: 'pcm16', sampleRate: 16000, channels: 1 });
  const key = liveKeyOf('bob', 'v-9');
  assert.equal(key, 'live:bob:v-9');
  const live = chat.live(key);
  assert.ok(live, 'a live card');
  assert.equal(of(events, 'live-start')[0].detail.live, live);
  assert.equal(chat.stateOf('bob'), 'recording', 'the sender is shown recording');
  const pcm = new Int16Array(320).fill(16384);
  chat.receive({ type: 'voice-chunk', id: 'v-9', from: 'bob', n: 0 }, bytesFromPcm(pcm));
  chat.receive({ type: 'voice-chunk', id: 'v-9', from: 'bob', n: 1 }, bytesFromPcm(new Int16Array(320)));
  assert.equal(live.receivedMs, 40);
  assert.deepEqual(live.peaks, [0.5, 0]);
  assert.deepEqual(of(events, 'live-chunk')[0].detail.pcm, pcm);
  const wav = encodeWav(new Int16Array(640), 16000);
  chat.receive({ type: 'voice', seq: 12, id: 'v-9', from: 'bob', ts: 3, durationMs: 40, sampleRate: 16000, channels: 1,
    bytes: wav.length }, wav);
  const stored = of(events, 'stored')[0].detail;
  assert.equal(stored.liveKey, key, 'the stored message takes the live card over');
  assert.equal(stored.msg.seq, 12);
  assert.equal(chat.live(key), undefined, 'no live card left');
  assert.equal(live.ended, 'stored');
  assert.equal(seqKeyOf(12), 'seq:12');
});

test('live chunks for an unknown stream, without payload or with under one sample are ignored', () => {
  const { chat, events } = joined();
  chat.receive({ type: 'voice-chunk', id: 'v-x', from: 'bob', n: 0 }, new Uint8Array(640));
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 16000, channels: 1 });
  chat.receive({ type: 'voice-chunk', id: 'v-1', from: 'bob', n: 0 }, null);
  chat.receive({ type: 'voice-chunk', id: 'v-1', from: 'bob', n: 1 }, new Uint8Array(1));
  assert.equal(of(events, 'live-chunk').length, 0);
  assert.equal(chat.live('live:bob:v-1').receivedMs, 0);
});

test('a second voice-start for the same stream, or one with no id or sender, starts nothing', () => {
  const { chat, events } = joined();
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 16000, channels: 1 });
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 16000, channels: 1 });
  chat.receive({ type: 'voice-start', from: 'bob', sampleRate: 16000, channels: 1 });
  chat.receive({ type: 'voice-start', id: 'v-2', sampleRate: 16000, channels: 1 });
  assert.equal(of(events, 'live-start').length, 1);
});

test('a stereo live stream counts frames, not samples', () => {
  const { chat } = joined();
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 48000, channels: 2 });
  chat.receive({ type: 'voice-chunk', id: 'v-1', from: 'bob', n: 0 }, new Uint8Array(2 * 2 * 960));
  assert.equal(chat.live('live:bob:v-1').receivedMs, 20);
});

test('voice-abort: cancelled and other reasons remove the card; interrupted keeps it for the clip that follows', () => {
  const { chat, events } = joined();
  for (const [id, reason] of [['v-1', 'cancelled'], ['v-2', 'too_large'], ['v-3', 'interrupted'], ['v-4', 'made-up']]) {
    chat.receive({ type: 'voice-start', id, from: 'bob', sampleRate: 16000, channels: 1 });
    chat.receive({ type: 'voice-abort', id, from: 'bob', reason });
  }
  assert.deepEqual(of(events, 'live-end').map(e => e.detail.reason), ['cancelled', 'too_large', 'interrupted', 'interrupted']);
  assert.equal(chat.live('live:bob:v-1'), undefined);
  assert.equal(chat.live('live:bob:v-2'), undefined);
  assert.equal(chat.live('live:bob:v-3').ended, 'interrupted');
  assert.equal(chat.live('live:bob:v-4').ended, 'interrupted', 'an unknown reason counts as interrupted');
  chat.receive({ type: 'voice', seq: 20, id: 'v-3', from: 'bob', ts: 1, durationMs: 1, sampleRate: 16000, channels: 1, bytes: 46 },
    encodeWav(new Int16Array(1), 16000));
  assert.equal(of(events, 'stored')[0].detail.liveKey, 'live:bob:v-3', 'the whole clip replaces the interrupted card');
  assert.equal(chat.live('live:bob:v-3'), undefined);
  chat.receive({ type: 'voice-abort', id: 'v-nobody', from: 'bob', reason: 'cancelled' });
  assert.equal(of(events, 'live-end').length, 4, 'an abort for no stream does nothing');
});

test('losing the connection interrupts live streams (cards kept) and forgets who was typing', () => {
  const { chat, events } = joined();
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 16000, channels: 1 });
  chat.receive({ type: 'typing', from: 'carol', state: 'typing' });
  chat.lost();
  assert.deepEqual(of(events, 'live-end').map(e => e.detail.reason), ['interrupted']);
  assert.equal(chat.live('live:bob:v-1').ended, 'interrupted');
  assert.deepEqual(chat.activity(), { typing: [], recording: [] });
  assert.deepEqual(of(events, 'activity').at(-1).detail, { typing: [], recording: [] });
});

test('typing and recording states expire 6 s after they were last said', () => {
  const { chat, clock, events } = joined();
  clock.t = 10000;
  chat.receive({ type: 'typing', from: 'bob', state: 'typing' });
  chat.receive({ type: 'typing', from: 'carol', state: 'recording' });
  assert.deepEqual(chat.activity(), { typing: ['bob'], recording: ['carol'] });
  clock.t = 13000;
  chat.receive({ type: 'typing', from: 'bob', state: 'typing' }); // repeated after 3 s
  clock.t = 15999;
  chat.tick();
  assert.deepEqual(chat.activity(), { typing: ['bob'], recording: ['carol'] }, 'at 5.999 s');
  const before = of(events, 'activity').length;
  clock.t = 16000;
  chat.tick();
  assert.deepEqual(chat.activity(), { typing: ['bob'], recording: [] }, 'carol\'s expired at 6 s');
  assert.equal(of(events, 'activity').length, before + 1, 'one activity event');
  clock.t = 19000;
  chat.tick();
  assert.deepEqual(chat.activity(), { typing: [], recording: [] }, 'bob\'s 6 s after its repeat');
  chat.tick();
  assert.equal(of(events, 'activity').length, before + 2, 'no event when nothing changed');
});

test('live chunks keep the sender\'s recording state from expiring', () => {
  const { chat, clock } = joined();
  clock.t = 0;
  chat.receive({ type: 'voice-start', id: 'v-1', from: 'bob', sampleRate: 16000, channels: 1 });
  for (clock.t = 1000; clock.t <= 10000; clock.t += 1000) {
    chat.receive({ type: 'voice-chunk', id: 'v-1', from: 'bob', n: clock.t / 1000 }, new Uint8Array(640));
    chat.tick();
  }
  assert.equal(chat.stateOf('bob'), 'recording', 'after 10 s of chunks');
});

test('typing: idle ends a state, nicks match in any case, our own state and a missing sender are ignored', () => {
  const { chat } = joined();
  chat.receive({ type: 'typing', from: 'Bob', state: 'typing' });
  assert.equal(chat.stateOf('bob'), 'typing');
  chat.receive({ type: 'typing', from: 'bob', state: 'idle' });
  assert.equal(chat.stateOf('Bob'), 'idle');
  chat.receive({ type: 'typing', from: 'ALICE', state: 'typing' });
  assert.equal(chat.stateOf('alice'), 'idle', 'our own');
  chat.receive({ type: 'typing', state: 'typing' });
  chat.receive({ type: 'typing', from: 'bob', state: 'dancing' });
  assert.deepEqual(chat.activity(), { typing: [], recording: [] });
});

test('presence: the member list follows; a leaver\'s typing state goes', () => {
  const { chat, events } = joined();
  chat.receive({ type: 'presence', event: 'join', nick: 'carol', members: ['bob', 'alice', 'carol'] });
  assert.deepEqual(chat.members, ['bob', 'alice', 'carol']);
  chat.receive({ type: 'typing', from: 'carol', state: 'typing' });
  chat.receive({ type: 'presence', event: 'leave', nick: 'carol', members: ['bob', 'alice'] });
  assert.deepEqual(chat.members, ['bob', 'alice']);
  assert.equal(chat.stateOf('carol'), 'idle');
  assert.deepEqual(of(events, 'members').at(-1).detail, { members: ['bob', 'alice'], own: 'alice' });
  chat.receive({ type: 'presence', event: 'join', nick: 'x', members: ['bob', 7, null, 'x'] });
  assert.deepEqual(chat.members, ['bob', 'x'], 'what is not a nick is left out');
});

test('unknown message types and errors change nothing', () => {
  const { chat, events } = joined();
  chat.receive({ type: 'error', code: 'bad_request', message: 'x', ref: 'c-1' });
  chat.receive({ type: 'something-new', seq: 5 });
  assert.equal(chat.size, 0);
  assert.equal(events.length, 0);
});

test('history: a room that never had a message has none to page', () => {
  const chat = new ChatState();
  const events = recordEvents(chat, ['history']);
  chat.welcome({ nick: 'alice', room: 'new', members: ['alice'], lastSeq: 0 });
  assert.ok(chat.historyDone);
  assert.deepEqual(events.map(e => e.detail), [{ loading: false, done: true }]);
  assert.equal(chat.historyRequest(), null);
});

test('history: pages of 50 before the lowest seq held, one request at a time, until fewer than 50 come', () => {
  const { chat, events } = joined({ lastSeq: 120 });
  for (let s = 71; s <= 120; s++) chat.receive({ ...chatMsg(s), replay: true });
  assert.deepEqual(chat.historyRequest(), { before: 71, limit: 50 });
  assert.ok(chat.historyLoading);
  assert.equal(chat.historyRequest(), null, 'one request at a time');
  for (let s = 21; s <= 70; s++) chat.receive({ ...chatMsg(s), replay: true });
  chat.receive({ type: 'history-end', before: 71, count: 50 });
  assert.ok(!chat.historyLoading);
  assert.ok(!chat.historyDone);
  assert.deepEqual(chat.historyRequest(), { before: 21, limit: 50 });
  for (let s = 5; s <= 20; s++) chat.receive({ ...chatMsg(s), replay: true }); // retention dropped 1-4
  chat.receive({ type: 'history-end', before: 21, count: 16 });
  assert.ok(chat.historyDone, 'fewer than 50: the retained history begins here');
  assert.equal(chat.historyRequest(), null);
  assert.equal(chat.lastSeq, 120, 'older messages do not move the last seq');
  assert.deepEqual(of(events, 'history').map(e => e.detail).at(-1), { loading: false, done: true });
});

test('history: done once seq 1 is held, without asking', () => {
  const { chat } = joined({ lastSeq: 3 });
  for (let s = 1; s <= 3; s++) chat.receive(chatMsg(s));
  assert.equal(chat.historyRequest(), null);
  assert.ok(chat.historyDone);
});

test('history: a full page that reaches seq 1 is the end', () => {
  const { chat } = joined({ lastSeq: 100 });
  for (let s = 51; s <= 100; s++) chat.receive(chatMsg(s));
  chat.historyRequest();
  for (let s = 1; s <= 50; s++) chat.receive({ ...chatMsg(s), replay: true });
  chat.receive({ type: 'history-end', before: 51, count: 50 });
  assert.ok(chat.historyDone);
});

test('history: a request that could not be sent, or a lost connection, lets the next one go', () => {
  const { chat } = joined({ lastSeq: 100 });
  for (let s = 51; s <= 100; s++) chat.receive(chatMsg(s));
  assert.deepEqual(chat.historyRequest(), { before: 51, limit: 50 });
  chat.historyCancelled();
  assert.ok(!chat.historyLoading);
  assert.deepEqual(chat.historyRequest(), { before: 51, limit: 50 });
  chat.lost();
  assert.ok(!chat.historyLoading);
  assert.deepEqual(chat.historyRequest(), { before: 51, limit: 50 });
});

test('a new welcome after a reconnect keeps messages and pending items, and forgets typing states', () => {
  const { chat } = joined({ lastSeq: 1 });
  chat.receive(chatMsg(1));
  chat.addPending({ kind: 'chat', id: 'c-mine', text: 'x' });
  chat.receive({ type: 'typing', from: 'bob', state: 'typing' });
  chat.welcome({ nick: 'alice', room: 'lobby', members: ['alice'], lastSeq: 4, protocol: 1 });
  assert.equal(chat.size, 1);
  assert.ok(chat.pendingItem('c-mine'));
  assert.equal(chat.stateOf('bob'), 'idle');
  assert.equal(chat.protocol, 1);
  assert.deepEqual(chat.members, ['alice']);
});
