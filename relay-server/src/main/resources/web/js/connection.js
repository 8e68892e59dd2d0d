// One person's connection to one room of the relay that served this page (or, while that one cannot be reached,
// another relay of its cluster), kept alive across drops (the desktop app's RelayConnection).
//
// States: connecting → joined → reconnecting → joined … ; disconnected at the end. Before the first welcome a failure
// ends the attempt (disconnected, with a reason the join screen shows); after it, drops are retried with back-off
// (0.5 s doubling to 10 s, ±20 % jitter, at once on "Retry now" or when the network comes back) until leave() or a
// close code that means the same hello would fail again.
//
// Resume: `since` is the highest seq seen. Outbox: every chat and voice message is kept until its echo (same id, from
// our nick) or a refusal, and after every welcome all of it is sent again with the same ids (the relay dedupes). An
// injected store (storage.js OutboxStore) keeps it across page loads: put when queued, removed when settled, and
// restore() gives back what an earlier page left; a put may drop the oldest items to stay within its bound, and those
// are given up here too ('refused' with the code 'outbox_full').
// Protocol 3 is asked for; a relay that closes with 4426 is asked again at once for 2, then for 1 (at 2 no receipts,
// at 1 clips go whole too).
// Played receipts (protocol 3): sendPlayed(seq) sends one at most once a session; it is kept until the relay's copy
// of it (the receipt with our nick) comes back and sent again after every welcome until then; a not_found forgets
// it. `playedSince` is the highest receipt id received, sent in every hello after the first (with `since`), so
// the relay sends exactly the receipts missed meanwhile. Receipts that come while a history request is answered do
// not raise it: the relay reads a history answer's receipts beside its writer, so one of them can be newer than a
// live receipt still on its way, and a drop in between would lose that one.
// A socket that died without a close is noticed by a Probe (probe.js) after half a minute of silence.
// Resume: every hello after a welcome carries that welcome's `session` as `resume`, so a relay that still holds our
// dropped connection replaces it (4409 no more); the first hello of a page carries the one an earlier page of this
// tab saved (env.sessions, sessionStorage). A 4410 means this person joined again from somewhere else: it stops.
//
// Failover (failover.js): every welcome's `relays` are where later attempts may go; after a drop the first retry goes
// to the same relay, each further failed attempt moves on to the next listed relay (with since and resume, so nothing
// is lost or shown twice). `relay` is the URL of the current attempt, `elsewhere` whether that is not the page's own.
//
// Events (CustomEvent detail): 'state' {state, reason, retryAt}; 'welcome' welcome; 'message' {msg, payload} for
// every message after welcome (payload: the bytes after a binary frame's header); 'refused' {id, error} when a sent
// message was refused for good (or dropped: code 'outbox_full'); 'lost' when a joined session ended (its live streams are gone).

import {
  Close, ErrorCode, VERSION_1, VERSION_2, VERSION_3, decodeVoiceFrame, encodeVoiceFrame, errorCode, hello,
  isFatalClose, nickKey, parseMessage, receiptOf, seqOfNotFound,
} from './protocol.js';
import { LiveUplink, Verdict } from './live-uplink.js';
import { Backoff } from './backoff.js';
import { Probe } from './probe.js';
import { Failover } from './failover.js';

export const State = Object.freeze({
  CONNECTING: 'connecting', JOINED: 'joined', RECONNECTING: 'reconnecting', DISCONNECTED: 'disconnected',
});

const OPEN_TIMEOUT_MS = 10000;
const WELCOME_TIMEOUT_MS = 15000;
const RATE_LIMIT_RETRY_MS = 2000;
/** The relay drops a silent peer after 60 s: a 4409 on reconnect within this is our own old connection. */
const OLD_CONNECTION_GRACE_MS = 90000;

export class Connection extends EventTarget {
  #socket = null;
  #outbox = new Map();
  #uplink = new LiveUplink();
  #backoff;
  #askedVersion = VERSION_3;
  /** Voice messages (seq) we said we played this session, and those of them the relay has not confirmed yet. */
  #played = new Set();
  #unconfirmed = new Set();
  #receiptRetry = null;
  /** History requests sent on this socket and not answered yet (history-end). */
  #historyAsked = 0;
  #joinedOnce = false;
  #left = false;
  #retryTimer = null;
  #openTimer = null;
  #nickTakenSince = -1;
  #probe = null;
  #store;
  #sessions;
  /** The session of the latest welcome: the resume of the next hello. */
  #session = null;
  #failover;
  /** Attempts that failed since the latest welcome (or drop): from the second on, each goes to the next relay. */
  #failed = 0;

  /**
   * @param join {url, nick, room, password}
   * @param env optional {openSocket(url), setTimeout, clearTimeout, now(), random()} (tests pass fakes), and
   *     outbox: a store of unsent items {put(item) → [dropped ids], remove(id)} (none: memory only), and
   *     sessions: where the latest session of a room and nick is kept for the next page {load(room, nick) → string
   *     or null, save(room, nick, session)} (none: this page only)
   */
  constructor(join, env = {}) {
    super();
    this.join = join;
    this.openSocket = env.openSocket ?? (url => new WebSocket(url));
    this.setTimer = env.setTimeout ?? ((f, ms) => setTimeout(f, ms));
    this.clearTimer = env.clearTimeout ?? (t => clearTimeout(t));
    this.now = env.now ?? (() => Date.now());
    this.#backoff = new Backoff(env.random);
    this.#store = env.outbox ?? { put: () => [], remove: () => {} };
    this.#sessions = env.sessions ?? { load: () => null, save: () => {} };
    this.#failover = new Failover(join.url);
    this.state = State.DISCONNECTED;
    this.reason = null;
    this.retryAt = 0;
    this.protocol = 0;
    this.welcome = null;
    this.highestSeq = 0;
    /** The highest played-receipt id received in this room (null: none yet). */
    this.playedSince = null;
  }

  get liveVoice() {
    return this.state === State.JOINED && this.protocol >= VERSION_2;
  }

  /** The wss:// URL of the relay of the current (or last) attempt. */
  get relay() {
    return this.#failover.current;
  }

  /** Whether the current attempt went to another relay of the cluster than the one that served the page. */
  get elsewhere() {
    return this.#failover.elsewhere;
  }

  get outboxSize() {
    return this.#outbox.size;
  }

  /** Whether the session speaks protocol 3 now (receipts are sent and received). */
  get receipts() {
    return this.state === State.JOINED && this.protocol >= VERSION_3;
  }

  /** The receipts said but not confirmed by the relay yet, by seq (ascending). */
  get unconfirmedReceipts() {
    return [...this.#unconfirmed].sort((a, b) => a - b);
  }

  connect() {
    if (this.state !== State.DISCONNECTED || this.#left) return;
    this.#transition(State.CONNECTING, null);
    this.#open();
  }

  /** Leaves the room for good. */
  leave() {
    if (this.#left) return;
    this.#left = true;
    this.#clearTimers();
    const s = this.#socket;
    this.#socket = null;
    if (s) {
      try { s.close(Close.NORMAL, 'bye'); } catch { /* already closing */ }
    }
    this.#transition(State.DISCONNECTED, { kind: 'left', code: Close.NORMAL });
  }

  /**
   * The page is going away (or into the back-forward cache): closes the socket now so the relay frees the nick at
   * once. A joined session waits in 'reconnecting' for retryNow() (the page shown again).
   */
  suspend() {
    const s = this.#socket;
    if (this.#left || !s || !this.#joinedOnce) return;
    this.#socket = null;
    this.#clearTimers();
    try { s.close(Close.NORMAL, 'page hidden'); } catch { /* closing */ }
    const wasJoined = this.state === State.JOINED;
    this.protocol = 0;
    this.#uplink.reset();
    if (wasJoined) this.dispatchEvent(new CustomEvent('lost'));
    this.#transition(State.RECONNECTING, { kind: 'lost', code: Close.NORMAL, detail: '' }, 0);
  }

  /** Tries at once instead of waiting for the next attempt (Retry now, back online, page visible again). */
  retryNow() {
    if (this.#left || this.state !== State.RECONNECTING || this.#socket) return;
    this.#clearTimers();
    this.#open();
  }

  sendChat(id, text) {
    this.#queue({ kind: 'chat', id, text });
  }

  sendVoice(id, wav) {
    this.#queue({ kind: 'voice', id, wav });
  }

  /**
   * Items an earlier page left unsent (oldest first, as the store saved them): ahead of anything queued here, sent
   * with the outbox after the next welcome (at once when joined).
   */
  restore(items) {
    const fresh = items.filter(i => !this.#outbox.has(i.id));
    this.#outbox = new Map([...fresh.map(i => [i.id, i]), ...this.#outbox]);
    if (this.state === State.JOINED) for (const i of fresh) this.#sendNow(i);
  }

  /**
   * Says that voice message `seq` was heard to its end: sent now when the session speaks protocol 3, else after the
   * next welcome that does; at most once a session. False when it was said already (or seq is not one).
   */
  sendPlayed(seq) {
    if (!Number.isInteger(seq) || seq < 1 || this.#played.has(seq)) return false;
    this.#played.add(seq);
    this.#unconfirmed.add(seq);
    if (this.receipts) this.#sendJson({ type: 'played', seq });
    return true;
  }

  /** Receipts not confirmed yet are not sent again (the person turned receipts off). */
  forgetUnconfirmedReceipts() {
    for (const seq of this.#unconfirmed) this.#played.delete(seq);
    this.#unconfirmed.clear();
  }

  /** Typing states are not worth keeping across a drop: sent only while joined. */
  sendTyping(state) {
    if (this.state === State.JOINED) this.#sendJson({ type: 'typing', state });
  }

  requestHistory(before, limit) {
    if (this.state !== State.JOINED || before <= 1) return false;
    this.#sendJson({ type: 'history', before, limit: Math.min(limit, 200) });
    this.#historyAsked++;
    return true;
  }

  /** Opens a live stream when the session speaks protocol 2; false otherwise (the clip then goes whole). */
  startStream(id, sampleRate, channels) {
    if (!this.liveVoice || !this.#uplink.start(id)) return false;
    this.#sendJson({ type: 'voice-start', id, codec: 'pcm16', sampleRate, channels });
    return true;
  }

  /** Sends one chunk of the open stream (pcm: Int16Array). */
  sendChunk(id, n, pcm) {
    if (this.state !== State.JOINED || !this.#uplink.isOpen(id)) return false;
    this.#sendBinary(encodeVoiceFrame({ type: 'voice-chunk', id, n }, pcm));
    return true;
  }

  /** The recording is over: voice-end if its stream is still open, else the whole WAV; kept until its echo. */
  endStream(id, wav) {
    const item = { kind: 'voice', id, wav };
    this.#keep(item);
    if (this.state !== State.JOINED) return;
    if (this.#uplink.end(id)) {
      this.#sendJson({ type: 'voice-end', id });
    } else {
      this.#sendNow(item);
    }
  }

  cancelStream(id) {
    if (this.#uplink.cancel(id) && this.state === State.JOINED) this.#sendJson({ type: 'voice-cancel', id });
  }

  // ------------------------------------------------------------------ internals

  #queue(item) {
    this.#keep(item);
    if (this.state === State.JOINED) this.#sendNow(item);
  }

  #keep(item) {
    this.#outbox.set(item.id, item);
    let dropped = [];
    try {
      dropped = this.#store.put(item);
    } catch {
      // not kept across page loads: still sent from memory
    }
    for (const id of dropped) {
      if (!this.#outbox.delete(id)) continue;
      this.dispatchEvent(new CustomEvent('refused', {
        detail: { id, error: { type: 'error', code: 'outbox_full', ref: id, message: '' } },
      }));
    }
  }

  #settled(id) {
    if (!this.#outbox.delete(id)) return;
    try {
      this.#store.remove(id);
    } catch {
      // forgotten here; a later page resends it and the relay answers with what it stored
    }
  }

  #sendNow(item) {
    if (item.kind === 'chat') {
      this.#sendJson({ type: 'chat', id: item.id, text: item.text });
    } else {
      this.#sendBinary(encodeVoiceFrame({ type: 'voice', id: item.id }, item.wav));
    }
  }

  #sendJson(m) {
    const s = this.#socket;
    if (s && s.readyState === 1) s.send(JSON.stringify(m));
  }

  #sendBinary(bytes) {
    const s = this.#socket;
    if (s && s.readyState === 1) s.send(bytes);
  }

  #transition(state, reason, retryAt = 0) {
    this.state = state;
    this.reason = reason;
    this.retryAt = retryAt;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, reason, retryAt } }));
  }

  #clearTimers() {
    if (this.#retryTimer !== null) this.clearTimer(this.#retryTimer);
    if (this.#openTimer !== null) this.clearTimer(this.#openTimer);
    if (this.#receiptRetry !== null) this.clearTimer(this.#receiptRetry);
    this.#retryTimer = null;
    this.#openTimer = null;
    this.#receiptRetry = null;
    this.#probe?.stop();
    this.#probe = null;
  }

  /** Opens the next attempt: to the relay the failover chooses, or to the same one again (`sameRelay`). */
  #open(sameRelay = false) {
    this.#uplink.reset();
    this.#historyAsked = 0;
    const url = this.#joinedOnce ? this.#failover.next(sameRelay ? 0 : this.#failed) : this.join.url;
    let s;
    try {
      s = this.openSocket(url);
    } catch (e) {
      this.#socket = null;
      this.#closed(null, Close.ABNORMAL, String(e?.message ?? e));
      return;
    }
    this.#socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => this.#opened(s);
    s.onmessage = e => this.#received(s, e.data);
    s.onclose = e => this.#closed(s, e.code, e.reason);
    s.onerror = () => { /* a close event follows */ };
    this.#openTimer = this.setTimer(() => this.#timeout(s), OPEN_TIMEOUT_MS);
  }

  #timeout(s) {
    if (s !== this.#socket) return;
    this.#openTimer = null;
    try { s.close(); } catch { /* closing */ }
    this.#closed(s, Close.ABNORMAL, 'timed out');
  }

  #opened(s) {
    if (s !== this.#socket) return;
    if (this.#openTimer !== null) this.clearTimer(this.#openTimer);
    this.#openTimer = this.setTimer(() => this.#timeout(s), WELCOME_TIMEOUT_MS);
    const { nick, room, password } = this.join;
    s.send(JSON.stringify(hello({
      protocol: this.#askedVersion, nick, room, password,
      since: this.#joinedOnce ? this.highestSeq : undefined,
      // none received yet: 0 (every receipt of the room), or those stored during the drop for older messages are missed
      playedSince: this.#joinedOnce ? this.playedSince ?? 0 : undefined,
      resume: this.#session ?? this.#savedSession(),
    })));
  }

  #savedSession() {
    try {
      return this.#sessions.load(this.join.room, this.join.nick);
    } catch {
      return null;
    }
  }

  #received(s, data) {
    if (s !== this.#socket) return;
    this.#probe?.heard();
    let msg;
    let payload = null;
    if (typeof data === 'string') {
      msg = parseMessage(data);
    } else {
      try {
        ({ header: msg, payload } = decodeVoiceFrame(data));
      } catch {
        msg = null;
      }
    }
    if (!msg) return;
    if (msg.type === 'welcome') {
      this.#welcomed(msg);
      return;
    }
    if (this.state !== State.JOINED) return;
    if (msg.type === 'history-end' && msg.before === 1) return; // the answer to a probe
    if (msg.type === 'history-end') this.#historyAsked = Math.max(0, this.#historyAsked - 1);
    if ((msg.type === 'chat' || msg.type === 'voice') && Number.isInteger(msg.seq)) {
      this.#stored(msg);
    } else if (msg.type === 'played') {
      this.#receipt(msg);
    } else if (msg.type === 'error') {
      this.#refused(msg);
    }
    this.dispatchEvent(new CustomEvent('message', { detail: { msg, payload } }));
  }

  #welcomed(w) {
    if (this.#openTimer !== null) this.clearTimer(this.#openTimer);
    this.#openTimer = null;
    this.protocol = w.protocol === VERSION_3 || w.protocol === VERSION_2 ? w.protocol : VERSION_1;
    this.welcome = w;
    if (typeof w.nick === 'string') this.join = { ...this.join, nick: w.nick };
    if (typeof w.session === 'string') {
      this.#session = w.session;
      try {
        this.#sessions.save(this.join.room, this.join.nick, w.session);
      } catch {
        // not kept for the next page: this page still resumes with it
      }
    }
    this.#joinedOnce = true;
    this.#failover.welcomed(w.relays);
    this.#failed = 0;
    this.#nickTakenSince = -1;
    this.#backoff.reset();
    this.#transition(State.JOINED, null);
    const s = this.#socket;
    this.#probe = new Probe({
      setTimeout: this.setTimer, clearTimeout: this.clearTimer, now: this.now,
      ask: () => this.#sendJson({ type: 'history', before: 1, limit: 1 }),
      dead: () => {
        if (s !== this.#socket) return;
        try { s.close(); } catch { /* closing */ }
        this.#closed(s, Close.ABNORMAL, 'no answer from the relay');
      },
    });
    this.dispatchEvent(new CustomEvent('welcome', { detail: w }));
    for (const item of [...this.#outbox.values()]) this.#sendNow(item);
    this.#resendReceipts();
  }

  #receipt(msg) {
    const r = receiptOf(msg);
    if (!r) return;
    const counts = !r.replay || this.#historyAsked === 0; // live, or the join's catch-up
    if (counts && (this.playedSince === null || r.id > this.playedSince)) this.playedSince = r.id;
    if (nickKey(r.nick) === nickKey(this.join.nick)) {
      this.#played.add(r.seq); // said before (this page or an earlier one): never again
      this.#unconfirmed.delete(r.seq);
    }
  }

  #resendReceipts() {
    if (!this.receipts) return;
    for (const seq of this.unconfirmedReceipts) this.#sendJson({ type: 'played', seq });
  }

  /** An error without ref: about a receipt (the only message without an id that the relay may refuse). */
  #receiptRefused(error) {
    const code = errorCode(error.code);
    if (error.code === ErrorCode.NOT_FOUND) {
      const seq = seqOfNotFound(error);
      if (seq !== null) this.#unconfirmed.delete(seq); // the message is gone: nothing to say
    } else if (code === ErrorCode.RATE_LIMITED && this.#unconfirmed.size > 0 && this.#receiptRetry === null) {
      this.#receiptRetry = this.setTimer(() => {
        this.#receiptRetry = null;
        this.#resendReceipts();
      }, RATE_LIMIT_RETRY_MS);
    }
  }

  #stored(msg) {
    this.highestSeq = Math.max(this.highestSeq, msg.seq);
    if (nickKey(msg.from) === nickKey(this.join.nick)) {
      this.#uplink.acknowledged(msg.id);
      this.#settled(msg.id);
    }
  }

  #refused(error) {
    const ref = error.ref;
    if (ref === undefined || ref === null) {
      this.#receiptRefused(error);
      return;
    }
    const verdict = this.#uplink.refused(error);
    if (verdict === Verdict.SEND_WHOLE) this.#resend(ref);
    if (verdict !== Verdict.NOT_LIVE || typeof ref !== 'string' || !this.#outbox.has(ref)) return;
    if (errorCode(error.code) === ErrorCode.RATE_LIMITED) {
      this.setTimer(() => this.#resend(ref), RATE_LIMIT_RETRY_MS);
    } else {
      this.#settled(ref);
      this.dispatchEvent(new CustomEvent('refused', { detail: { id: ref, error } }));
    }
  }

  #resend(id) {
    const item = this.#outbox.get(id);
    if (item && this.state === State.JOINED) this.#sendNow(item);
  }

  #closed(s, code, detail) {
    if (s !== this.#socket || this.#left) return;
    this.#socket = null;
    this.#clearTimers();
    const wasJoined = this.state === State.JOINED;
    this.#failed = wasJoined ? 0 : this.#failed + 1;
    this.protocol = 0;
    this.#uplink.reset();
    if (wasJoined) this.dispatchEvent(new CustomEvent('lost'));
    if (code === Close.UNSUPPORTED_PROTOCOL && this.#askedVersion > VERSION_1) {
      this.#askedVersion -= 1;
      this.#open(true);
      return;
    }
    const reason = { kind: reasonKind(code), code, detail: detail || '' };
    if (code === Close.NICK_TAKEN && this.#joinedOnce && this.#ownOldConnection()) {
      this.#schedule({ ...reason, kind: 'previousConnection' });
      return;
    }
    if (isFatalClose(code) || !this.#joinedOnce) {
      this.#transition(State.DISCONNECTED, reason);
      return;
    }
    this.#schedule(reason);
  }

  #schedule(reason) {
    const delay = this.#backoff.next();
    this.#transition(State.RECONNECTING, reason, this.now() + delay);
    this.#retryTimer = this.setTimer(() => {
      this.#retryTimer = null;
      this.retryNow();
    }, delay);
  }

  #ownOldConnection() {
    const now = this.now();
    if (this.#nickTakenSince < 0) this.#nickTakenSince = now;
    return now - this.#nickTakenSince <= OLD_CONNECTION_GRACE_MS;
  }
}

function reasonKind(code) {
  switch (code) {
    case Close.BAD_HELLO: return 'badHello';
    case Close.BAD_PASSWORD: return 'password';
    case Close.NICK_TAKEN: return 'nickTaken';
    case Close.REPLACED: return 'replaced';
    case Close.UNSUPPORTED_PROTOCOL: return 'protocol';
    case Close.LOCKED_OUT: return 'lockedOut';
    case Close.GOING_AWAY: return 'relayStopped';
    default: return 'lost';
  }
}
