// One stay in one room: the connection, the room's state, push-to-talk and playback, wired to the views. Everything
// it listens to on long-lived objects (views, window) is removed when it ends. What an earlier page of this relay,
// room and nick left unsent is read before connecting, shown as pending at the first welcome and sent with the outbox.
//
// Events: 'joined' (first welcome), 'refused' {reason} (the first attempt failed: back to the join screen),
// 'state' (every connection state, for the status line).

import { Connection, State } from './connection.js';
import { ChatState } from './chat-state.js';
import { Microphone } from './audio/microphone.js';
import { Playback } from './playback.js';
import { OutboxStore, PlayedClips, SessionTokens } from './storage.js';
import { PushToTalk } from './push-to-talk.js';
import { TypingSender } from './typing.js';
import { newId } from './protocol.js';
import { wavInfo } from './audio/wav.js';

const TICK_MS = 1000;

export class Session extends EventTarget {
  #stop = new AbortController();
  #timer = 0;
  #joined = false;
  #restored = [];

  /**
   * @param join {nick, room, password}
   * @param views {status, timeline, composer, talk, members, typingLine, autoplay and receipts (the checkboxes)}
   * @param speaker the page's Speaker; wake the ScreenWake
   */
  constructor(join, views, { speaker, wake }) {
    super();
    this.views = views;
    this.wake = wake;
    const url = `wss://${location.host}/`;
    this.outbox = new OutboxStore({ relay: location.host, room: join.room, nick: join.nick });
    this.connection = new Connection({ url, ...join }, { outbox: this.outbox, sessions: new SessionTokens() });
    this.chat = new ChatState();
    this.playback = new Playback({
      speaker, chat: this.chat, played: new PlayedClips(join.room), autoplay: () => views.autoplay.checked,
      tellPlayed: () => views.receipts.checked, sendPlayed: seq => this.connection.sendPlayed(seq),
    });
    this.typing = new TypingSender(state => this.connection.sendTyping(state));
    this.mic = new Microphone();
    this.ptt = new PushToTalk({ mic: this.mic, connection: this.connection, chat: this.chat, typing: this.typing });
    views.timeline.bind(this.chat, this.playback);
    views.members.bind(this.chat);
    views.typingLine.bind(this.chat);
    this.#wire();
  }

  start() {
    this.views.status.show(State.CONNECTING, null, 0, this.connection.join.nick);
    this.outbox.load().then(items => {
      if (this.#stop.signal.aborted) return;
      this.#restored = items;
      this.connection.restore(items);
      this.connection.connect();
    });
    this.#timer = setInterval(() => {
      this.chat.tick();
      this.typing.tick(Date.now());
    }, TICK_MS);
  }

  leave() {
    this.#stop.abort();
    clearInterval(this.#timer);
    this.ptt.close();
    this.playback.dispose();
    this.connection.leave();
    this.wake.wanted = false;
  }

  #wire() {
    const signal = this.#stop.signal;
    const on = (target, type, f) => target.addEventListener(type, f, { signal });
    const c = this.connection;
    const v = this.views;

    on(c, 'state', e => this.#state(e.detail));
    on(c, 'welcome', e => this.#welcome(e.detail));
    on(c, 'message', e => this.chat.receive(e.detail.msg, e.detail.payload));
    on(c, 'refused', e => this.chat.failPending(e.detail.id, e.detail.error));
    on(c, 'lost', () => this.chat.lost());

    on(v.timeline, 'history', () => {
      const req = this.chat.historyRequest();
      if (req && !c.requestHistory(req.before, req.limit)) this.chat.historyCancelled();
    });
    on(v.composer, 'send', e => {
      const id = newId('c');
      this.chat.addPending({ kind: 'chat', id, text: e.detail.text });
      c.sendChat(id, e.detail.text);
      this.typing.messageSent();
    });
    on(v.composer, 'keystroke', () => this.typing.keystroke(Date.now()));
    on(v.composer, 'cleared', () => this.typing.cleared());

    on(v.talk, 'press', () => this.ptt.press());
    on(v.talk, 'release', () => this.ptt.release());
    on(v.talk, 'cancel', () => this.ptt.cancel());
    on(this.ptt, 'state', e => v.talk.render(e.detail.state, e.detail.reason));
    on(this.ptt, 'level', e => v.talk.level(e.detail.level));
    on(this.ptt, 'hint', e => v.talk.hint(e.detail.key));
    v.talk.render(this.ptt.state, this.ptt.reason);

    on(v.status, 'retry', () => c.retryNow());
    on(window, 'online', () => c.retryNow());
    on(window, 'pagehide', () => c.suspend());
    on(window, 'pageshow', e => {
      if (e.persisted) c.retryNow();
    });
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') c.retryNow();
    });
    on(v.autoplay, 'change', () => this.#wakeLock());
    on(v.receipts, 'change', () => {
      if (!v.receipts.checked) c.forgetUnconfirmedReceipts();
    });
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.ptt.retryLater(), { signal });
  }

  #state({ state, reason, retryAt }) {
    const c = this.connection;
    const relay = c.elsewhere ? { via: new URL(c.relay).host, own: location.host } : null;
    this.views.status.show(state, reason, retryAt, c.join.nick, relay);
    if (state === State.DISCONNECTED && !this.#joined) {
      this.leave();
      this.dispatchEvent(new CustomEvent('refused', { detail: { reason } }));
    }
    this.#wakeLock();
  }

  #welcome(w) {
    this.chat.welcome(w);
    this.views.composer.maxChars = this.chat.limits.maxTextChars;
    if (!this.#joined) {
      this.#joined = true;
      for (const item of this.#restored) this.chat.addPending(pendingOf(item));
      this.#restored = [];
      this.dispatchEvent(new CustomEvent('joined', { detail: w }));
      this.#microphoneAhead();
    }
  }

  #wakeLock() {
    this.wake.wanted = this.views.autoplay.checked && this.connection.state !== State.DISCONNECTED;
  }

  /** Opens the microphone at once when it was allowed before (no prompt); says why when it is blocked. */
  async #microphoneAhead() {
    if (globalThis.isSecureContext === false) {
      this.ptt.unavailable('insecure');
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      this.ptt.unavailable('unsupported');
      return;
    }
    let status;
    try {
      status = await navigator.permissions.query({ name: 'microphone' });
    } catch {
      return; // this browser cannot say: the first press asks
    }
    const apply = () => {
      if (this.#stop.signal.aborted) return;
      if (status.state === 'granted') {
        this.ptt.retryLater();
        this.ptt.prepare();
      } else if (status.state === 'denied') {
        this.ptt.unavailable('denied');
      } else {
        this.ptt.retryLater();
      }
    };
    status.addEventListener('change', apply, { signal: this.#stop.signal });
    apply();
  }
}

/** How the timeline shows a restored outbox item (a recording's length read from its WAV). */
function pendingOf(item) {
  if (item.kind !== 'voice') return item;
  try {
    return { ...item, durationMs: wavInfo(item.wav).durationMs };
  } catch {
    return item; // shown without a length
  }
}
