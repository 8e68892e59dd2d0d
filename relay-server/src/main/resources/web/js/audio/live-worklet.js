// AudioWorkletProcessor 'parley-live': plays live streams through the jitter buffer (jitter.js), one at a time,
// each resampled from its own rate to the context's (resample.js). The audio clock drives it: every render
// quantum takes what the playing stream needs.
//
// Port messages in: {type:'start', id, sampleRate, channels, whole} | {type:'chunk', id, pcm: Int16Array} |
// {type:'end', id} | {type:'stop', id} | {type:'clear'}.
// Out: {type:'started'|'underrun'|'finished', id} | {type:'dropped', id, frames} |
// {type:'position', id, playedMs, queuedMs} about every 100 ms while a stream plays.

import { JitterBuffer } from './jitter.js';
import { Resampler } from './resample.js';

const POSITION_EVERY = Math.round(sampleRate / 10);

class LiveProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new JitterBuffer({
      events: (type, id, extra) => this.port.postMessage({ type, id, ...extra }),
    });
    this.resamplers = new Map(); // id -> Resampler
    this.sincePosition = 0;
    this.port.onmessage = (e) => {
      try {
        this.message(e.data);
      } catch {
        // a message it cannot use (a bad format) leaves the other streams alone
      }
    };
  }

  message(m) {
    switch (m.type) {
      case 'start':
        if (this.buffer.start(m.id, m)) {
          this.resamplers.set(m.id, new Resampler(m.sampleRate, sampleRate, { zeros: 12 }));
        }
        break;
      case 'chunk':
        this.buffer.chunk(m.id, m.pcm);
        break;
      case 'end':
        this.buffer.end(m.id);
        break;
      case 'stop':
        this.buffer.stop(m.id);
        this.resamplers.delete(m.id);
        break;
      case 'clear':
        this.buffer.clear();
        this.resamplers.clear();
        break;
      default:
    }
  }

  process(inputs, outputs) {
    const out = outputs[0];
    const frames = out[0].length;
    const step = this.buffer.render((q, id) => this.resamplers.get(id)?.inputNeeded(frames) ?? 0);
    if (step === null) return true; // silence
    const rs = this.resamplers.get(step.id);
    if (rs) {
      rs.push(step.samples, 0, step.got);
      if (step.got < step.want) rs.pushZeros(step.want - step.got); // ran dry or finished: fade out through the filter
      rs.read(out[0], 0, Math.min(frames, rs.available()));
      for (let c = 1; c < out.length; c++) out[c].set(out[0]);
    }
    const q = step.queue;
    if (!this.buffer.has(step.id)) {
      this.resamplers.delete(step.id); // finished
    } else if ((this.sincePosition += frames) >= POSITION_EVERY) {
      this.sincePosition = 0;
      this.port.postMessage({
        type: 'position', id: step.id,
        playedMs: Math.round((q.played * 1000) / q.sampleRate), queuedMs: Math.round((q.queued * 1000) / q.sampleRate),
      });
    }
    return true;
  }
}

registerProcessor('parley-live', LiveProcessor);
