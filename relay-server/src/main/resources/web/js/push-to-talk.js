// Push-to-talk (the desktop app's PushToTalkViewModel): press() starts a recording (again while recording does
// nothing, so a held key's repeat is harmless), release() ends it after the release tail, cancel() throws it away.
// Taps under 0.3 s are cancelled with a hint; a recording stops itself at the relay's limits.
//
// Live: each recording opens a stream (when the session speaks protocol 2) as the microphone starts, forwards every
// 20 ms chunk as the Microphone dispatches it, and at the end hands the whole WAV to the connection under the same
// id: voice-end while the stream is open, the clip whole otherwise; kept in the outbox until its echo either way.
//
// States: idle → opening (first press: the microphone is asked for) → recording → tail → idle; unavailable when the
// microphone is blocked or missing (reason: denied|missing|insecure|unsupported|failed).
// Events: 'state' {state, reason}, 'level' {level}, 'hint' {key}.

import { encodeWav } from './audio/wav.js';
import { newId } from './protocol.js';

export const MIN_CLIP_MS = 300;
export const TAIL_MS = 200;
const RATE = 16000;
/** Stop a little before the relay's limit so the last chunk is not refused. */
const LIMIT_MARGIN_MS = 100;

export class PushToTalk extends EventTarget {
  #rec = null;
  #pressed = false;
  #tailTimer = null;
  #limitTimer = null;

  /**
   * @param deps {mic, connection, chat, typing, now(), setTimeout, clearTimeout, makeId(), encode(pcm)}
   */
  constructor(deps) {
    super();
    this.mic = deps.mic;
    this.connection = deps.connection;
    this.chat = deps.chat;
    this.typing = deps.typing;
    this.now = deps.now ?? (() => performance.now());
    this.setTimer = deps.setTimeout ?? ((f, ms) => setTimeout(f, ms));
    this.clearTimer = deps.clearTimeout ?? (t => clearTimeout(t));
    this.makeId = deps.makeId ?? (() => newId('v'));
    this.encode = deps.encode ?? (pcm => encodeWav(pcm, RATE, 1));
    this.state = 'idle';
    this.reason = null;
    this.mic.addEventListener('chunk', e => this.#chunk(e.detail));
    this.mic.addEventListener('level', e => this.dispatchEvent(new CustomEvent('level', { detail: { level: e.detail } })));
    this.mic.addEventListener('error', e => this.#micLost(e.detail));
  }

  /** When the recording now under way started (for the timer shown), or null. */
  get startedAt() {
    return this.#rec?.startedAt ?? null;
  }

  /** Opens the microphone ahead of the first press (permission already granted); failures make it unavailable. */
  async prepare() {
    if (this.mic.isOpen || this.state !== 'idle') return;
    await this.#openMic();
  }

  unavailable(reason) {
    this.#set('unavailable', reason);
  }

  /** The microphone might work again (a device appeared, permission granted): the next press tries. */
  retryLater() {
    if (this.state === 'unavailable') this.#set('idle', null);
  }

  async press() {
    if (this.state === 'unavailable' || this.#pressed) return;
    this.#pressed = true;
    if (this.state === 'tail') this.#finish(false);
    if (this.state !== 'idle') return;
    if (!this.mic.isOpen) {
      this.#set('opening', null);
      const ok = await this.#openMic();
      if (!ok) {
        this.#pressed = false;
        return;
      }
      this.#set('idle', null);
      if (!this.#pressed) {
        this.#hint('talk.tooShort');
        return;
      }
    }
    this.#begin();
  }

  release() {
    if (!this.#pressed) return;
    this.#pressed = false;
    if (this.state !== 'recording') return;
    if (this.now() - this.#rec.startedAt < MIN_CLIP_MS) {
      this.#drop('talk.tooShort');
      return;
    }
    this.#set('tail', null);
    this.#tailTimer = this.setTimer(() => {
      this.#tailTimer = null;
      this.#finish(false);
    }, TAIL_MS);
  }

  /** Slide away, Escape, leaving: nothing is sent. */
  cancel() {
    this.#pressed = false;
    if (this.state === 'recording' || this.state === 'tail') this.#drop('talk.cancelled');
  }

  close() {
    this.cancel();
    this.mic.close();
  }

  async #openMic() {
    try {
      await this.mic.open();
      return true;
    } catch (e) {
      const reason = ['denied', 'missing', 'insecure', 'unsupported'].includes(e?.reason) ? e.reason : 'failed';
      this.#set('unavailable', reason);
      return false;
    }
  }

  #begin() {
    const id = this.makeId();
    const live = this.connection.startStream(id, RATE, 1);
    this.#rec = { id, live, n: 0, samples: 0, startedAt: this.now() };
    this.mic.start();
    this.typing.recordingStarted(Date.now());
    this.#set('recording', null);
    const limits = this.chat.limits;
    const bytesMs = Math.floor((limits.maxClipBytes - 44) / (RATE * 2 / 1000));
    const limitMs = Math.max(MIN_CLIP_MS, Math.min(limits.maxClipMillis, bytesMs) - LIMIT_MARGIN_MS);
    this.#limitTimer = this.setTimer(() => {
      this.#limitTimer = null;
      if (this.state === 'recording' || this.state === 'tail') {
        this.#pressed = false;
        this.#finish(true);
      }
    }, limitMs);
  }

  #chunk(pcm) {
    const r = this.#rec;
    if (!r || (this.state !== 'recording' && this.state !== 'tail')) return;
    if (r.live) this.connection.sendChunk(r.id, r.n, pcm);
    r.n++;
    r.samples += pcm.length;
  }

  /** Ends the recording and sends it. */
  #finish(autoStopped) {
    const r = this.#rec;
    this.#clearRecordingTimers();
    this.#rec = null;
    if (!r) return;
    const pcm = this.mic.stop();
    this.#set('idle', null);
    if (!pcm || pcm.length === 0) {
      this.connection.cancelStream(r.id);
      this.typing.recordingCancelled();
      this.#hint('talk.tooShort');
      return;
    }
    const wav = this.encode(pcm);
    if (wav.length > this.chat.limits.maxClipBytes) {
      this.connection.cancelStream(r.id);
      this.typing.recordingCancelled();
      this.#hint('talk.tooLarge');
      return;
    }
    if (r.live && pcm.length > r.samples) {
      // what the microphone held after its last chunk: streamed too, so the stored clip is exactly this WAV
      this.connection.sendChunk(r.id, r.n, pcm.subarray(r.samples));
    }
    const durationMs = Math.round(pcm.length * 1000 / RATE);
    this.chat.addPending({ kind: 'voice', id: r.id, wav, durationMs });
    this.connection.endStream(r.id, wav);
    this.typing.messageSent();
    if (autoStopped) this.#hint('talk.autoStopped');
  }

  #drop(hintKey) {
    const r = this.#rec;
    this.#clearRecordingTimers();
    this.#rec = null;
    if (r) {
      this.mic.cancel();
      this.connection.cancelStream(r.id);
      this.typing.recordingCancelled();
    }
    this.#set('idle', null);
    this.#hint(hintKey);
  }

  /** The open microphone went away (unplugged, permission taken back); the Microphone cancelled its recording. */
  #micLost(error) {
    const r = this.#rec;
    this.#clearRecordingTimers();
    this.#rec = null;
    this.#pressed = false;
    if (r) {
      this.connection.cancelStream(r.id);
      this.typing.recordingCancelled();
    }
    const reason = ['denied', 'missing'].includes(error?.reason) ? error.reason : 'failed';
    this.#set('unavailable', reason);
  }

  #clearRecordingTimers() {
    if (this.#tailTimer !== null) this.clearTimer(this.#tailTimer);
    if (this.#limitTimer !== null) this.clearTimer(this.#limitTimer);
    this.#tailTimer = null;
    this.#limitTimer = null;
  }

  #set(state, reason) {
    this.state = state;
    this.reason = reason;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, reason } }));
  }

  #hint(key) {
    this.dispatchEvent(new CustomEvent('hint', { detail: { key } }));
  }
}
