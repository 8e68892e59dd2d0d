// A listener's buffer for live streams (the desktop app's JitterBuffer and LiveQueue), driven by the audio clock:
// the live worklet asks render() for each render quantum's worth of the playing stream. Plain class, no Web Audio,
// so it can be tested anywhere.
//
// Rules, per stream:
// - it starts playing once startMs (60 ms) is queued, or at once when its end has come;
// - on an underrun (the quantum asks for audio that has not arrived) it plays what there is, then pauses and
//   re-buffers as at the start;
// - when more than maxMs (200 ms) has piled up it drops the oldest audio down to startMs, to be live again;
// - streams play one at a time, in the order they started: one that starts while another is there waits and plays
//   after it, whole (never trimmed); so does one started `whole` (someone pressed play on a running stream);
// - end(): no more chunks, it plays out what is queued, then 'finished'; stop(): gone at once, queue and all.
//
// Events: events(type, id, extra) with type 'started' (its first audio goes out), 'underrun', 'dropped'
// ({frames}), 'finished'.

class LiveQueue {
  constructor(sampleRate, channels, untrimmed, startFrames, maxFrames) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.untrimmed = untrimmed;
    this.startFrames = startFrames;
    this.maxFrames = maxFrames;
    this.chunks = []; // Float32Array, mono; chunks[head] is the oldest still queued
    this.head = 0;
    this.headOffset = 0;
    this.queued = 0; // frames
    this.played = 0; // frames taken to play
    this.ended = false;
    this.playing = false;
    this.startReported = false;
  }

  /** Appends interleaved 16-bit PCM (whole frames), mixed down to mono floats. */
  add(pcm) {
    const c = this.channels;
    const frames = Math.floor(pcm.length / c);
    if (frames === 0) return;
    const mono = new Float32Array(frames);
    if (c === 1) {
      for (let i = 0; i < frames; i++) mono[i] = pcm[i] / 32768;
    } else {
      for (let i = 0; i < frames; i++) {
        let s = 0;
        for (let k = 0; k < c; k++) s += pcm[i * c + k];
        mono[i] = s / (32768 * c);
      }
    }
    this.chunks.push(mono);
    this.queued += frames;
  }

  readyToPlay() {
    return this.queued >= this.startFrames || (this.ended && this.queued > 0);
  }

  /** Past maxFrames, drops the oldest down to startFrames; returns the frames dropped. */
  trim() {
    if (this.untrimmed || this.queued <= this.maxFrames) return 0;
    const drop = this.queued - this.startFrames;
    this.poll(null, 0, drop);
    return drop;
  }

  /** Moves up to n frames from the front into out[offset...] (or drops them when out is null); returns how many. */
  poll(out, offset, n) {
    n = Math.min(n, this.queued);
    let done = 0;
    while (done < n) {
      const chunk = this.chunks[this.head];
      const m = Math.min(n - done, chunk.length - this.headOffset);
      if (out) out.set(chunk.subarray(this.headOffset, this.headOffset + m), offset + done);
      done += m;
      this.headOffset += m;
      if (this.headOffset === chunk.length) {
        this.chunks[this.head++] = null;
        this.headOffset = 0;
      }
    }
    if (this.head > 64 && 2 * this.head > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    this.queued -= n;
    return n;
  }
}

export class JitterBuffer {
  constructor({ startMs = 60, maxMs = 200, events = () => {} } = {}) {
    if (!(startMs >= 0 && maxMs >= startMs)) throw new RangeError(`start after ${startMs} ms, max ${maxMs} ms`);
    this.startMs = startMs;
    this.maxMs = maxMs;
    this.events = events;
    this.streams = new Map(); // id -> LiveQueue, in the order they started; the first one plays
    this.scratch = new Float32Array(2048);
  }

  /** A stream began; `whole`: never trimmed. Again for an id it has does nothing and returns false. */
  start(id, { sampleRate = 16000, channels = 1, whole = false } = {}) {
    if (this.streams.has(id)) return false;
    const untrimmed = whole || this.streams.size > 0;
    const frames = (ms) => Math.round((sampleRate * ms) / 1000);
    this.streams.set(id, new LiveQueue(sampleRate, channels, untrimmed, frames(this.startMs), frames(this.maxMs)));
    return true;
  }

  /** The next chunk (Int16Array, interleaved) of a stream; ignored for a stream it does not have or that ended. */
  chunk(id, pcm) {
    const q = this.streams.get(id);
    if (!q || q.ended) return false;
    q.add(pcm);
    return true;
  }

  /** No more chunks for the stream: it plays out. */
  end(id) {
    const q = this.streams.get(id);
    if (!q) return false;
    q.ended = true;
    return true;
  }

  /** The stream is gone at once, queued audio included (aborted, or no longer listened to). */
  stop(id) {
    return this.streams.delete(id);
  }

  clear() {
    this.streams.clear();
  }

  has(id) {
    return this.streams.has(id);
  }

  get idle() {
    return this.streams.size === 0;
  }

  /** The playing stream's queue (or null), for its position. */
  queue(id) {
    return this.streams.get(id) ?? null;
  }

  /**
   * One render step. framesFor(queue, id) says how many frames, at the stream's own rate, this step needs. Returns null
   * (silence) or {id, queue, samples, got, want}: samples[0..got) are the stream's next mono frames, got < want
   * when it ran dry (underrun) or finished (queue.ended, and 'finished' was reported).
   */
  render(framesFor) {
    for (;;) {
      const first = this.streams.entries().next();
      if (first.done) return null;
      const [id, q] = first.value;
      const dropped = q.trim();
      if (dropped > 0) this.events('dropped', id, { frames: dropped });
      if (!q.playing) {
        if (q.queued === 0 && q.ended) {
          this.#finish(id);
          continue; // the next stream may start in the same step
        }
        if (!q.readyToPlay()) return null;
        q.playing = true;
        if (!q.startReported) {
          q.startReported = true;
          this.events('started', id, {});
        }
      }
      const want = framesFor(q, id);
      if (this.scratch.length < want) this.scratch = new Float32Array(2 * want);
      const got = q.poll(this.scratch, 0, want);
      q.played += got;
      if (q.queued === 0) {
        if (q.ended) {
          this.#finish(id);
        } else if (got < want) {
          q.playing = false;
          this.events('underrun', id, {});
        }
      }
      return { id, queue: q, samples: this.scratch, got, want };
    }
  }

  #finish(id) {
    this.streams.delete(id);
    this.events('finished', id, {});
  }
}
