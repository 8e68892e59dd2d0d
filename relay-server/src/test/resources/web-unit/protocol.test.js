// web/js/protocol.js: the voice-frame codec (PROTOCOL.md's byte-by-byte example, the relay's own frames, hostile
// frames), text messages, PCM bytes, message ids, and the nick, room and text rules checked against the relay's.

import { suite, assert, hex } from './harness.js';
import { javaBytes, javaFixtures } from './fixtures.js';
import {
  CLIENT, Close, ErrorCode, HISTORY_PAGE, MAX_HEADER_BYTES, MAX_ID_CHARS, MAX_NICK_CHARS, MAX_ROOM_CHARS,
  TYPING_EXPIRY_MS, TYPING_REPEAT_MS, bytesFromPcm, canonicalRoom, codePoints, decodeVoiceFrame, encodeVoiceFrame,
  errorCode, hello, isFatalClose, newId, nickKey, nickProblem, parseMessage, pcmFromBytes, receiptOf, roomProblem,
  seqOfNotFound, textProblem,
} from '/js/protocol.js';
import { encodeWav } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

// PROTOCOL.md, "A voice frame, byte by byte": 83 bytes
const EXAMPLE_FRAME = hex(`
  0000001b 7b2274797065223a22766f696365222c226964223a22762d31227d
  52494646 2c000000 57415645 666d7420 10000000 0100 0100 401f0000 803e0000 0200 1000
  64617461 08000000 0000 e803 18fc ff7f`);

/** A frame with the given 32-bit header length field and these bytes after it. */
function frame(length, rest) {
  const out = new Uint8Array(4 + rest.length);
  new DataView(out.buffer).setUint32(0, length, false);
  out.set(rest, 4);
  return out;
}
const utf8 = s => new TextEncoder().encode(s);

test('encodeVoiceFrame makes PROTOCOL.md\'s example byte for byte', () => {
  const clip = encodeWav(new Int16Array([0, 1000, -1000, 32767]), 8000, 1);
  assert.deepEqual(encodeVoiceFrame({ type: 'voice', id: 'v-1' }, clip), EXAMPLE_FRAME);
});

test('decodeVoiceFrame reads PROTOCOL.md\'s example: the header and a view of the 52 clip bytes', () => {
  const { header, payload } = decodeVoiceFrame(EXAMPLE_FRAME);
  assert.deepEqual(header, { type: 'voice', id: 'v-1' });
  assert.equal(payload.length, 52);
  assert.equal(payload.buffer, EXAMPLE_FRAME.buffer, 'a view, not a copy');
  assert.equal(payload.byteOffset, 31);
});

test('decodeVoiceFrame reads a frame the relay built (a header in Chinese), from an ArrayBuffer too', async () => {
  const bytes = await javaBytes('voiceFrame');
  const { voiceFrameHeader } = await javaFixtures();
  const { header, payload } = decodeVoiceFrame(bytes.buffer);
  assert.deepEqual(header, JSON.parse(voiceFrameHeader));
  assert.equal(header.from, '张伟');
  assert.deepEqual(payload, encodeWav(new Int16Array([0, 1000, 2000, 3000]), 8000, 1));
  assert.deepEqual(encodeVoiceFrame(JSON.parse(voiceFrameHeader), payload), bytes, 'encoded again, byte for byte');
});

test('a frame inside a larger buffer is read from its own offset', () => {
  const big = new Uint8Array(EXAMPLE_FRAME.length + 10);
  big.set(EXAMPLE_FRAME, 7);
  const { header, payload } = decodeVoiceFrame(big.subarray(7, 7 + EXAMPLE_FRAME.length));
  assert.equal(header.id, 'v-1');
  assert.equal(payload.length, 52);
  assert.equal(payload[0], 0x52, 'R of RIFF');
});

test('voice frames round-trip: Int16Array and Uint8Array payloads, an empty payload, a header at the maximum', () => {
  const pcm = new Int16Array([1, -2, 32767, -32768]);
  const a = decodeVoiceFrame(encodeVoiceFrame({ type: 'voice-chunk', id: 'v-7', n: 3 }, pcm));
  assert.deepEqual(a.header, { type: 'voice-chunk', id: 'v-7', n: 3 });
  assert.deepEqual(pcmFromBytes(a.payload), pcm);
  const b = decodeVoiceFrame(encodeVoiceFrame({ type: 'voice', id: 'x' }, new Uint8Array(0)));
  assert.equal(b.payload.length, 0);
  const filler = 'a'.repeat(MAX_HEADER_BYTES - '{"type":"voice","p":""}'.length);
  const max = encodeVoiceFrame({ type: 'voice', p: filler }, new Uint8Array([1]));
  assert.equal(new DataView(max.buffer).getUint32(0), MAX_HEADER_BYTES);
  assert.equal(decodeVoiceFrame(max).header.p.length, filler.length);
});

test('hostile frame: shorter than its length field', () => {
  for (const n of [0, 1, 3]) assert.throws(() => decodeVoiceFrame(new Uint8Array(n)), TypeError, `${n} bytes`);
});

test('hostile frame: a header length that runs past the end of the frame', () => {
  assert.throws(() => decodeVoiceFrame(frame(100, utf8('{"type":"voice"}'))), TypeError, 'H = 100 of 16');
  assert.throws(() => decodeVoiceFrame(frame(17, utf8('{"type":"voice"}'))), TypeError, 'one byte past');
  assert.throws(() => decodeVoiceFrame(frame(0xffffffff, utf8('{}'))), TypeError, 'H = 2^32 - 1');
  assert.throws(() => decodeVoiceFrame(frame(0x80000000, utf8('{}'))), TypeError, 'H = 2^31 (negative if signed)');
});

test('hostile frame: a header length under 2 or over 16,384 (even when the frame is that long)', () => {
  assert.throws(() => decodeVoiceFrame(frame(0, utf8('{"type":"voice"}'))), TypeError, 'H = 0');
  assert.throws(() => decodeVoiceFrame(frame(1, utf8('{'))), TypeError, 'H = 1');
  const long = new Uint8Array(MAX_HEADER_BYTES + 1).fill(0x20);
  long[0] = 0x7b;
  long[long.length - 1] = 0x7d;
  assert.throws(() => decodeVoiceFrame(frame(MAX_HEADER_BYTES + 1, long)), TypeError, 'H = 16,385');
});

test('hostile frame: a header that is not JSON', () => {
  for (const text of ['{nope}', '{"type":"voice"', 'voice', '{"type":"voice"} trailing', "{'type':'voice'}"]) {
    assert.throws(() => decodeVoiceFrame(frame(utf8(text).length, utf8(text))), Error, text);
  }
});

test('hostile frame: a header that is not UTF-8', () => {
  const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
  assert.throws(() => decodeVoiceFrame(frame(bad.length, bad)), Error);
});

test('hostile frame: a header that is JSON but not a message (no type, a type that is not a string, not an object)', () => {
  for (const text of ['{}', '{"id":"v-1"}', '{"type":5}', '{"type":null}', 'null', '42', '"voice"', '[1,2]', '["voice"]']) {
    assert.throws(() => decodeVoiceFrame(frame(utf8(text).length, utf8(text))), TypeError, text);
  }
});

test('parseMessage: a JSON object with a string type, else null', () => {
  assert.deepEqual(parseMessage('{"type":"chat","seq":1}'), { type: 'chat', seq: 1 });
  for (const text of ['', 'nope', '{', '[]', '[{"type":"chat"}]', 'null', '"chat"', '{"type":1}', '{"seq":1}',
    '{"type":"chat"} {"type":"chat"}']) {
    assert.equal(parseMessage(text), null, JSON.stringify(text));
  }
});

test('parseMessage keeps markup in fields as text', () => {
  const m = parseMessage('{"type":"chat","text":"<img src=x onerror=alert(1)>","from":"<b>x</b>"}');
  assert.equal(m.text, '<img src=x onerror=alert(1)>');
  assert.equal(m.from, '<b>x</b>');
});

test('PCM bytes are little-endian both ways; an odd byte at the end is dropped; an unaligned view is read', () => {
  const pcm = new Int16Array([1, -1, 32767, -32768, 258]);
  const bytes = bytesFromPcm(pcm);
  assert.deepEqual(bytes, new Uint8Array([1, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0x80, 2, 1]));
  assert.deepEqual(pcmFromBytes(bytes), pcm);
  const odd = new Uint8Array(12);
  odd.set(bytes, 1);
  assert.deepEqual(pcmFromBytes(odd.subarray(1, 11)), pcm, 'a view at an odd offset');
  assert.deepEqual(pcmFromBytes(new Uint8Array([1, 0, 9])), new Int16Array([1]), 'odd length');
  assert.deepEqual(pcmFromBytes(new Uint8Array(0)), new Int16Array(0));
});

test('message ids: prefix, time and 12 random characters; never repeated; within the relay\'s 64 characters', () => {
  const id = newId('v', 1796304951660, () => 'abcdefghijkl');
  assert.equal(id, `v-${(1796304951660).toString(36)}-abcdefghijkl`);
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    const x = newId('c');
    assert.match(x, /^c-[0-9a-z]+-[0-9a-z]{12}$/);
    assert.ok(codePoints(x) <= MAX_ID_CHARS, `${x} within ${MAX_ID_CHARS} characters`);
    seen.add(x);
  }
  assert.equal(seen.size, 2000, 'distinct ids');
});

test('codePoints counts what the protocol calls characters', () => {
  assert.equal(codePoints(''), 0);
  assert.equal(codePoints('abc'), 3);
  assert.equal(codePoints('😀'), 1);
  assert.equal(codePoints('a😀b'), 3);
  assert.equal(codePoints('e\u0301'), 2, 'a combining accent is its own character');
});

test('canonicalRoom: trimmed, lower case, each run of white space one "-"', () => {
  const rows = [
    ['lobby', 'lobby'], ['  Lobby  ', 'lobby'], ['My Room', 'my-room'], ['a  \t b', 'a-b'], ['A\nB', 'a-b'],
    ['TEAM_1', 'team_1'], ['', ''], ['   ', ''], [null, ''], [undefined, ''], ['Café Crème', 'café-crème'],
    ['a\u3000b', 'a-b'],
  ];
  for (const [typed, room] of rows) assert.equal(canonicalRoom(typed), room, JSON.stringify(typed));
});

test('roomProblem: missing, long or chars, as the relay decides', async () => {
  assert.equal(roomProblem(''), 'missing');
  assert.equal(roomProblem(null), 'missing');
  assert.equal(roomProblem('r'.repeat(MAX_ROOM_CHARS)), null);
  assert.equal(roomProblem('r'.repeat(MAX_ROOM_CHARS + 1)), 'long');
  assert.equal(roomProblem('Lobby'), 'chars');
  assert.equal(roomProblem('café'), 'chars');
  const { rooms } = await javaFixtures();
  for (const [room, accepted] of rooms) {
    assert.equal(roomProblem(room) === null, accepted, `${JSON.stringify(room)}: accepted by the relay`);
  }
});

test('every room canonicalRoom makes of ASCII input passes the relay\'s rule or is reported', () => {
  for (const typed of ['My Room', ' x ', 'A-B_C', 'Room 42']) {
    assert.equal(roomProblem(canonicalRoom(typed)), null, typed);
  }
  assert.equal(roomProblem(canonicalRoom('my.room')), 'chars');
});

test('nickProblem: missing, long or chars, as the relay decides for the trimmed nick', async () => {
  assert.equal(nickProblem('alice'), null);
  assert.equal(nickProblem('  alice  '), null);
  assert.equal(nickProblem(''), 'missing');
  assert.equal(nickProblem('   '), 'missing');
  assert.equal(nickProblem(null), 'missing');
  assert.equal(nickProblem('x'.repeat(MAX_NICK_CHARS + 1)), 'long');
  assert.equal(nickProblem('alice!'), 'chars');
  assert.equal(nickProblem('<script>'), 'chars');
  const { nicks } = await javaFixtures();
  assert.above(nicks.length, 10, 'rows');
  for (const [nick, accepted] of nicks) {
    assert.equal(nickProblem(nick) === null, accepted, `${JSON.stringify(nick)}: accepted by the relay`);
  }
});

test('nickKey compares nicks case-insensitively', () => {
  assert.equal(nickKey('Alice'), nickKey('aLICE'));
  assert.equal(nickKey('ZOË'), 'zoë');
  assert.equal(nickKey(null), '');
});

test('textProblem: empty (only white space), long (in code points), else sendable', () => {
  assert.equal(textProblem('hi', 10), null);
  assert.equal(textProblem('', 10), 'empty');
  assert.equal(textProblem(null, 10), 'empty');
  assert.equal(textProblem(' \n\t', 10), 'empty');
  assert.equal(textProblem('\u00a0\u2007\u202f\u3000', 10), 'empty');
  assert.equal(textProblem('😀'.repeat(10), 10), null, '10 emoji are 20 UTF-16 units but 10 characters');
  assert.equal(textProblem('x'.repeat(11), 10), 'long');
  assert.equal(textProblem('<b>hi</b>', 10), null);
});

test('textProblem agrees with the relay on the texts PROTOCOL.md calls white space', async () => {
  const { texts } = await javaFixtures();
  const expected = { null: null, bad_request: 'empty', too_large: 'long' };
  // U+001C..U+001F are white space to Java's Character.isWhitespace (the relay), not to Unicode (PROTOCOL.md);
  // U+FEFF is white space to JavaScript's \s, not to Unicode: those rows are the next test's.
  const disputed = new Set(['\u001c', '\u001f', '\ufeff', '\u0085']);
  for (const [text, verdict] of texts) {
    if (disputed.has(text)) continue;
    assert.equal(textProblem(text, 10), expected[verdict], `${JSON.stringify(text)}: the relay says ${verdict}`);
  }
});

test('textProblem: U+0085 (NEXT LINE) alone is white space, as PROTOCOL.md and the relay say', () => {
  assert.equal(textProblem('\u0085', 10), 'empty');
  assert.equal(textProblem(' \u0085 ', 10), 'empty');
});

test('hello: what the relay expects, since only when known, password only when given', () => {
  assert.deepEqual(hello({ protocol: 2, nick: 'alice', room: 'lobby' }),
    { type: 'hello', protocol: 2, nick: 'alice', room: 'lobby', client: CLIENT });
  assert.equal(hello({ protocol: 2, nick: 'a', room: 'r', since: 0 }).since, 0, 'since 0 is sent');
  assert.ok(!('since' in hello({ protocol: 2, nick: 'a', room: 'r', since: null })), 'since null is not');
  assert.ok(!('password' in hello({ protocol: 1, nick: 'a', room: 'r', password: '' })), 'an empty password is not');
  assert.equal(hello({ protocol: 1, nick: 'a', room: 'r', password: 'pw' }).password, 'pw');
  assert.match(CLIENT, /^parley-web\//);
});

test('hello: playedSince only at protocol 3 and only an integer ≥ 0', () => {
  assert.equal(hello({ protocol: 3, nick: 'a', room: 'r', since: 4, playedSince: 0 }).playedSince, 0, '0 is sent');
  assert.equal(hello({ protocol: 3, nick: 'a', room: 'r', playedSince: 812 }).playedSince, 812);
  for (const protocol of [1, 2]) {
    assert.ok(!('playedSince' in hello({ protocol, nick: 'a', room: 'r', playedSince: 5 })), `not at ${protocol}`);
  }
  for (const bad of [undefined, null, -1, 1.5, '5']) {
    assert.ok(!('playedSince' in hello({ protocol: 3, nick: 'a', room: 'r', playedSince: bad })), String(bad));
  }
});

test('played receipts as the relay encodes them are read; malformed ones are not receipts', async () => {
  const { playedLive, playedReplay } = await javaFixtures();
  assert.deepEqual(receiptOf(parseMessage(playedLive)), { seq: 57, nick: 'bob', ts: 1765090000123, id: 812, replay: false });
  assert.deepEqual(receiptOf(parseMessage(playedReplay)), { seq: 3, nick: '张伟', ts: 1765090000456, id: 9, replay: true });
  const good = { type: 'played', seq: 1, nick: 'bob', ts: 5, id: 2 };
  for (const bad of [{ seq: 0 }, { seq: '1' }, { seq: 1.5 }, { id: 0 }, { id: null }, { nick: '' }, { nick: 7 },
    { type: 'chat' }]) {
    assert.equal(receiptOf({ ...good, ...bad }), null, JSON.stringify(bad));
  }
  assert.equal(receiptOf({ ...good, ts: 'x' }).ts, 0, 'a receipt without a usable time is still one');
  assert.equal(receiptOf(null), null);
});

test('not_found is a known error code; the seq it names is read from its message', () => {
  assert.equal(errorCode('not_found'), ErrorCode.NOT_FOUND);
  assert.equal(seqOfNotFound({ code: 'not_found', message: 'no voice message with seq 57 in this room' }), 57);
  assert.equal(seqOfNotFound({ code: 'not_found', message: 'gone' }), null);
  assert.equal(seqOfNotFound({ code: 'not_found' }), null);
  assert.equal(seqOfNotFound(undefined), null);
});

test('close codes that mean the same hello would fail again; unknown error codes count as bad_request', () => {
  for (const code of [Close.BAD_HELLO, Close.BAD_PASSWORD, Close.NICK_TAKEN, Close.UNSUPPORTED_PROTOCOL, Close.LOCKED_OUT]) {
    assert.ok(isFatalClose(code), `${code} is fatal`);
  }
  for (const code of [Close.NORMAL, Close.GOING_AWAY, Close.ABNORMAL, Close.TOO_BIG, Close.SERVER_ERROR,
    Close.SLOW_CONSUMER, Close.HELLO_TIMEOUT]) {
    assert.ok(!isFatalClose(code), `${code} is retried`);
  }
  assert.equal(errorCode('too_large'), ErrorCode.TOO_LARGE);
  assert.equal(errorCode('rate_limited'), ErrorCode.RATE_LIMITED);
  assert.equal(errorCode('something_new'), ErrorCode.BAD_REQUEST);
  assert.equal(errorCode(undefined), ErrorCode.BAD_REQUEST);
});

test('the limits PROTOCOL.md fixes', () => {
  assert.equal(MAX_HEADER_BYTES, 16384);
  assert.equal(MAX_NICK_CHARS, 32);
  assert.equal(MAX_ROOM_CHARS, 64);
  assert.equal(MAX_ID_CHARS, 64);
  assert.equal(HISTORY_PAGE, 50);
  assert.equal(TYPING_REPEAT_MS, 3000);
  assert.equal(TYPING_EXPIRY_MS, 6000);
});
