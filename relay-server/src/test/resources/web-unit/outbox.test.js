// The outbox across page loads: web/js/storage.js OutboxStore in this browser's real IndexedDB, driven through
// web/js/connection.js with fake sockets. Queued items are saved, forgotten on their echo or a refusal, given back in
// order to the next page of the same relay, room and nick (in any case) and to no other, bounded, and a store that
// fails in any way leaves sending as it was (memory only).

import { suite, assert, recordEvents } from './harness.js';
import { FakeClock } from './clock.js';
import { Connection, State } from '/js/connection.js';
import { OUTBOX_MAX_BYTES, OUTBOX_MAX_ITEMS, OutboxStore } from '/js/storage.js';
import { decodeVoiceFrame } from '/js/protocol.js';
import { encodeWav } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

class FakeSocket {
  readyState = 0;
  sent = [];

  send(data) {
    this.sent.push(data);
  }

  close() {
    this.readyState = 3;
  }

  get chats() {
    return this.sent.filter(d => typeof d === 'string').map(d => JSON.parse(d)).filter(m => m.type === 'chat');
  }

  get voices() {
    return this.sent.filter(d => typeof d !== 'string').map(d => decodeVoiceFrame(d));
  }

  welcome(nick = 'alice') {
    this.readyState = 1;
    this.onopen?.({});
    this.text({
      type: 'welcome', protocol: 1, session: 's', nick, room: 'lobby', members: [nick], lastSeq: 0,
      limits: { maxTextChars: 4000, maxClipBytes: 16777216, maxClipMillis: 300000 },
    });
  }

  text(m) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

let pages = 0;
/** A relay name of its own for each test, so that tests sharing this origin's IndexedDB never see each other's items. */
const newRelay = () => `relay-${Date.now()}-${++pages}.test:7443`;

/** One page's connection with an outbox store: join {relay, room, nick}; store given or a real one. */
function page(join, store = new OutboxStore(join)) {
  const clock = new FakeClock(1000);
  const sockets = [];
  const c = new Connection({ url: 'wss://x/', nick: join.nick, room: join.room }, {
    openSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now, random: () => 0.5, outbox: store,
  });
  return { c, store, sockets, last: () => sockets.at(-1), refused: recordEvents(c, ['refused']) };
}

const ids = items => items.map(i => i.id);
const wav = n => encodeWav(new Int16Array(n), 8000);

/** A page that joined once and then lost the relay: what it queues now stays unsent. */
function offlinePage(join) {
  const p = page(join);
  p.c.connect();
  p.last().welcome(join.nick);
  p.last().readyState = 3;
  p.last().onclose({ code: 1006, reason: '' });
  return p;
}

test('queued chats and recordings are saved, in order, and given back to the next page of that relay, room and nick', async () => {
  const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
  const first = offlinePage(join);
  first.c.sendChat('c-1', 'one');
  first.c.endStream('v-2', wav(800));
  first.c.sendChat('c-3', 'three');
  first.c.leave();

  const saved = await new OutboxStore({ ...join, nick: ' ALICE' }).load();
  assert.deepEqual(ids(saved), ['c-1', 'v-2', 'c-3'], 'the nick in another case, as the relay compares it');
  assert.deepEqual(saved[0], { kind: 'chat', id: 'c-1', text: 'one' });
  assert.deepEqual(saved[1].wav, wav(800));
  assert.equal(saved[1].kind, 'voice');

  const next = page({ ...join, nick: 'Alice' });
  next.c.restore(await next.store.load());
  next.c.connect();
  next.last().welcome('Alice');
  assert.deepEqual(next.last().chats, [{ type: 'chat', id: 'c-1', text: 'one' }, { type: 'chat', id: 'c-3', text: 'three' }]);
  assert.deepEqual(next.last().voices.map(f => f.header.id), ['v-2']);
  assert.deepEqual(next.last().voices[0].payload, wav(800), 'the same recording, whole');
  assert.equal(next.c.outboxSize, 3);
});

test('another relay, room or nick does not get them; they stay saved for their own', async () => {
  const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
  const p = offlinePage(join);
  p.c.sendChat('c-1', 'for alice in lobby');
  for (const other of [{ nick: 'bob' }, { room: 'other' }, { relay: newRelay() }, { nick: 'alice2' }]) {
    assert.deepEqual(await new OutboxStore({ ...join, ...other }).load(), [], JSON.stringify(other));
  }
  const bob = offlinePage({ ...join, nick: 'bob' });
  bob.c.sendChat('b-1', 'for bob');
  assert.deepEqual(ids(await new OutboxStore(join).load()), ['c-1']);
  assert.deepEqual(ids(await new OutboxStore({ ...join, nick: 'Bob' }).load()), ['b-1']);
});

test('an echo from our nick (any case) or a refusal for good forgets it; a rate limit does not', async () => {
  const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
  const p = page(join);
  p.c.connect();
  p.last().welcome();
  p.c.sendChat('c-1', 'stored');
  p.c.sendChat('c-2', 'too long');
  p.c.sendChat('c-3', 'too fast');
  p.c.sendChat('c-4', 'echo lost');
  p.last().text({ type: 'chat', seq: 1, id: 'c-1', from: 'bob', text: 'x', ts: 1 });
  assert.deepEqual(ids(await new OutboxStore(join).load()), ['c-1', 'c-2', 'c-3', 'c-4'], 'someone else\'s id is not ours');
  p.last().text({ type: 'chat', seq: 2, id: 'c-1', from: 'ALICE', text: 'stored', ts: 2 });
  p.last().text({ type: 'error', code: 'too_large', ref: 'c-2', message: 'long' });
  p.last().text({ type: 'error', code: 'rate_limited', ref: 'c-3', message: 'slow down' });
  assert.deepEqual(ids(await new OutboxStore(join).load()), ['c-3', 'c-4']);
});

test('a restored item is shown to the relay once per welcome and forgotten on its echo (the relay\'s answer to a resend)', async () => {
  const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
  offlinePage(join).c.sendChat('c-1', 'hello');
  const next = page(join);
  next.c.connect();
  next.last().welcome();
  next.c.sendChat('c-2', 'new on this page');
  next.c.restore(await next.store.load());
  assert.deepEqual(ids(next.last().chats), ['c-2', 'c-1'], 'sent at once when restored after the welcome');
  next.last().text({ type: 'chat', seq: 7, id: 'c-1', from: 'alice', text: 'hello', ts: 7 });
  assert.deepEqual(ids(await new OutboxStore(join).load()), ['c-2']);
  next.last().readyState = 3;
  next.last().onclose({ code: 1006, reason: '' });
  next.c.retryNow();
  next.last().welcome();
  assert.deepEqual(ids(next.last().chats), ['c-2'], 'the restored one is not sent again after its echo');
});

test('at most 200 items: the oldest are dropped, from the store and the outbox, and reported as outbox_full', async () => {
  const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
  const p = offlinePage(join);
  for (let i = 0; i < OUTBOX_MAX_ITEMS + 3; i++) p.c.sendChat(`c-${i}`, `text ${i}`);
  assert.equal(p.c.outboxSize, OUTBOX_MAX_ITEMS);
  assert.deepEqual(p.refused.map(r => r.detail.id), ['c-0', 'c-1', 'c-2']);
  assert.equal(p.refused[0].detail.error.code, 'outbox_full');
  const saved = await new OutboxStore(join).load();
  assert.equal(saved.length, OUTBOX_MAX_ITEMS);
  assert.equal(saved[0].id, 'c-3');
  assert.equal(saved.at(-1).id, `c-${OUTBOX_MAX_ITEMS + 2}`);

  // a later page counts what it restored: one more item drops the oldest restored one
  const next = page(join);
  next.c.restore(await next.store.load());
  next.c.sendChat('c-new', 'one more');
  assert.deepEqual(next.refused.map(r => r.detail.id), ['c-3']);
});

test('at most 50 MB: recordings beyond it drop the oldest (kept in memory only: no IndexedDB here)', () => {
  const store = new OutboxStore({ relay: newRelay(), room: 'lobby', nick: 'alice' }, null);
  const clip = new Uint8Array(12 * 1024 * 1024);
  const dropped = [];
  for (let i = 0; i < 5; i++) dropped.push(...store.put({ kind: 'voice', id: `v-${i}`, wav: clip }));
  assert.ok(5 * clip.length > OUTBOX_MAX_BYTES);
  assert.deepEqual(dropped, ['v-0'], '4 × 12 MB fit, 5 do not');
  store.remove('v-1');
  assert.deepEqual(store.put({ kind: 'voice', id: 'v-5', wav: clip }), [], 'a removed one no longer counts');
});

/** IndexedDB stand-ins that fail in the ways a browser does. */
const failing = {
  'open throws (blocked by policy)': { open() { throw new DOMException('no', 'SecurityError'); } },
  'open fails (private mode)': {
    open() {
      const req = {};
      setTimeout(() => req.onerror?.({}));
      return req;
    },
  },
  'transactions throw': {
    open() {
      const req = { result: { transaction() { throw new DOMException('gone', 'InvalidStateError'); } } };
      setTimeout(() => req.onsuccess?.({}));
      return req;
    },
  },
  'transactions abort (quota)': {
    open() {
      const tx = { objectStore: () => ({ put: () => ({}), delete: () => ({}), index: () => ({ getAll: () => ({}) }) }) };
      const req = { result: { transaction() { setTimeout(() => tx.onabort?.({})); return tx; } } };
      setTimeout(() => req.onsuccess?.({}));
      return req;
    },
  },
};

for (const [how, idb] of Object.entries(failing)) {
  test(`storage that fails (${how}): nothing restored, sending and resending work from memory`, async () => {
    const join = { relay: newRelay(), room: 'lobby', nick: 'alice' };
    const store = new OutboxStore(join, idb);
    assert.deepEqual(await store.load(), []);
    const p = page(join, store);
    p.c.connect();
    p.last().welcome();
    p.c.sendChat('c-1', 'hello');
    p.c.endStream('v-1', wav(80));
    assert.deepEqual(ids(p.last().chats), ['c-1']);
    p.last().readyState = 3;
    p.last().onclose({ code: 1006, reason: '' });
    p.c.retryNow();
    p.last().welcome();
    assert.deepEqual(ids(p.last().chats), ['c-1'], 'resent after the next welcome');
    assert.deepEqual(p.last().voices.map(f => f.header.id), ['v-1']);
    p.last().text({ type: 'chat', seq: 1, id: 'c-1', from: 'alice', text: 'hello', ts: 1 });
    assert.equal(p.c.outboxSize, 1);
    assert.deepEqual(await store.load(), []);
  });
}

test('a store whose put and remove throw leaves sending as it was', () => {
  const broken = { put() { throw new Error('full'); }, remove() { throw new Error('gone'); } };
  const p = page({ relay: 'x', room: 'lobby', nick: 'alice' }, broken);
  p.c.connect();
  p.last().welcome();
  p.c.sendChat('c-1', 'hello');
  assert.deepEqual(ids(p.last().chats), ['c-1']);
  p.last().text({ type: 'chat', seq: 1, id: 'c-1', from: 'alice', text: 'hello', ts: 1 });
  assert.equal(p.c.outboxSize, 0);
  assert.equal(p.c.state, State.JOINED);
});

test('an IndexedDB that never answers is given up after a few seconds: nothing restored', async () => {
  const silent = { open: () => ({}) };
  const started = performance.now();
  assert.deepEqual(await new OutboxStore({ relay: 'x', room: 'lobby', nick: 'alice' }, silent).load(), []);
  assert.below(performance.now() - started, 5000);
});
