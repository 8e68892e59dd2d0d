// Clips as docs/PROTOCOL.md "Clips (WAV)" describes them: RIFF/WAVE, PCM (format tag 1), signed 16-bit
// little-endian, 1 or 2 channels, channels interleaved. encodeWav writes the canonical 44-byte header (fmt, then
// data, nothing else); wavInfo and readWav read any valid clip, other chunks (LIST, fact, ...) skipped.

const HEADER_BYTES = 44;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A canonical WAV around interleaved 16-bit samples. */
export function encodeWav(pcm, sampleRate, channels = 1) {
  if (!(pcm instanceof Int16Array)) throw new TypeError('pcm must be an Int16Array');
  if (channels !== 1 && channels !== 2) throw new RangeError(`${channels} channels: only 1 or 2`);
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 48000) {
    throw new RangeError(`sample rate ${sampleRate} Hz is outside 8000-48000 Hz`);
  }
  if (pcm.length % channels !== 0) {
    throw new RangeError(`${pcm.length} samples are not whole ${channels}-channel frames`);
  }
  const dataBytes = pcm.length * 2;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const v = new DataView(out.buffer);
  const text = (at, s) => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  text(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, dataBytes, true);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, dataBytes), HEADER_BYTES);
  } else {
    for (let i = 0; i < pcm.length; i++) v.setInt16(HEADER_BYTES + 2 * i, pcm[i], true);
  }
  return out;
}

function bytesOf(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('a WAV file must be an ArrayBuffer or a Uint8Array');
}

/** A clip's duration as the relay computes it: frames × 1000 / rate, halves rounded up. */
export function durationMillis(frames, sampleRate) {
  return Math.floor((frames * 1000 + Math.floor(sampleRate / 2)) / sampleRate);
}

/**
 * The format of a clip and where its samples are (dataOffset counted from the first byte given), without copying
 * them: {sampleRate, channels, dataOffset, dataLength, frames, durationMs}. Throws an Error saying what is wrong.
 */
export function wavInfo(input) {
  const b = bytesOf(input);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const id = (at) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
  if (b.length < 12 || id(0) !== 'RIFF' || id(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt = null;
  let dataOffset = -1;
  let dataLength = 0;
  let pos = 12;
  while (pos + 8 <= b.length) {
    const name = id(pos);
    const size = v.getUint32(pos + 4, true);
    const body = pos + 8;
    if (name === 'fmt ' && fmt === null) {
      if (size < 16 || body + 16 > b.length) throw new Error('fmt chunk is cut off');
      fmt = {
        tag: v.getUint16(body, true),
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true),
      };
    } else if (name === 'data' && dataOffset < 0) {
      dataOffset = body;
      dataLength = Math.min(size, b.length - body); // a streaming size (0xFFFFFFFF) or a cut file: what is there
    }
    pos = body + size + (size & 1);
  }
  if (fmt === null) throw new Error('no fmt chunk');
  if (dataOffset < 0) throw new Error('no data chunk');
  if (fmt.tag !== 1) throw new Error(`not PCM (format tag ${fmt.tag})`);
  if (fmt.bits !== 16) throw new Error(`${fmt.bits}-bit samples; only 16-bit are read`);
  if (fmt.channels !== 1 && fmt.channels !== 2) throw new Error(`${fmt.channels} channels; only 1 or 2 are read`);
  if (fmt.sampleRate < 1) throw new Error('sample rate 0');
  const frameBytes = fmt.channels * 2;
  dataLength -= dataLength % frameBytes;
  const frames = dataLength / frameBytes;
  return {
    sampleRate: fmt.sampleRate, channels: fmt.channels, dataOffset, dataLength, frames,
    durationMs: durationMillis(frames, fmt.sampleRate),
  };
}

/** A clip's format and samples (a copy): {sampleRate, channels, pcm: Int16Array interleaved, durationMs}. */
export function readWav(input) {
  const b = bytesOf(input);
  const info = wavInfo(b);
  const start = info.dataOffset;
  let pcm;
  if (LITTLE_ENDIAN) {
    const copy = new Uint8Array(info.dataLength);
    copy.set(b.subarray(start, start + info.dataLength));
    pcm = new Int16Array(copy.buffer);
  } else {
    const v = new DataView(b.buffer, b.byteOffset + start, info.dataLength);
    pcm = new Int16Array(info.dataLength / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = v.getInt16(2 * i, true);
  }
  return { sampleRate: info.sampleRate, channels: info.channels, pcm, durationMs: info.durationMs };
}

/** The loudest sample of each of `bars` equal stretches of the clip, 0 to 1 (the desktop app's ClipPeaks). */
export function peaks(pcm, channels = 1, bars = 48) {
  const out = new Array(Math.max(0, bars | 0)).fill(0);
  const frames = Math.floor(pcm.length / channels);
  if (frames === 0 || out.length === 0) return out;
  for (let f = 0; f < frames; f++) {
    const bar = Math.floor((f * out.length) / frames);
    for (let c = 0; c < channels; c++) {
      const s = Math.abs(pcm[f * channels + c]) / 32768;
      if (s > out[bar]) out[bar] = s;
    }
  }
  return out;
}
