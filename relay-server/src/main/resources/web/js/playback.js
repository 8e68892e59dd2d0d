// Between the room and the Speaker: others' live streams go to it as they come (heard at once in walkie-talkie
// mode), stored clips that arrive live (not replayed) are queued in that mode, the voice cards' buttons play and
// pause, and what was heard to its end is remembered as played (and, for someone else's message, told to the room
// as a played receipt unless the person turned that off). Keys: 'seq:<n>' for stored clips, 'live:<from>:<id>'
// for streams, 'own:<id>' for our own clips not yet stored. A stored message that ends a stream takes its card
// over; the Speaker may still be playing the stream, so its events are routed by alias.

import { seqKeyOf } from './chat-state.js';
import { loadSetting, saveSetting } from './storage.js';

const RATES = [1, 1.5, 2];

export class Playback {
  #cards = new Map();
  #alias = new Map();
  #streams = new Map();
  #rate;

  /**
   * @param deps {speaker, chat, played: PlayedClips, autoplay: () => boolean, tellPlayed: () => boolean (the receipts
   *     setting), sendPlayed: seq => void (the connection's)}
   */
  constructor({ speaker, chat, played, autoplay, tellPlayed = () => false, sendPlayed = () => {} }) {
    this.speaker = speaker;
    this.chat = chat;
    this.played = played;
    this.autoplay = autoplay;
    this.tellPlayed = tellPlayed;
    this.sendPlayed = sendPlayed;
    const rate = loadSetting('rate', 1);
    this.#rate = RATES.includes(rate) ? rate : 1;
    speaker.rate = this.#rate;
    this.onSpeakerState = e => this.#speakerState(e.detail);
    this.onSpeakerProgress = e => this.#card(e.detail.key)?.progress(e.detail.positionMs, e.detail.durationMs);
    speaker.addEventListener('state', this.onSpeakerState);
    speaker.addEventListener('progress', this.onSpeakerProgress);
    chat.addEventListener('live-start', e => this.#liveStart(e.detail.live));
    chat.addEventListener('live-chunk', e => speaker.liveChunk(e.detail.live.key, e.detail.pcm));
    chat.addEventListener('live-end', e => speaker.liveEnd(e.detail.live.key, { stored: false }));
    chat.addEventListener('stored', e => this.#stored(e.detail));
  }

  get rate() {
    return this.#rate;
  }

  set rate(r) {
    this.#rate = r;
    this.speaker.rate = r;
    saveSetting('rate', r);
    for (const card of this.#cards.values()) card.showRate?.(r);
  }

  /** A card shows key; if the Speaker already plays it (queued before the card was made), the card says so. */
  register(key, card) {
    this.#cards.set(key, card);
    this.#catchUp(key, card);
  }

  unregister(key) {
    this.#cards.delete(key);
  }

  /** A card now shows another message (live or own → stored): events for the old key go to it. */
  rekey(oldKey, newKey, card) {
    this.#cards.delete(oldKey);
    this.#cards.set(newKey, card);
    this.#alias.set(oldKey, newKey);
    this.#catchUp(oldKey, card);
  }

  #catchUp(key, card) {
    const state = this.speaker.stateOf?.(key);
    if (state) card.speakerState(state, NaN, NaN);
  }

  /** Whether a stored clip shows the unplayed dot. */
  unplayed(msg, liveKey) {
    if (this.chat.isOwn(msg.from) || this.played.has(msg.from, msg.id)) return false;
    const s = liveKey ? this.#streams.get(liveKey) : null;
    return !(s && (s.ended || s.hearing));
  }

  /** The play/pause button of a card. */
  toggle(card) {
    const key = card.key;
    if (card.playing) {
      // a stored message that ended a stream still being heard: stopping means stopping the stream
      const heard = card.live ? key : this.#liveHeardAs(key);
      if (heard) this.speaker.stop(heard);
      else this.speaker.pause(key);
    } else if (card.live) {
      this.speaker.listen(key);
    } else if (card.wav) {
      this.speaker.play(key, card.wav);
    }
  }

  stopAll() {
    this.speaker.stopAll();
  }

  dispose() {
    this.speaker.stopAll();
    this.speaker.removeEventListener('state', this.onSpeakerState);
    this.speaker.removeEventListener('progress', this.onSpeakerProgress);
  }

  /** The live stream still being heard whose stored message is now shown as key, if any. */
  #liveHeardAs(key) {
    for (const [from, to] of this.#alias) {
      if (to === key && from.startsWith('live:')) {
        const state = this.speaker.stateOf?.(from);
        if (state === 'playing' || state === 'waiting') return from;
      }
    }
    return null;
  }

  #card(key) {
    return this.#cards.get(this.#alias.get(key) ?? key);
  }

  #liveStart(live) {
    const autoplay = this.autoplay();
    this.#streams.set(live.key, { autoplay, hearing: false, ended: false });
    this.speaker.liveStart(live.key, { sampleRate: live.sampleRate, channels: live.channels, autoplay });
  }

  #stored({ msg, liveKey, pendingId, duplicate }) {
    if (msg.type !== 'voice' || duplicate) return;
    const seqKey = seqKeyOf(msg.seq);
    if (liveKey) {
      const s = this.#streams.get(liveKey);
      this.speaker.liveEnd(liveKey, { stored: true });
      this.#alias.set(liveKey, seqKey);
      if (s?.ended) this.#heard(msg);
      if (s && (s.autoplay || s.hearing || s.ended)) return; // heard, or being heard, live: never again
    }
    if (pendingId || msg.replay || this.chat.isOwn(msg.from) || !this.autoplay() || !msg.wav) return;
    if (this.played.has(msg.from, msg.id)) return;
    this.speaker.enqueue(seqKey, msg.wav);
  }

  /** A stored voice message was heard to its end. */
  #heard(msg) {
    this.played.add(msg.from, msg.id);
    if (!this.chat.isOwn(msg.from) && this.tellPlayed()) this.sendPlayed(msg.seq);
  }

  #speakerState(d) {
    const key = this.#alias.get(d.key) ?? d.key;
    const s = this.#streams.get(d.key);
    if (s) {
      s.hearing = d.state === 'playing' || d.state === 'waiting';
      if (d.state === 'ended') s.ended = true;
    }
    const message = key.startsWith('seq:') ? this.chat.message(Number(key.slice(4))) : null;
    if (d.state === 'ended' && message) this.#heard(message);
    const card = this.#cards.get(key);
    if (!card) return;
    card.speakerState(d.state, d.positionMs, d.durationMs);
    if (message) card.setUnplayed(this.unplayed(message, s ? d.key : null));
  }
}
