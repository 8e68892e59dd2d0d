// The wire protocol of docs/PROTOCOL.md (versions 1 to 3) as the web client speaks it: names, limits, the
// voice-frame codec, message ids and the nick and room rules. Pure: no DOM, no socket (unit-tested under Node).

export const CLIENT = 'parley-web/0.1';
export const VERSION_1 = 1;
export const VERSION_2 = 2;
/** Version 2 plus played receipts. */
export const VERSION_3 = 3;

export const MAX_NICK_CHARS = 32;
export const MAX_ROOM_CHARS = 64;
export const MAX_ID_CHARS = 64;
export const MAX_HEADER_BYTES = 16384;
export const HISTORY_PAGE = 50;
export const TYPING_REPEAT_MS = 3000;
export const TYPING_EXPIRY_MS = 6000;

/** Close codes (PROTOCOL.md "Close codes"). */
export const Close = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  TOO_BIG: 1009,
  SERVER_ERROR: 1011,
  SLOW_CONSUMER: 1013,
  BAD_HELLO: 4400,
  BAD_PASSWORD: 4401,
  HELLO_TIMEOUT: 4408,
  NICK_TAKEN: 4409,
  REPLACED: 4410,
  UNSUPPORTED_PROTOCOL: 4426,
  LOCKED_OUT: 4429,
});

/** Whether the same hello would fail again, so the client stops and asks (4429 waits as told: also a stop here). */
export function isFatalClose(code) {
  return code === Close.BAD_HELLO || code === Close.BAD_PASSWORD || code === Close.NICK_TAKEN
    || code === Close.REPLACED || code === Close.UNSUPPORTED_PROTOCOL || code === Close.LOCKED_OUT;
}

/** Error codes; an unknown one counts as bad_request. */
export const ErrorCode = Object.freeze({
  BAD_FRAME: 'bad_frame',
  BAD_REQUEST: 'bad_request',
  TOO_LARGE: 'too_large',
  BAD_AUDIO: 'bad_audio',
  RATE_LIMITED: 'rate_limited',
  /** A played receipt named no voice message of the room (never stored, a chat, or gone by retention). */
  NOT_FOUND: 'not_found',
});

export function errorCode(code) {
  return Object.values(ErrorCode).includes(code) ? code : ErrorCode.BAD_REQUEST;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One voice frame: 4-byte big-endian header length, the header's JSON in UTF-8, the payload. */
export function encodeVoiceFrame(header, payload) {
  const head = encoder.encode(JSON.stringify(header));
  const body = payload instanceof Uint8Array ? payload
    : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  const frame = new Uint8Array(4 + head.length + body.length);
  new DataView(frame.buffer).setUint32(0, head.length, false);
  frame.set(head, 4);
  frame.set(body, 4 + head.length);
  return frame;
}

/**
 * Splits a binary frame into its header object and payload (a view into the frame, not a copy). The length is
 * checked against the frame and the maximum before anything is read. Throws a TypeError on a malformed frame.
 */
export function decodeVoiceFrame(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < 4) {
    throw new TypeError('frame shorter than its length field');
  }
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  if (h < 2 || h > MAX_HEADER_BYTES || 4 + h > bytes.length) {
    throw new TypeError(`bad header length ${h}`);
  }
  const header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + h)));
  if (header === null || typeof header !== 'object' || typeof header.type !== 'string') {
    throw new TypeError('header is not a message');
  }
  return { header, payload: bytes.subarray(4 + h) };
}

/** PCM16 bytes (little-endian, as on the wire) as samples, copied so the array is aligned. */
export function pcmFromBytes(bytes) {
  const n = bytes.length >> 1;
  const pcm = new Int16Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    pcm[i] = view.getInt16(i * 2, true);
  }
  return pcm;
}

/** Samples as little-endian PCM16 bytes. */
export function bytesFromPcm(pcm) {
  const out = new Uint8Array(pcm.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < pcm.length; i++) {
    view.setInt16(i * 2, pcm[i], true);
  }
  return out;
}

/** A text frame's message, or null when it is not a JSON object with a string type. */
export function parseMessage(text) {
  try {
    const m = JSON.parse(text);
    return m !== null && typeof m === 'object' && !Array.isArray(m) && typeof m.type === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** A fresh message id: prefix, time, random part; never reused (dedupe is by id). */
export function newId(prefix, now = Date.now(), random = randomPart) {
  return `${prefix}-${now.toString(36)}-${random()}`;
}

function randomPart() {
  const b = new Uint8Array(6);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, x => x.toString(36).padStart(2, '0')).join('');
}

/** Length in Unicode code points, as the protocol counts characters. */
export function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The room a typed name joins, as the desktop app makes it: trimmed, lower case, each run of spaces one '-'. */
export function canonicalRoom(typed) {
  return (typed ?? '').trim().toLowerCase().replace(/\s+/g, '-');
}

/** What is wrong with a room name as it goes on the wire: null, 'missing', 'long' or 'chars'. */
export function roomProblem(room) {
  if (!room) return 'missing';
  if (room.length > MAX_ROOM_CHARS) return 'long';
  return /^[a-z0-9_-]+$/.test(room) ? null : 'chars';
}

const NICK = /^[\p{L}\p{Nd} _.-]+$/u;

/** What is wrong with a nick as typed: null, 'missing', 'long' or 'chars' (letters, digits, space, _ - .). */
export function nickProblem(typed) {
  const nick = (typed ?? '').trim();
  if (!nick) return 'missing';
  if (codePoints(nick) > MAX_NICK_CHARS) return 'long';
  return NICK.test(nick) ? null : 'chars';
}

/** The key under which nicks are compared (case-insensitively). */
export function nickKey(nick) {
  return (nick ?? '').toLowerCase();
}

/** Whether chat text can be sent: null, 'empty' (only white space) or 'long'. */
export function textProblem(text, maxChars) {
  // the relay's white space: Java's isWhitespace or isSpaceChar, and U+0085 (JavaScript's \s differs at the edges)
  if (!text || !/[^\t\n\u000b\f\r\u001c-\u001f\u0085\p{Zs}\u2028\u2029]/u.test(text)) return 'empty';
  return codePoints(text) > maxChars ? 'long' : null;
}

/**
 * playedSince goes only with protocol 3 (older versions do not read it); resume (the session of the previous welcome
 * in this room with this nick) with every version, when there is one.
 */
export function hello({ protocol, nick, room, since, password, playedSince, resume }) {
  const m = { type: 'hello', protocol, nick, room, client: CLIENT };
  if (since !== undefined && since !== null) m.since = since;
  if (protocol >= VERSION_3 && Number.isInteger(playedSince) && playedSince >= 0) m.playedSince = playedSince;
  if (typeof resume === 'string' && resume !== '') m.resume = resume;
  if (password) m.password = password;
  return m;
}

/**
 * A played receipt from the relay as {seq, nick, ts, id, replay}, or null when it is not a well-formed one (seq and
 * id integers ≥ 1, nick a non-empty string).
 */
export function receiptOf(m) {
  if (m?.type !== 'played' || !Number.isInteger(m.seq) || m.seq < 1 || !Number.isInteger(m.id) || m.id < 1
    || typeof m.nick !== 'string' || m.nick === '') return null;
  return { seq: m.seq, nick: m.nick, ts: Number.isFinite(m.ts) ? m.ts : 0, id: m.id, replay: m.replay === true };
}

/** The seq a not_found error names ("no voice message with seq 57 in this room"), or null. */
export function seqOfNotFound(error) {
  const found = /\bseq (\d+)\b/.exec(typeof error?.message === 'string' ? error.message : '');
  return found ? Number(found[1]) : null;
}
