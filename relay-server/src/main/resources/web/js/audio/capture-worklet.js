// AudioWorkletProcessor 'parley-capture': the microphone, mixed down to mono, resampled from the context's rate to
// 16 kHz through a windowed-sinc low-pass (resample.js), posted to the main thread as 20 ms chunks of 320 Int16
// samples while a recording runs, with the loudest sample of every 50 ms as the level (0 to 1).
//
// Port messages in: {type:'start', take} | {type:'stop'} | {type:'close'}.
// Out: {type:'chunk', take, pcm: Int16Array(320), n, time} | {type:'level', take, level}.

import { Resampler } from './resample.js';

const RATE = 16000;
const CHUNK = 320; // 20 ms
const LEVEL_EVERY = 800; // 50 ms

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.resampler = new Resampler(sampleRate, RATE);
    this.mono = new Float32Array(128);
    this.out = new Float32Array(256);
    this.recording = false;
    this.take = 0;
    this.closed = false;
    this.chunk = null;
    this.fill = 0;
    this.n = 0;
    this.peak = 0;
    this.levelCount = 0;
    this.port.onmessage = (e) => this.message(e.data);
  }

  message(m) {
    if (m.type === 'start') {
      this.recording = true;
      this.take = m.take;
      this.chunk = new Int16Array(CHUNK);
      this.fill = 0;
      this.n = 0;
      this.peak = 0;
      this.levelCount = 0;
    } else if (m.type === 'stop') {
      this.recording = false;
      this.chunk = null;
    } else if (m.type === 'close') {
      this.closed = true;
    }
  }

  process(inputs) {
    if (this.closed) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true; // nothing connected (yet)
    const frames = input[0].length;
    if (this.mono.length < frames) this.mono = new Float32Array(frames);
    const mono = this.mono;
    if (input.length === 1) {
      mono.set(input[0]);
    } else {
      const k = 1 / input.length;
      for (let i = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < input.length; c++) s += input[c][i];
        mono[i] = s * k;
      }
    }
    const rs = this.resampler;
    rs.push(mono, 0, frames);
    if (!this.recording) {
      rs.skip(); // keeps the history warm, computes nothing
      return true;
    }
    const k = rs.available();
    if (this.out.length < k) this.out = new Float32Array(2 * k);
    rs.read(this.out, 0, k);
    for (let i = 0; i < k; i++) {
      const v = this.out[i];
      const a = v < 0 ? -v : v;
      if (a > this.peak) this.peak = a;
      let s = Math.round(v * 32768);
      if (s > 32767) s = 32767;
      else if (s < -32768) s = -32768;
      this.chunk[this.fill++] = s;
      if (this.fill === CHUNK) {
        const chunk = { type: 'chunk', take: this.take, pcm: this.chunk, n: this.n++, time: currentTime };
        this.port.postMessage(chunk, [this.chunk.buffer]);
        this.chunk = new Int16Array(CHUNK);
        this.fill = 0;
      }
      if (++this.levelCount === LEVEL_EVERY) {
        this.port.postMessage({ type: 'level', take: this.take, level: Math.min(1, this.peak) });
        this.peak = 0;
        this.levelCount = 0;
      }
    }
    return true;
  }
}

registerProcessor('parley-capture', CaptureProcessor);
