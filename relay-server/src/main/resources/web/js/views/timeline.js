// <parley-timeline>: the messages in seq order (#timeline, role=log), then live cards, then ours still sending;
// day separators; "New messages" when something arrives while scrolled up; scrolling to the top asks for older
// history (one request at a time, through the 'history' event). Changes are gathered and settled once a frame, so a
// replay of fifty messages lays out once.
//
// In: bind(chat, playback). Out: 'history' (scrolled near the top and more may be there).

import { dayKey, dayText, t } from '../i18n.js';
import { chatCard, setPending, setStored } from './message-card.js';
import { VoiceCard } from './voice-card.js';

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 120;
const SAME_SENDER_MS = 5 * 60 * 1000;

export class TimelineElement extends HTMLElement {
  #seqs = [];
  #bySeq = new Map();
  #pending = new Map();
  #live = new Map();
  #cards = new WeakMap();
  #frame = 0;
  #before = null;
  #unseen = false;

  connectedCallback() {
    this.scroller = this.querySelector('#timeline');
    this.newButton = this.querySelector('#new-messages');
    this.top = this.querySelector('#history-status');
    this.empty = this.querySelector('#timeline-empty');
    this.scroller.addEventListener('scroll', () => this.#scrolled(), { passive: true });
    this.newButton.addEventListener('click', () => this.scrollToEnd());
  }

  bind(chat, playback) {
    this.chat = chat;
    this.playback = playback;
    chat.addEventListener('stored', e => this.#stored(e.detail));
    chat.addEventListener('pending', e => this.#addPending(e.detail.item));
    chat.addEventListener('failed', e => this.#failed(e.detail));
    chat.addEventListener('live-start', e => this.#liveStart(e.detail.live));
    chat.addEventListener('live-chunk', e => this.#liveChunk(e.detail.live));
    chat.addEventListener('live-end', e => this.#liveEnd(e.detail));
    chat.addEventListener('history', e => this.#history(e.detail));
    chat.addEventListener('receipts', e => this.#receipts(e.detail.seq));
    // "Heard by 2 of 5 here" counts who is here now; and a welcome may change the protocol
    chat.addEventListener('members', () => {
      for (const seq of this.#seqs) this.#receipts(seq);
    });
  }

  /** Empties the timeline (leaving the room). */
  clear() {
    for (const el of this.scroller.querySelectorAll('article.msg')) this.#cards.get(el)?.dispose();
    this.scroller.querySelectorAll('article.msg, .day').forEach(el => el.remove());
    this.#seqs = [];
    this.#bySeq.clear();
    this.#pending.clear();
    this.#live.clear();
    this.#unseen = false;
    this.newButton.hidden = true;
    this.top.textContent = '';
    this.empty.hidden = false;
  }

  scrollToEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.#unseen = false;
    this.newButton.hidden = true;
  }

  // ------------------------------------------------------------------ changes

  #stored({ msg, pendingId, liveKey, duplicate }) {
    this.#change(false);
    let el = pendingId ? this.#pending.get(pendingId) : null;
    if (pendingId) this.#pending.delete(pendingId);
    if (duplicate) {
      el?.remove();
      this.#cards.get(el)?.dispose();
      return;
    }
    const own = this.chat.isOwn(msg.from);
    if (!el && liveKey) {
      el = this.#live.get(liveKey) ?? null;
      this.#live.delete(liveKey);
    }
    if (el) {
      const card = this.#cards.get(el);
      if (card) {
        card.becomeStored(msg, this.playback.unplayed(msg, liveKey));
        card.showReceipts(this.chat.receiptLine(msg.seq));
      } else {
        setStored(el, msg);
      }
    } else {
      el = this.#create(msg, own);
    }
    const appended = this.#place(el, msg.seq);
    if (appended && !own && !this.#atEndBefore()) this.#unseen = true;
  }

  #create(msg, own) {
    if (msg.type === 'voice') {
      const card = new VoiceCard('stored', msg, {
        playback: this.playback, own, unplayed: this.playback.unplayed(msg, null),
      });
      card.showReceipts(this.chat.receiptLine(msg.seq));
      this.#cards.set(card.el, card);
      return card.el;
    }
    return chatCard(msg, own, false);
  }

  /** Puts a stored message's element at its place by seq (before live cards and pending ones); true at the end. */
  #place(el, seq) {
    let lo = 0;
    let hi = this.#seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    const appended = lo === this.#seqs.length;
    if (!appended && this.#before) this.#before.prepending = true;
    const next = lo < this.#seqs.length ? this.#bySeq.get(this.#seqs[lo])
      : this.scroller.querySelector(':scope > article.msg:not([data-seq])');
    this.#seqs.splice(lo, 0, seq);
    this.#bySeq.set(seq, el);
    this.scroller.insertBefore(el, next ?? null);
    return appended;
  }

  #addPending(item) {
    this.#change(true);
    const own = true;
    let el;
    if (item.kind === 'voice') {
      const card = new VoiceCard('own', item, { playback: this.playback, own });
      this.#cards.set(card.el, card);
      el = card.el;
    } else {
      el = chatCard({ id: item.id, from: item.from, ts: item.ts, text: item.text }, own, true);
    }
    this.#pending.set(item.id, el);
    this.scroller.append(el);
  }

  #failed({ id, error }) {
    const el = this.#pending.get(id);
    if (!el) return;
    const code = ['bad_frame', 'bad_request', 'too_large', 'bad_audio', 'rate_limited', 'outbox_full'].includes(error.code)
      ? error.code : 'bad_request';
    setPending(el, true, t(`error.${code}`, error.message ?? ''));
  }

  #liveStart(live) {
    this.#change(false);
    const card = new VoiceCard('live', live, { playback: this.playback, own: false });
    this.#cards.set(card.el, card);
    this.#live.set(live.key, card.el);
    const firstPending = this.#pending.values().next().value ?? null;
    this.scroller.insertBefore(card.el, firstPending);
    if (!this.#atEndBefore()) this.#unseen = true;
  }

  #liveChunk(live) {
    const el = this.#live.get(live.key);
    if (el) this.#cards.get(el).liveUpdate(live);
  }

  #liveEnd({ live, reason }) {
    const el = this.#live.get(live.key);
    if (!el) return;
    if (reason === 'interrupted' || reason === 'failed') {
      this.#cards.get(el).liveEnded(reason);
      return;
    }
    this.#change(false);
    this.#live.delete(live.key);
    this.#cards.get(el).dispose();
    el.remove();
  }

  #receipts(seq) {
    const card = this.#cards.get(this.#bySeq.get(seq));
    if (!card) return;
    const line = this.chat.receiptLine(seq);
    if (!card.showsReceipts(line)) {
      this.#change(false); // a line more or less: the timeline stays at its end if it was there
      card.showReceipts(line);
    }
  }

  #history({ loading, done }) {
    this.top.textContent = loading ? t('timeline.loading') : done && this.#seqs.length ? t('timeline.start') : '';
    if (!loading && !done) this.#schedule();
  }

  // ------------------------------------------------------------------ layout, once a frame

  /** Notes the scroll position before the first change of a frame. */
  #change(stick) {
    if (!this.#before) {
      const s = this.scroller;
      this.#before = {
        atEnd: s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX,
        height: s.scrollHeight,
        top: s.scrollTop,
        stick: false,
        prepending: false,
      };
    }
    if (stick) this.#before.stick = true;
    this.#schedule();
  }

  #atEndBefore() {
    return this.#before?.atEnd ?? true;
  }

  #schedule() {
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#settle());
  }

  #settle() {
    this.#frame = 0;
    const before = this.#before;
    this.#before = null;
    this.#separate();
    this.empty.hidden = this.scroller.querySelector('article.msg') !== null;
    const s = this.scroller;
    if (before) {
      if (before.atEnd || before.stick) {
        s.scrollTop = s.scrollHeight;
        this.#unseen = false;
      } else if (before.prepending) {
        s.scrollTop = before.top + (s.scrollHeight - before.height);
      }
    }
    this.newButton.hidden = !this.#unseen;
    this.#maybeHistory();
  }

  /** Day separators between messages of different days; the sender's name once for a run of their messages. */
  #separate() {
    this.scroller.querySelectorAll(':scope > .day').forEach(d => d.remove());
    let prevDay = null;
    let prevFrom = null;
    let prevTs = 0;
    const now = Date.now();
    for (const el of this.scroller.querySelectorAll(':scope > article.msg')) {
      const ts = Number(el.dataset.ts);
      const day = dayKey(ts);
      if (day !== prevDay) {
        const sep = document.createElement('div');
        sep.className = 'day';
        sep.setAttribute('role', 'separator');
        sep.textContent = dayText(ts, now);
        el.before(sep);
      }
      const cont = day === prevDay && el.dataset.from === prevFrom && ts - prevTs < SAME_SENDER_MS;
      el.classList.toggle('cont', cont);
      prevDay = day;
      prevFrom = el.dataset.from;
      prevTs = ts;
    }
  }

  #scrolled() {
    const s = this.scroller;
    if (s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX && this.#unseen) {
      this.#unseen = false;
      this.newButton.hidden = true;
    }
    this.#maybeHistory();
  }

  #maybeHistory() {
    if (!this.chat || this.chat.historyLoading || this.chat.historyDone || this.#seqs.length === 0) return;
    if (this.scroller.scrollTop < NEAR_TOP_PX) this.dispatchEvent(new CustomEvent('history'));
  }
}

customElements.define('parley-timeline', TimelineElement);
