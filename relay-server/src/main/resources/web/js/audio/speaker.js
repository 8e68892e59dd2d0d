// What goes to the speaker, one voice at a time and never mixed (the desktop app's PlaybackViewModel and LiveRoom):
// - play(key, wav) by hand stops whatever else plays (a live stream being heard too) and forgets the queue;
// - enqueue(key, wav) (walkie-talkie mode) plays after what plays now and what is queued;
// - a live stream heard (liveStart with autoplay, or listen) pauses a clip playing, which resumes once no live
//   stream is heard; clips queued meanwhile wait for it; two live streams: the second waits and plays whole after;
// - a live stream heard to its end reports 'ended'; stopped, aborted or failed before its end reports 'stopped'.
//
// Clips play through the page's media element (clip-player.js), live streams through the 'parley-live' worklet.
// Events: 'state' {detail: {key, state, positionMs, durationMs, error?}} with state 'playing' | 'paused' |
// 'ended' | 'stopped' | 'waiting'; 'progress' {detail: {key, positionMs, durationMs}} about 10 times a second
// while a clip or a live stream plays (a live stream's durationMs is what has come of it so far); 'live'
// {detail: {key, event: 'underrun' | 'dropped', frames?}} about the jitter buffer.

import { audioContext, contextRunning, loadWorklet } from './context.js';
import { ClipPlayer } from './clip-player.js';
import { wavInfo } from './wav.js';

/** The live worklet's module. */
export const LIVE_URL = new URL('./live-worklet.js', import.meta.url).href;
const PROGRESS_MS = 100;

/** A chunk as an Int16Array of its own (from an Int16Array, a Uint8Array or an ArrayBuffer of PCM16 LE). */
function toInt16(pcm) {
  if (pcm instanceof Int16Array) {
    return pcm.byteOffset === 0 && pcm.byteLength === pcm.buffer.byteLength ? pcm : pcm.slice();
  }
  const b = pcm instanceof ArrayBuffer ? new Uint8Array(pcm)
    : new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Int16Array(b.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = v.getInt16(2 * i, true);
  return out;
}

function durationOf(wav) {
  try {
    return wavInfo(wav).durationMs;
  } catch {
    return 0;
  }
}

export class Speaker extends EventTarget {
  #rate = 1;
  /** The clip playing or paused: {key, player, durationMs, paused, pausedForLive}. */
  #clip = null;
  /** Clips waiting: {key, wav}. */
  #queue = [];
  /** Live streams running or heard: key -> {key, sampleRate, channels, chunks, frames, ended, token, playedMs}. */
  #live = new Map();
  /** Live streams going to the speaker (playing or waiting), in order. */
  #heard = new Set();
  /** The worklet's stream ids (token) -> key. */
  #byToken = new Map();
  #nextToken = 1;
  #node = null;
  #loading = null;
  #pending = [];
  #timer = 0;
  #states = new Map();

  /** The last state reported for key while it is 'playing', 'paused' or 'waiting'; else null. */
  stateOf(key) {
    return this.#states.get(key) ?? null;
  }

  get rate() {
    return this.#rate;
  }

  /** Playback speed of clips (1, 1.5 or 2; pitch kept); applies to the clip playing too. Live is always 1×. */
  set rate(r) {
    r = Number(r);
    if (!Number.isFinite(r) || r <= 0) throw new RangeError(`playback rate ${r}`);
    this.#rate = Math.min(4, Math.max(0.25, r));
    if (this.#clip) this.#clip.player.rate = this.#rate;
  }

  // ------------------------------------------------------------------ clips

  /** By hand: stops whatever else plays and forgets the queue; plays key from the start, or resumes it if paused. */
  play(key, wav) {
    if (this.#live.has(key)) {
      this.listen(key);
      return;
    }
    const c = this.#clip;
    if (c && c.key === key) {
      if (c.paused) {
        this.#stopHearingLive();
        this.#resumeClip();
      }
      return;
    }
    this.#queue = this.#queue.filter((q) => q.key !== key); // waiting, now played by hand: not 'stopped' first
    this.#clearQueue();
    this.#stopHearingLive();
    this.#startClip(key, wav);
  }

  /** Pauses a clip; for a live stream being heard, stops hearing it; a clip waiting leaves the queue. */
  pause(key) {
    const c = this.#clip;
    if (c && c.key === key) {
      if (!c.paused) this.#pauseClip(false);
      else c.pausedForLive = false; // paused for a live stream, now by hand too: stays paused after it
      return;
    }
    this.stop(key);
  }

  /** Stops key, whatever it is (clip playing or paused, clip waiting, live stream heard); what waits goes on. */
  stop(key) {
    const c = this.#clip;
    if (c && c.key === key) {
      this.#stopClip();
      if (this.#heard.size === 0) this.#playNext();
    } else if (this.#heard.has(key)) {
      this.#stopHearing(key);
      this.#liveGone();
    } else {
      const i = this.#queue.findIndex((q) => q.key === key);
      if (i >= 0) {
        const [q] = this.#queue.splice(i, 1);
        this.#emit(key, 'stopped', 0, durationOf(q.wav));
      }
    }
  }

  /** Walkie-talkie: plays key after what plays now and what is queued ('waiting' until then). */
  enqueue(key, wav) {
    if (this.#clip?.key === key || this.#live.has(key) || this.#queue.some((q) => q.key === key)) return;
    if (!this.#clip && this.#heard.size === 0 && this.#queue.length === 0) {
      this.#startClip(key, wav);
      return;
    }
    this.#queue.push({ key, wav });
    this.#emit(key, 'waiting', 0, durationOf(wav));
  }

  /** Stops everything, forgets the queue and every live stream (leaving the room, the connection lost). */
  stopAll() {
    this.#clearQueue();
    this.#stopHearingLive();
    this.#stopClip();
    this.#live.clear();
    if (this.#node) this.#post({ type: 'clear' });
  }

  #startClip(key, wav) {
    this.#stopClip();
    let durationMs;
    try {
      durationMs = wavInfo(wav).durationMs;
    } catch (error) {
      this.#emit(key, 'stopped', 0, 0, error);
      return false;
    }
    const clip = { key, durationMs, paused: false, pausedForLive: false, player: null };
    clip.player = new ClipPlayer(wav, {
      rate: this.#rate,
      onEnded: () => this.#clipDone(clip, 'ended'),
      onFailed: (error) => this.#clipDone(clip, 'stopped', error),
    });
    this.#clip = clip;
    this.#emit(key, 'playing', 0, durationMs);
    clip.player.play();
    this.#tick();
    return true;
  }

  #clipDone(clip, state, error) {
    if (this.#clip !== clip) return;
    this.#clip = null;
    this.#emit(clip.key, state, state === 'ended' ? clip.durationMs : 0, clip.durationMs, error);
    if (this.#heard.size === 0) this.#playNext();
  }

  #stopClip() {
    const c = this.#clip;
    if (!c) return;
    this.#clip = null;
    const at = c.player.positionMs;
    c.player.stop();
    this.#emit(c.key, 'stopped', at, c.durationMs);
  }

  #pauseClip(forLive) {
    const c = this.#clip;
    c.player.pause();
    c.paused = true;
    c.pausedForLive = forLive;
    this.#emit(c.key, 'paused', c.player.positionMs, c.durationMs);
  }

  #resumeClip() {
    const c = this.#clip;
    c.paused = false;
    c.pausedForLive = false;
    c.player.resume();
    this.#emit(c.key, 'playing', c.player.positionMs, c.durationMs);
    this.#tick();
  }

  #playNext() {
    while (this.#queue.length > 0 && !this.#clip) {
      const next = this.#queue.shift();
      this.#startClip(next.key, next.wav);
    }
  }

  #clearQueue() {
    const queued = this.#queue;
    this.#queue = [];
    for (const q of queued) this.#emit(q.key, 'stopped', 0, durationOf(q.wav));
  }

  #tick() {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      const c = this.#clip;
      if (!c || c.paused) {
        clearInterval(this.#timer);
        this.#timer = 0;
        return;
      }
      this.#progress(c.key, Math.min(c.player.positionMs, c.durationMs), c.durationMs);
    }, PROGRESS_MS);
  }

  // ------------------------------------------------------------------ live streams

  /** A live stream began; with autoplay it is heard at once (or after the one heard now). */
  liveStart(key, { sampleRate = 16000, channels = 1, autoplay = false } = {}) {
    if (this.#live.has(key)) return;
    const playable = Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 48000
      && (channels === 1 || channels === 2);
    const s = { key, sampleRate, channels, playable, chunks: [], frames: 0, ended: false, token: 0, playedMs: 0 };
    this.#live.set(key, s);
    if (!autoplay) return;
    if (playable) this.#hear(s, false);
    else this.#emit(key, 'stopped', 0, 0, new Error(`cannot play ${sampleRate} Hz, ${channels} channels`));
  }

  /** The stream's next chunk (Int16Array, or the PCM16 LE bytes). */
  liveChunk(key, pcm) {
    const s = this.#live.get(key);
    if (!s || s.ended) return;
    const data = toInt16(pcm);
    if (data.length === 0 || !s.playable) return;
    s.chunks.push(data);
    s.frames += Math.floor(data.length / s.channels);
    if (s.token) this.#post({ type: 'chunk', id: s.token, pcm: data });
  }

  /** The stream ended: stored (its stored message came; what is queued plays out) or not (aborted: stops now). */
  liveEnd(key, { stored = false } = {}) {
    const s = this.#live.get(key);
    if (!s || s.ended) return;
    s.ended = true;
    s.chunks = [];
    if (!s.token) {
      this.#live.delete(key);
    } else if (stored) {
      this.#post({ type: 'end', id: s.token });
    } else {
      this.#stopHearing(key);
      this.#liveGone();
    }
  }

  /** By hand: hears a running live stream from its first chunk, whole; stops whatever else plays. */
  listen(key) {
    const s = this.#live.get(key);
    if (!s) return false;
    if (s.token) return true;
    if (s.ended || !s.playable) return false;
    this.#stopHearingLive();
    this.#clearQueue();
    this.#stopClip();
    this.#hear(s, true);
    return true;
  }

  #hear(s, whole) {
    s.token = this.#nextToken++;
    this.#byToken.set(s.token, s.key);
    this.#heard.add(s.key);
    this.#post({ type: 'start', id: s.token, sampleRate: s.sampleRate, channels: s.channels, whole });
    if (whole) for (const pcm of s.chunks) this.#post({ type: 'chunk', id: s.token, pcm });
    this.#emit(s.key, 'waiting', 0, this.#liveMs(s));
    const c = this.#clip;
    if (c && !c.paused) this.#pauseClip(true);
    contextRunning(1500).then((running) => {
      if (!running && s.token) this.#stopAllHeard(new Error('the browser does not let this page play sound yet'));
    }, () => { /* no Web Audio: the worklet's failure reports it */ });
  }

  /** Stops hearing one stream, reports it; what should play next is the caller's business. */
  #stopHearing(key, error) {
    const s = this.#live.get(key);
    if (!s || !s.token) return;
    this.#post({ type: 'stop', id: s.token });
    this.#byToken.delete(s.token);
    s.token = 0;
    this.#heard.delete(key);
    if (s.ended) this.#live.delete(key);
    this.#emit(key, 'stopped', s.playedMs, this.#liveMs(s), error);
  }

  #stopHearingLive() {
    for (const key of [...this.#heard]) this.#stopHearing(key);
    if (this.#clip) this.#clip.pausedForLive = false;
  }

  /** A live stream stopped going to the speaker: once none does, the paused clip resumes or the queue goes on. */
  #liveGone() {
    if (this.#heard.size > 0) return;
    const c = this.#clip;
    if (!c) this.#playNext();
    else if (c.paused && c.pausedForLive) this.#resumeClip();
  }

  #liveMs(s) {
    return Math.round((s.frames * 1000) / s.sampleRate);
  }

  #fromWorklet(m) {
    const key = this.#byToken.get(m.id);
    if (key === undefined) return; // stopped meanwhile
    const s = this.#live.get(key);
    switch (m.type) {
      case 'started':
        this.#emit(key, 'playing', s.playedMs, this.#liveMs(s));
        break;
      case 'position':
        s.playedMs = m.playedMs;
        this.#progress(key, m.playedMs, this.#liveMs(s));
        break;
      case 'finished':
        this.#byToken.delete(m.id);
        s.token = 0;
        this.#heard.delete(key);
        this.#live.delete(key);
        s.playedMs = this.#liveMs(s);
        this.#emit(key, 'ended', s.playedMs, s.playedMs);
        this.#liveGone();
        break;
      case 'underrun':
      case 'dropped':
        this.dispatchEvent(new CustomEvent('live', { detail: { key, event: m.type, frames: m.frames } }));
        break;
      default:
    }
  }

  /** To the live worklet; a 'start' creates it if need be; other messages without a worklet have no stream there. */
  #post(m) {
    if (this.#node) {
      this.#node.port.postMessage(m);
      return;
    }
    if (!this.#loading && m.type !== 'start') return;
    this.#pending.push(m);
    if (this.#loading) return;
    this.#loading = Promise.resolve()
      .then(() => loadWorklet(LIVE_URL))
      .then(() => {
        const ctx = audioContext();
        const node = new AudioWorkletNode(ctx, 'parley-live', {
          numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1],
        });
        node.port.onmessage = (e) => this.#fromWorklet(e.data);
        node.onprocessorerror = () => this.#liveFailed(new Error('the live worklet failed'));
        node.connect(ctx.destination);
        this.#node = node;
        const pending = this.#pending;
        this.#pending = [];
        for (const p of pending) node.port.postMessage(p);
      })
      .catch((error) => this.#liveFailed(error))
      .finally(() => {
        this.#loading = null;
      });
  }

  /** The live worklet failed or could not be made: it is dropped, and every stream heard stops. */
  #liveFailed(error) {
    const node = this.#node;
    this.#node = null;
    if (node) {
      node.port.onmessage = null;
      node.onprocessorerror = null;
      try { node.disconnect(); } catch { /* already */ }
    }
    this.#stopAllHeard(error);
    this.#pending = [];
  }

  /** Every stream heard stops (reported 'stopped' with the error); then the paused clip or the queue goes on. */
  #stopAllHeard(error) {
    if (this.#heard.size === 0) return;
    for (const key of [...this.#heard]) this.#stopHearing(key, error);
    this.#liveGone();
  }

  // ------------------------------------------------------------------ events

  #emit(key, state, positionMs, durationMs, error) {
    if (state === 'playing' || state === 'paused' || state === 'waiting') this.#states.set(key, state);
    else this.#states.delete(key);
    const detail = { key, state, positionMs, durationMs };
    if (error) detail.error = error;
    this.dispatchEvent(new CustomEvent('state', { detail }));
  }

  #progress(key, positionMs, durationMs) {
    this.dispatchEvent(new CustomEvent('progress', { detail: { key, positionMs, durationMs } }));
  }
}
