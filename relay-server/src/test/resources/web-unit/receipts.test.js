// web/js/receipts.js and the room's state around it: played receipts merged per voice message by nick (live,
// catch-up and history copies alike), the lines the cards show ("Played by …", "Heard by 2 of 5 here") with every
// name kept for the tooltip and screen readers, and the voice card putting them in the page as text only.

import { suite, assert, recordEvents } from './harness.js';
import { NAMES_SHOWN, Receipts, receiptLine } from '/js/receipts.js';
import { ChatState } from '/js/chat-state.js';
import { VoiceCard } from '/js/views/voice-card.js';

const { test, tests } = suite();
export { tests };

const r = (seq, nick, id) => ({ seq, nick, ts: 1000 + id, id });

test('receipts merge into a set per message by nick in any case; a second copy changes nothing', () => {
  const receipts = new Receipts();
  assert.equal(receipts.merge(r(7, 'bob', 3)), true);
  assert.equal(receipts.merge(r(7, 'carol', 5)), true);
  assert.equal(receipts.merge(r(7, 'BOB', 3)), false, 'the same receipt again (a resend\'s answer, a history copy)');
  assert.equal(receipts.merge(r(7, 'Bob', 9)), false, 'bob in another case');
  assert.equal(receipts.merge(r(8, 'bob', 4)), true, 'another message');
  assert.deepEqual(receipts.of(7), [{ nick: 'bob', ts: 1003, id: 3 }, { nick: 'carol', ts: 1005, id: 5 }]);
  assert.deepEqual(receipts.of(99), []);
});

test('players are in the order the relay stored their receipts, whatever order they came in', () => {
  const receipts = new Receipts();
  receipts.merge(r(7, 'dave', 20)); // live
  receipts.merge(r(7, 'bob', 3)); // then with a history answer
  receipts.merge(r(7, 'carol', 11));
  assert.deepEqual(receipts.of(7).map(p => p.nick), ['bob', 'carol', 'dave']);
});

test('someone else\'s message: "Played by" the others, every name up to three, then "and N more"', () => {
  const line = players => receiptLine({ own: false, players, members: ['alice', 'bob'], me: 'alice' });
  assert.equal(line([]), null, 'nobody: nothing');
  assert.equal(line(['ALICE']), null, 'only me: my play shows as the card\'s played state');
  assert.deepEqual(line(['bob']), { text: 'Played by bob', full: 'Played by bob' });
  assert.deepEqual(line(['bob', 'alice', 'carol']), { text: 'Played by bob, carol', full: 'Played by bob, carol' });
  assert.equal(line(['bob', 'carol', 'dave']).text, 'Played by bob, carol, dave');
  assert.equal(NAMES_SHOWN, 3);
  assert.deepEqual(line(['bob', 'carol', 'dave', 'erin']),
    { text: 'Played by bob, carol and 2 more', full: 'Played by bob, carol, dave, erin' });
  assert.equal(line(['b', 'c', 'd', 'e', 'f', 'g', 'h']).text, 'Played by b, c and 5 more');
});

test('my own message: "Heard by N of M here", M = the others here now and whoever played it and left', () => {
  const line = (players, members) => receiptLine({ own: true, players, members, me: 'alice' });
  assert.deepEqual(line([], ['alice', 'bob', 'carol']), { text: 'Heard by 0 of 2 here', full: 'Heard by 0 of 2 here' });
  assert.deepEqual(line(['bob'], ['alice', 'bob', 'carol']),
    { text: 'Heard by 1 of 2 here', full: 'Heard by 1 of 2 here: bob' });
  assert.deepEqual(line(['dave', 'bob'], ['Alice', 'BOB', 'carol']),
    { text: 'Heard by 2 of 3 here', full: 'Heard by 2 of 3 here: dave, bob' }, 'dave left; bob in another case');
  assert.deepEqual(line(['bob'], ['alice']), { text: 'Heard by 1 of 1 here', full: 'Heard by 1 of 1 here: bob' });
  assert.equal(line([], ['alice']), null, 'alone and unheard: nothing to say');
  assert.equal(line([], []), null);
});

test('names from the network are only text in a line: markup stays as it is', () => {
  const nick = '<img src=x onerror=alert(1)>';
  assert.equal(receiptLine({ own: false, players: [nick], members: [], me: 'a' }).text, `Played by ${nick}`);
});

/** The room's state, joined as alice at `protocol`, with bob's voice message 5 and alice's own 6 and a chat 7. */
function room(protocol = 3) {
  const chat = new ChatState({ now: () => 0 });
  chat.welcome({ nick: 'alice', room: 'lobby', members: ['alice', 'bob', 'carol'], lastSeq: 0, protocol });
  chat.receive({ type: 'voice', seq: 5, id: 'v-5', from: 'bob', ts: 5, durationMs: 100 }, null);
  chat.receive({ type: 'voice', seq: 6, id: 'v-6', from: 'alice', ts: 6, durationMs: 100 }, null);
  chat.receive({ type: 'chat', seq: 7, id: 'c-7', from: 'bob', ts: 7, text: 'hi' });
  return chat;
}

test('the room merges receipts from the relay and says which message changed, once per new player', () => {
  const chat = room();
  const seen = recordEvents(chat, ['receipts']);
  chat.receive({ type: 'played', seq: 6, nick: 'bob', ts: 1, id: 1 });
  chat.receive({ type: 'played', seq: 6, nick: 'bob', ts: 1, id: 1, replay: true });
  chat.receive({ type: 'played', seq: 5, nick: 'carol', ts: 2, id: 2 });
  chat.receive({ type: 'played', seq: 5, nick: 'dave', id: 'broken' });
  assert.deepEqual(seen.map(e => e.detail.seq), [6, 5]);
  assert.deepEqual(chat.receiptLine(6), { text: 'Heard by 1 of 2 here', full: 'Heard by 1 of 2 here: bob' });
  assert.deepEqual(chat.receiptLine(5), { text: 'Played by carol', full: 'Played by carol' });
});

test('the count follows who is here: someone joining counts, a player leaving still counts', () => {
  const chat = room();
  chat.receive({ type: 'played', seq: 6, nick: 'bob', ts: 1, id: 1 });
  chat.receive({ type: 'presence', event: 'join', nick: 'dave', members: ['alice', 'bob', 'carol', 'dave'] });
  assert.equal(chat.receiptLine(6).text, 'Heard by 1 of 3 here');
  chat.receive({ type: 'presence', event: 'leave', nick: 'bob', members: ['alice', 'carol', 'dave'] });
  assert.equal(chat.receiptLine(6).text, 'Heard by 1 of 3 here', 'bob played it and left');
  chat.receive({ type: 'presence', event: 'leave', nick: 'carol', members: ['alice', 'dave'] });
  assert.equal(chat.receiptLine(6).text, 'Heard by 1 of 2 here');
});

test('a receipt for a message not held yet (history comes later) is kept for it', () => {
  const chat = room();
  chat.receive({ type: 'played', seq: 2, nick: 'carol', ts: 1, id: 1, replay: true });
  assert.equal(chat.receiptLine(2), null, 'no message 2 yet');
  chat.receive({ type: 'voice', seq: 2, id: 'v-2', from: 'bob', ts: 2, durationMs: 100, replay: true }, null);
  assert.equal(chat.receiptLine(2).text, 'Played by carol');
});

test('no receipt line for a chat message, or below protocol 3', () => {
  assert.equal(room().receiptLine(7), null);
  const old = room(2);
  assert.equal(old.receiptLine(6), null, 'at protocol 2 nobody can say they heard it');
  assert.equal(old.receiptLine(5), null);
});

const fakePlayback = { rate: 1, register() {}, unregister() {}, rekey() {} };

function card(from = 'bob') {
  return new VoiceCard('stored', { seq: 5, id: 'v-5', from, ts: Date.now(), durationMs: 1000, wav: null },
    { playback: fakePlayback, own: from === 'alice' });
}

test('a voice card shows a short line as text; a shortened one as a button named with every name', () => {
  const c = card();
  const p = c.el.querySelector('p.receipts');
  assert.ok(p.hidden, 'nothing before any receipt');
  c.showReceipts({ text: 'Played by bob', full: 'Played by bob' });
  assert.ok(!p.hidden);
  assert.equal(p.textContent, 'Played by bob');
  assert.equal(p.querySelector('button'), null);
  c.showReceipts({ text: 'Played by b, c and 2 more', full: 'Played by b, c, d, e' });
  const b = p.querySelector('button');
  assert.equal(p.title, 'Played by b, c, d, e', 'every name on hover');
  assert.equal(b.getAttribute('aria-expanded'), 'false');
  assert.equal(b.querySelector('.short').getAttribute('aria-hidden'), 'true');
  assert.equal(b.querySelector('.full').textContent, 'Played by b, c, d, e', 'what a screen reader reads');
  b.click();
  assert.equal(p.querySelector('button').getAttribute('aria-expanded'), 'true', 'a tap shows every name');
  c.showReceipts({ text: 'Played by b, c and 3 more', full: 'Played by b, c, d, e, f' });
  assert.equal(p.querySelector('button').getAttribute('aria-expanded'), 'true', 'still open when a receipt comes');
  assert.ok(c.showsReceipts({ text: 'Played by b, c and 3 more', full: 'Played by b, c, d, e, f' }));
  c.showReceipts(null);
  assert.ok(p.hidden);
  assert.equal(p.textContent, '');
  c.dispose();
});

test('a voice card puts nicks in as text: no element is made from them', () => {
  const c = card('alice');
  const nick = '<img src=x onerror="window.__parleyPwned=3">';
  c.showReceipts({ text: 'Heard by 1 of 1 here', full: `Heard by 1 of 1 here: ${nick}` });
  const p = c.el.querySelector('p.receipts');
  assert.equal(p.querySelectorAll('img').length, 0);
  assert.equal(p.title, `Heard by 1 of 1 here: ${nick}`);
  assert.equal(p.querySelector('.full').textContent, `Heard by 1 of 1 here: ${nick}`);
  assert.equal(window.__parleyPwned, undefined);
  c.dispose();
});
