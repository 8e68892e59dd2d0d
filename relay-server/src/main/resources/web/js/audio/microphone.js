// The microphone: getUserMedia without the browser's voice processing, into the 'parley-capture' worklet, which
// hands back 20 ms chunks of 16 kHz mono PCM16 while a recording runs.
//
// Events: 'chunk' {detail: Int16Array(320)}, 'level' {detail: 0..1} about every 50 ms, both only while recording;
// 'error' {detail: MicrophoneError} when an open microphone goes away (unplugged, permission taken back): it is
// closed then, and a recording running is cancelled.

import { audioContext, contextRunning, loadWorklet } from './context.js';

/** The capture worklet's module. */
export const WORKLET_URL = new URL('./capture-worklet.js', import.meta.url).href;

/** Why there is no microphone: reason is 'denied' | 'missing' | 'insecure' | 'unsupported' | 'failed'. */
export class MicrophoneError extends Error {
  constructor(reason, message, cause) {
    super(message || reason, cause === undefined ? undefined : { cause });
    this.name = 'MicrophoneError';
    this.reason = reason;
  }
}

function reasonOf(e) {
  switch (e && e.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'failed'; // NotReadableError (busy, or the device failed), AbortError, ...
  }
}

export class Microphone extends EventTarget {
  #stream = null;
  #source = null;
  #node = null;
  #opening = null;
  #closes = 0; // close() while open() waits: what it opened is let go
  #recording = false;
  #take = 0; // which recording the worklet's messages belong to
  #chunks = [];

  get isOpen() {
    return this.#node !== null;
  }

  /** Whether a recording runs (between start() and stop() or cancel()). */
  get isRecording() {
    return this.#recording;
  }

  /**
   * Asks for the microphone and starts capturing (nothing is recorded before start()). Throws MicrophoneError.
   * A close() meanwhile wins: the microphone is let go as soon as it comes, and isOpen stays false.
   */
  open() {
    if (this.#node) return Promise.resolve();
    if (!this.#opening) {
      this.#opening = this.#open().finally(() => {
        this.#opening = null;
      });
    }
    return this.#opening;
  }

  async #open() {
    const closes = this.#closes;
    if (globalThis.isSecureContext === false) {
      throw new MicrophoneError('insecure', 'the microphone needs a secure (https) page');
    }
    const devices = globalThis.navigator && navigator.mediaDevices;
    if (!devices || typeof devices.getUserMedia !== 'function') {
      throw new MicrophoneError('unsupported', 'this browser cannot use a microphone');
    }
    let ctx;
    try {
      ctx = audioContext();
    } catch (e) {
      throw new MicrophoneError('unsupported', e.message, e);
    }
    if (!ctx.audioWorklet || typeof AudioWorkletNode === 'undefined') {
      throw new MicrophoneError('unsupported', 'this browser has no AudioWorklet');
    }
    let stream;
    try {
      stream = await devices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: { ideal: 1 } },
        video: false,
      });
    } catch (e) {
      throw new MicrophoneError(reasonOf(e), (e && e.message) || String(e), e);
    }
    const track = stream.getAudioTracks()[0];
    if (!track) {
      stream.getTracks().forEach((t) => t.stop());
      throw new MicrophoneError('missing', 'no audio track');
    }
    let source = null;
    let node = null;
    try {
      await loadWorklet(WORKLET_URL);
      source = ctx.createMediaStreamSource(stream);
      node = new AudioWorkletNode(ctx, 'parley-capture', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
      });
      source.connect(node);
      node.connect(ctx.destination); // its output is silence; connected so that the graph runs it
      contextRunning().catch(() => {}); // not awaited: if it waits for a gesture, it starts with the first one
    } catch (e) {
      try { source?.disconnect(); node?.disconnect(); } catch { /* already gone */ }
      stream.getTracks().forEach((t) => t.stop());
      throw new MicrophoneError('failed', (e && e.message) || String(e), e);
    }
    if (closes !== this.#closes) {
      node.port.postMessage({ type: 'close' });
      source.disconnect();
      node.disconnect();
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    node.port.onmessage = (e) => this.#message(e.data);
    node.onprocessorerror = () => this.#lost(new MicrophoneError('failed', 'the capture worklet failed'));
    track.addEventListener('ended', () => this.#lost(new MicrophoneError('missing', 'the microphone went away')));
    this.#stream = stream;
    this.#source = source;
    this.#node = node;
  }

  /** Begins a recording: 'chunk' and 'level' events follow. */
  start() {
    if (!this.#node) throw new MicrophoneError('failed', 'the microphone is not open');
    this.#chunks = [];
    this.#recording = true;
    this.#node.port.postMessage({ type: 'start', take: ++this.#take });
    contextRunning().catch(() => {});
  }

  /**
   * Ends the recording and returns its PCM (16 kHz mono): exactly the chunks dispatched, in order, so the clip
   * is byte for byte what a live stream of those chunks stores. The last partial chunk (under 20 ms, inside the
   * release tail) is dropped.
   */
  stop() {
    const chunks = this.#end();
    let total = 0;
    for (const c of chunks) total += c.length;
    const pcm = new Int16Array(total);
    let at = 0;
    for (const c of chunks) {
      pcm.set(c, at);
      at += c.length;
    }
    return pcm;
  }

  /** Ends the recording; nothing is kept. */
  cancel() {
    this.#end();
  }

  /** Lets the microphone go (the browser's recording indicator goes off). open() again to use it. */
  close() {
    this.#closes++;
    this.#end();
    const node = this.#node;
    if (node) {
      node.port.postMessage({ type: 'close' });
      node.port.onmessage = null;
      node.onprocessorerror = null;
      try { this.#source.disconnect(); node.disconnect(); } catch { /* already gone */ }
    }
    this.#stream?.getTracks().forEach((t) => t.stop());
    this.#stream = null;
    this.#source = null;
    this.#node = null;
  }

  #end() {
    const chunks = this.#chunks;
    this.#chunks = [];
    if (this.#recording) {
      this.#recording = false;
      this.#node?.port.postMessage({ type: 'stop' });
    }
    return chunks;
  }

  #message(m) {
    if (!this.#recording || m.take !== this.#take) return; // in flight when the recording ended
    if (m.type === 'chunk') {
      this.#chunks.push(m.pcm);
      this.dispatchEvent(new CustomEvent('chunk', { detail: m.pcm }));
    } else if (m.type === 'level') {
      this.dispatchEvent(new CustomEvent('level', { detail: m.level }));
    }
  }

  #lost(error) {
    if (!this.#node) return;
    this.close();
    this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }
}
