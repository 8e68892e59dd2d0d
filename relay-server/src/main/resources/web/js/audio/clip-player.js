// One clip on the page's media element (context.js): a Blob URL of its WAV, played at a rate with the pitch kept.
// The Speaker decides what plays; this only plays, pauses, resumes, stops, and says when it ended or failed.

import { mediaElement } from './context.js';

export class ClipPlayer {
  #el = mediaElement();
  #url;
  #done = false;
  #onEnded;
  #onFailed;
  #listeners;
  #rate = 1;

  /** @param {Uint8Array|ArrayBuffer} wav  @param {{rate:number, onEnded:Function, onFailed:Function}} options */
  constructor(wav, { rate = 1, onEnded, onFailed }) {
    this.#url = URL.createObjectURL(new Blob([wav], { type: 'audio/wav' }));
    this.#onEnded = onEnded;
    this.#onFailed = onFailed;
    this.rate = rate;
    this.#listeners = {
      ended: () => this.#finish(this.#onEnded),
      error: () => this.#finish(this.#onFailed, new Error('the clip cannot be played')),
    };
  }

  /** Starts from the beginning. */
  play() {
    const el = this.#el;
    el.pause();
    el.src = this.#url;
    this.#applyRate();
    el.addEventListener('ended', this.#listeners.ended);
    el.addEventListener('error', this.#listeners.error);
    this.#start();
  }

  pause() {
    if (!this.#done) this.#el.pause();
  }

  resume() {
    if (!this.#done) this.#start();
  }

  /** Stops it for good; no event follows. */
  stop() {
    this.#release();
  }

  get positionMs() {
    return Math.round((this.#done ? 0 : this.#el.currentTime) * 1000);
  }

  set rate(r) {
    this.#rate = r;
    if (this.#el.src === this.#url) this.#applyRate();
  }

  get rate() {
    return this.#rate;
  }

  #applyRate() {
    const el = this.#el;
    el.preservesPitch = true;
    el.mozPreservesPitch = true;
    el.webkitPreservesPitch = true;
    el.defaultPlaybackRate = this.#rate;
    el.playbackRate = this.#rate;
  }

  #start() {
    let played;
    try {
      played = this.#el.play();
    } catch (e) {
      this.#finish(this.#onFailed, e);
      return;
    }
    played?.catch((e) => {
      // a pause() or a new source interrupts a pending play(): AbortError, not a failure
      if (e && e.name === 'AbortError') return;
      if (this.#el.src === this.#url) this.#finish(this.#onFailed, e);
    });
  }

  #finish(callback, arg) {
    if (this.#done) return;
    this.#release();
    callback?.(arg);
  }

  #release() {
    if (this.#done) return;
    this.#done = true;
    const el = this.#el;
    el.removeEventListener('ended', this.#listeners.ended);
    el.removeEventListener('error', this.#listeners.error);
    if (el.src === this.#url) {
      el.pause();
      el.removeAttribute('src');
      el.load();
    }
    URL.revokeObjectURL(this.#url);
  }
}
