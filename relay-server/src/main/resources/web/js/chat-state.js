// The room as this page knows it: stored messages by seq, our pending messages (matched to their echoes by id), the
// members, who is typing or recording, live voice streams, played receipts (protocol 3), and history paging. Pure state: no DOM, no socket (the
// session feeds it the connection's messages; views listen to its events; unit-tested under Node).
//
// Events (CustomEvent detail):
//   'stored'   {msg, pendingId?, liveKey?}  a stored chat or voice message new to us (replacing a pending item or a live card)
//   'pending'  {item}                        one of ours, not yet stored
//   'failed'   {id, error}                   one of ours was refused
//   'live-start' {live}, 'live-chunk' {live, pcm}, 'live-end' {live, reason}   others' live streams
//   'members'  {members, own}                the member list changed
//   'activity' {typing: [nick], recording: [nick]}
//   'history'  {loading, done}
//   'receipts' {seq}                         someone new played voice message seq

import { HISTORY_PAGE, TYPING_EXPIRY_MS, VERSION_3, nickKey, pcmFromBytes, receiptOf } from './protocol.js';
import { Receipts, receiptLine } from './receipts.js';

export const liveKeyOf = (from, id) => `live:${from}:${id}`;
export const seqKeyOf = seq => `seq:${seq}`;

export class ChatState extends EventTarget {
  #messages = new Map();
  #pending = new Map();
  #live = new Map();
  #typing = new Map();
  #historyLoading = false;
  #historyDone = false;
  #receipts = new Receipts();

  constructor({ now = () => Date.now() } = {}) {
    super();
    this.now = now;
    this.own = '';
    this.room = '';
    this.members = [];
    this.limits = { maxTextChars: 4000, maxClipBytes: 16777216, maxClipMillis: 300000 };
    this.lastSeq = 0;
    this.protocol = 1;
  }

  get size() {
    return this.#messages.size;
  }

  message(seq) {
    return this.#messages.get(seq);
  }

  pendingItem(id) {
    return this.#pending.get(id);
  }

  live(key) {
    return this.#live.get(key);
  }

  get lowestSeq() {
    let low = 0;
    for (const seq of this.#messages.keys()) if (low === 0 || seq < low) low = seq;
    return low;
  }

  get highestSeq() {
    let high = 0;
    for (const seq of this.#messages.keys()) if (seq > high) high = seq;
    return high;
  }

  isOwn(nick) {
    return nickKey(nick) === nickKey(this.own);
  }

  welcome(w) {
    this.own = w.nick;
    this.room = w.room;
    this.lastSeq = w.lastSeq ?? 0;
    this.protocol = w.protocol ?? 1;
    if (w.limits) this.limits = { ...this.limits, ...w.limits };
    this.#typing.clear();
    this.#setMembers(Array.isArray(w.members) ? w.members : [w.nick]);
    this.#emitActivity();
    this.#historyLoading = false;
    if (this.lastSeq === 0) this.#historyDone = true;
    this.#emit('history', { loading: false, done: this.#historyDone });
  }

  /** The connection ended: live streams are interrupted, nobody is known to be typing. */
  lost() {
    for (const live of [...this.#live.values()]) this.#endLive(live, 'interrupted');
    this.#typing.clear();
    this.#emitActivity();
    if (this.#historyLoading) {
      this.#historyLoading = false;
      this.#emit('history', { loading: false, done: this.#historyDone });
    }
  }

  /** A message from the relay (after welcome); payload: the bytes after a binary frame's header. */
  receive(msg, payload = null) {
    switch (msg.type) {
      case 'chat': this.#stored({ ...msg }); break;
      case 'voice': this.#stored({ ...msg, wav: payload }); break;
      case 'presence': this.#presence(msg); break;
      case 'typing': this.#typingState(msg.from, msg.state); break;
      case 'history-end': this.#historyEnd(msg); break;
      case 'voice-start': this.#liveStart(msg); break;
      case 'voice-chunk': this.#liveChunk(msg, payload); break;
      case 'voice-abort': this.#liveAbort(msg); break;
      case 'played': this.#receipt(msg); break;
      default: break; // error: the connection reports refusals; unknown types are ignored
    }
  }

  /** Who played voice message seq: [{nick, ts, id}] in the order the relay stored it. */
  playersOf(seq) {
    return this.#receipts.of(seq);
  }

  /** What the card of voice message seq says about receipts ({text, full}), or null (nothing, or not protocol 3). */
  receiptLine(seq) {
    const msg = this.#messages.get(seq);
    if (!msg || msg.type !== 'voice' || this.protocol < VERSION_3) return null;
    return receiptLine({
      own: this.isOwn(msg.from), players: this.playersOf(seq).map(p => p.nick), members: this.members, me: this.own,
    });
  }

  /** One of ours was handed to the connection: {kind: 'chat'|'voice', id, text?, wav?, durationMs?}. */
  addPending(item) {
    const p = { ...item, from: this.own, ts: this.now(), failed: null };
    this.#pending.set(p.id, p);
    this.#emit('pending', { item: p });
    return p;
  }

  failPending(id, error) {
    const p = this.#pending.get(id);
    if (!p) return;
    p.failed = error;
    this.#emit('failed', { id, error });
  }

  /** Says what to ask for next when scrolling back, or null (one request at a time). */
  historyRequest() {
    if (this.#historyLoading || this.#historyDone) return null;
    const low = this.lowestSeq;
    if (low <= 1) {
      if (low === 1 || this.lastSeq === 0) this.#setHistory(false, true);
      return null;
    }
    this.#setHistory(true, false);
    return { before: low, limit: HISTORY_PAGE };
  }

  /** A history request could not be sent after all. */
  historyCancelled() {
    if (this.#historyLoading) this.#setHistory(false, this.#historyDone);
  }

  get historyDone() {
    return this.#historyDone;
  }

  get historyLoading() {
    return this.#historyLoading;
  }

  /** Expires typing states not repeated for 6 s (call about once a second). */
  tick() {
    const now = this.now();
    let changed = false;
    for (const [key, t] of this.#typing) {
      if (now - t.at >= TYPING_EXPIRY_MS) {
        this.#typing.delete(key);
        changed = true;
      }
    }
    if (changed) this.#emitActivity();
  }

  activity() {
    const typing = [];
    const recording = [];
    for (const t of this.#typing.values()) (t.state === 'recording' ? recording : typing).push(t.nick);
    return { typing, recording };
  }

  stateOf(nick) {
    return this.#typing.get(nickKey(nick))?.state ?? 'idle';
  }

  // ------------------------------------------------------------------ internals

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #stored(msg) {
    if (!Number.isInteger(msg.seq) || typeof msg.from !== 'string' || typeof msg.id !== 'string') return;
    let pendingId;
    if (this.isOwn(msg.from) && this.#pending.has(msg.id)) {
      pendingId = msg.id;
      this.#pending.delete(msg.id);
    }
    if (this.#messages.has(msg.seq)) {
      // a resend's answer repeats a seq already held: nothing new to show, but the pending item is settled
      if (pendingId) this.#emit('stored', { msg: this.#messages.get(msg.seq), pendingId, duplicate: true });
      return;
    }
    let liveKey;
    if (msg.type === 'voice') {
      const key = liveKeyOf(msg.from, msg.id);
      const live = this.#live.get(key);
      if (live) {
        liveKey = key;
        this.#live.delete(key);
        live.ended = 'stored';
      }
    }
    this.#messages.set(msg.seq, msg);
    if (msg.seq > this.lastSeq) this.lastSeq = msg.seq;
    this.#emit('stored', { msg, pendingId, liveKey });
  }

  #receipt(msg) {
    const r = receiptOf(msg);
    if (r && this.#receipts.merge(r)) this.#emit('receipts', { seq: r.seq });
  }

  #presence(msg) {
    if (Array.isArray(msg.members)) this.#setMembers(msg.members);
    if (msg.event === 'leave' && typeof msg.nick === 'string' && this.#typing.delete(nickKey(msg.nick))) {
      this.#emitActivity();
    }
  }

  #setMembers(list) {
    this.members = list.filter(n => typeof n === 'string');
    this.#emit('members', { members: this.members, own: this.own });
  }

  #typingState(from, state) {
    if (typeof from !== 'string' || this.isOwn(from)) return;
    const key = nickKey(from);
    if (state === 'typing' || state === 'recording') {
      this.#typing.set(key, { nick: from, state, at: this.now() });
    } else {
      this.#typing.delete(key);
    }
    this.#emitActivity();
  }

  #emitActivity() {
    this.#emit('activity', this.activity());
  }

  #setHistory(loading, done) {
    this.#historyLoading = loading;
    this.#historyDone = done;
    this.#emit('history', { loading, done });
  }

  #historyEnd(msg) {
    const count = Number.isInteger(msg.count) ? msg.count : 0;
    this.#setHistory(false, count < HISTORY_PAGE || this.lowestSeq <= 1);
  }

  #liveStart(msg) {
    if (typeof msg.from !== 'string' || typeof msg.id !== 'string') return;
    const key = liveKeyOf(msg.from, msg.id);
    if (this.#live.has(key)) return;
    const live = {
      key, id: msg.id, from: msg.from,
      sampleRate: msg.sampleRate, channels: msg.channels || 1,
      startMs: Math.max(0, msg.startMs || 0), receivedMs: 0, ts: this.now(),
      peaks: [], ended: null,
    };
    this.#live.set(key, live);
    this.#typingState(msg.from, 'recording');
    this.#emit('live-start', { live });
  }

  #liveChunk(msg, payload) {
    const live = this.#live.get(liveKeyOf(msg.from, msg.id));
    if (!live || !payload || payload.length < 2) return;
    const pcm = pcmFromBytes(payload);
    live.receivedMs += (pcm.length / live.channels) * 1000 / live.sampleRate;
    let peak = 0;
    for (let i = 0; i < pcm.length; i++) {
      const v = Math.abs(pcm[i]);
      if (v > peak) peak = v;
    }
    live.peaks.push(Math.min(1, peak / 32768));
    const t = this.#typing.get(nickKey(live.from));
    if (t) t.at = this.now(); // a version-2 receiver does not expire recording while chunks flow
    this.#emit('live-chunk', { live, pcm });
  }

  #liveAbort(msg) {
    const live = this.#live.get(liveKeyOf(msg.from, msg.id));
    if (!live) return;
    const known = ['interrupted', 'cancelled', 'timeout', 'too_large', 'refused', 'duplicate', 'failed'];
    this.#endLive(live, known.includes(msg.reason) ? msg.reason : 'interrupted');
  }

  #endLive(live, reason) {
    live.ended = reason;
    // an interrupted stream keeps its card until the whole clip arrives; the others are gone
    if (reason !== 'interrupted' && reason !== 'failed') this.#live.delete(live.key);
    this.#emit('live-end', { live, reason });
  }
}

