// web/js/audio/wav.js: the canonical writer, the reader of any valid clip (other chunks skipped), durations as the
// relay computes them, and waveform peaks. Hostile files: cut chunks, sizes past the end, formats not read.

import { suite, assert, hex } from './harness.js';
import { fmtBody, javaBytes, javaFixtures, le16, ramp, riff } from './fixtures.js';
import { durationMillis, encodeWav, peaks, readWav, wavInfo } from '/js/audio/wav.js';

const { test, tests } = suite();
export { tests };

test('encodeWav writes the canonical 44-byte header of PROTOCOL.md\'s byte-by-byte example', () => {
  const wav = encodeWav(new Int16Array([0, 1000, -1000, 32767]), 8000, 1);
  assert.deepEqual(wav, hex(`
    52494646 2c000000 57415645 666d7420 10000000 0100 0100 401f0000 803e0000 0200 1000
    64617461 08000000 0000 e803 18fc ff7f`));
});

test('encodeWav writes byte for byte what the relay\'s Wav.write writes', async () => {
  assert.deepEqual(encodeWav(ramp(1000, 997), 16000, 1), await javaBytes('wavWrite16kMono'));
});

test('encodeWav writes byte for byte what Java Sound writes (44.1 kHz stereo)', async () => {
  const pcm = new Int16Array(1000);
  for (let i = 0; i < 500; i++) {
    pcm[2 * i] = i * 997;
    pcm[2 * i + 1] = i * -31;
  }
  assert.deepEqual(encodeWav(pcm, 44100, 2), await javaBytes('javaSound44kStereo'));
});

test('stereo header: RIFF size, channels, byte rate and block align', () => {
  const wav = encodeWav(new Int16Array([1, 2, 3, 4]), 48000, 2);
  const v = new DataView(wav.buffer);
  assert.equal(v.getUint32(4, true), wav.length - 8, 'RIFF size');
  assert.equal(v.getUint16(22, true), 2, 'channels');
  assert.equal(v.getUint32(28, true), 48000 * 4, 'byte rate');
  assert.equal(v.getUint16(32, true), 4, 'block align');
  assert.equal(v.getUint32(40, true), 8, 'data size');
});

test('encodeWav of no samples is a 44-byte header with an empty data chunk', () => {
  const wav = encodeWav(new Int16Array(0), 16000);
  assert.equal(wav.length, 44);
  assert.equal(readWav(wav).pcm.length, 0);
  assert.equal(readWav(wav).durationMs, 0);
});

test('encodeWav refuses what is not a clip: other arrays, 3 channels, rates outside 8-48 kHz, half frames', () => {
  assert.throws(() => encodeWav([1, 2], 16000), TypeError, 'a plain array');
  assert.throws(() => encodeWav(new Float32Array(2), 16000), TypeError, 'floats');
  assert.throws(() => encodeWav(new Int16Array(3), 16000, 3), RangeError, '3 channels');
  assert.throws(() => encodeWav(new Int16Array(3), 7999), RangeError, '7999 Hz');
  assert.throws(() => encodeWav(new Int16Array(3), 48001), RangeError, '48001 Hz');
  assert.throws(() => encodeWav(new Int16Array(3), 16000.5), RangeError, 'a fractional rate');
  assert.throws(() => encodeWav(new Int16Array(3), 16000, 2), RangeError, '3 samples in stereo');
  assert.equal(encodeWav(new Int16Array(2), 8000).length, 48, '8000 Hz is allowed');
  assert.equal(encodeWav(new Int16Array(2), 48000).length, 48, '48000 Hz is allowed');
});

test('encodeWav of a view into a larger buffer writes only the view\'s samples', () => {
  const all = new Int16Array([9, 9, 1, 2, 3, 9]);
  const wav = encodeWav(all.subarray(2, 5), 16000);
  assert.deepEqual(readWav(wav).pcm, new Int16Array([1, 2, 3]));
});

test('readWav reads encodeWav back, from a Uint8Array at an odd offset, an ArrayBuffer and a DataView', () => {
  const pcm = new Int16Array(16000 * 3 + 7).map((_, i) => (i * 37) % 65536 - 32768);
  const wav = encodeWav(pcm, 16000);
  const r = readWav(wav);
  assert.equal(r.sampleRate, 16000);
  assert.equal(r.channels, 1);
  assert.deepEqual(r.pcm, pcm);
  assert.equal(r.durationMs, 3000, '48007 frames are 3000.44 ms');
  const framed = new Uint8Array(wav.length + 5);
  framed.set(wav, 5);
  assert.deepEqual(readWav(framed.subarray(5)).pcm, pcm, 'at offset 5');
  assert.equal(wavInfo(framed.subarray(5)).dataOffset, 44, 'dataOffset counts from the first byte given');
  assert.deepEqual(readWav(wav.buffer).pcm, pcm, 'an ArrayBuffer');
  assert.deepEqual(readWav(new DataView(framed.buffer, 5)).pcm, pcm, 'a DataView');
});

test('readWav copies the samples: changing the file afterwards does not change them', () => {
  const wav = encodeWav(new Int16Array([1, 2, 3]), 16000);
  const r = readWav(wav);
  wav.fill(0);
  assert.deepEqual(r.pcm, new Int16Array([1, 2, 3]));
});

test('readWav reads a Java Sound file and a voice frame\'s clip made by the relay', async () => {
  const r = readWav(await javaBytes('javaSound44kStereo'));
  assert.equal(r.sampleRate, 44100);
  assert.equal(r.channels, 2);
  assert.equal(r.pcm.length, 1000);
  assert.equal(r.pcm[2 * 499], (499 * 997) << 16 >> 16, 'last left sample');
  assert.equal(r.pcm[2 * 499 + 1], 499 * -31, 'last right sample');
  assert.equal(r.durationMs, 11, '500 frames at 44.1 kHz: 11.34 ms');
});

test('durations round halves up, exactly as the relay computes them', async () => {
  const { durations } = await javaFixtures();
  assert.above(durations.length, 5, 'rows');
  for (const [frames, rate, ms] of durations) assert.equal(durationMillis(frames, rate), ms, `${frames} frames at ${rate} Hz`);
  assert.equal(durationMillis(8, 16000), 1, '0.5 ms');
  assert.equal(durationMillis(7, 16000), 0, '0.44 ms');
});

test('other chunks are skipped wherever they are: LIST and fact before data, an odd-sized chunk and its pad byte', () => {
  const pcm = [5, -5, 6, -6];
  const wav = riff([
    { id: 'fmt ', body: fmtBody({ channels: 2, rate: 22050 }) },
    { id: 'LIST', body: new Uint8Array([1, 2, 3]) },
    { id: 'fact', body: new Uint8Array([2, 0, 0, 0]) },
    { id: 'data', body: le16(pcm) },
    { id: 'id3 ', body: new Uint8Array(10) },
  ]);
  const r = readWav(wav);
  assert.equal(r.sampleRate, 22050);
  assert.equal(r.channels, 2);
  assert.deepEqual(r.pcm, new Int16Array(pcm));
  assert.equal(wavInfo(wav).dataOffset, 12 + 24 + 12 + 12 + 8);
});

test('a data chunk before the fmt chunk is read', () => {
  const wav = riff([{ id: 'data', body: le16([7, 8]) }, { id: 'fmt ', body: fmtBody({ rate: 8000 }) }]);
  const r = readWav(wav);
  assert.equal(r.sampleRate, 8000);
  assert.deepEqual(r.pcm, new Int16Array([7, 8]));
});

test('a fmt chunk longer than 16 bytes (cbSize and more) is read', () => {
  const wav = riff([
    { id: 'fmt ', body: fmtBody({ extra: new Uint8Array([0, 0]) }) },
    { id: 'data', body: le16([1]) },
  ]);
  assert.deepEqual(readWav(wav).pcm, new Int16Array([1]));
});

test('of two data chunks the first is read', () => {
  const wav = riff([{ id: 'fmt ', body: fmtBody() }, { id: 'data', body: le16([1]) }, { id: 'data', body: le16([2, 3]) }]);
  assert.deepEqual(readWav(wav).pcm, new Int16Array([1]));
});

test('a cut file (the data chunk says more than is there) gives the whole frames that are there', () => {
  const full = encodeWav(new Int16Array([1, 2, 3, 4, 5, 6]), 16000, 2);
  const cut = full.subarray(0, 44 + 9); // two stereo frames and one byte of the third
  const r = readWav(cut);
  assert.deepEqual(r.pcm, new Int16Array([1, 2, 3, 4]));
  assert.equal(wavInfo(cut).frames, 2);
  assert.equal(wavInfo(cut).dataLength, 8);
});

test('a streaming size (0xFFFFFFFF in RIFF and data) reads what is there', () => {
  const wav = riff([{ id: 'fmt ', body: fmtBody() }, { id: 'data', body: le16([1, 2, 3]), size: 0xffffffff }],
    { riffSize: 0xffffffff });
  assert.deepEqual(readWav(wav).pcm, new Int16Array([1, 2, 3]));
});

test('an odd number of data bytes drops the half sample', () => {
  const wav = riff([{ id: 'fmt ', body: fmtBody() }, { id: 'data', body: new Uint8Array([1, 0, 2]) }]);
  assert.deepEqual(readWav(wav).pcm, new Int16Array([1]));
});

test('a fmt chunk cut off by the end of the file is refused', () => {
  const wav = encodeWav(new Int16Array(4), 16000).subarray(0, 30);
  assert.throws(() => readWav(wav), /fmt chunk is cut off/);
});

test('a fmt chunk that declares fewer than 16 bytes is refused', () => {
  const wav = riff([{ id: 'fmt ', body: fmtBody().subarray(0, 14) }, { id: 'data', body: le16([1]) }]);
  assert.throws(() => readWav(wav), Error);
});

test('a chunk whose size runs past the end hides everything after it: no data chunk', () => {
  const wav = riff([
    { id: 'fmt ', body: fmtBody() },
    { id: 'LIST', body: new Uint8Array(4), size: 0xfffffff0 },
    { id: 'data', body: le16([1, 2]) },
  ]);
  assert.throws(() => readWav(wav), /no data chunk/);
});

test('a file with no fmt or no data chunk is refused, saying which', () => {
  assert.throws(() => readWav(riff([{ id: 'data', body: le16([1]) }])), /no fmt chunk/);
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody() }])), /no data chunk/);
  assert.throws(() => readWav(riff([])), /no fmt chunk/);
});

test('a chunk header cut in the middle is ignored, not read past the end', () => {
  const wav = encodeWav(new Int16Array([1, 2]), 16000);
  const longer = new Uint8Array(wav.length + 5);
  longer.set(wav);
  longer.set([0x4c, 0x49, 0x53, 0x54, 9], wav.length); // 'LIST' and one byte of its size
  assert.deepEqual(readWav(longer).pcm, new Int16Array([1, 2]));
});

test('a 24-bit WAV is refused, saying so', () => {
  const wav = riff([{ id: 'fmt ', body: fmtBody({ bits: 24 }) }, { id: 'data', body: new Uint8Array([1, 2, 3, 4, 5, 6]) }]);
  assert.throws(() => readWav(wav), /24-bit/);
});

test('8-bit and 32-bit integer WAVs are refused', () => {
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody({ bits: 8 }) }, { id: 'data', body: new Uint8Array(4) }])), /8-bit/);
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody({ bits: 32 }) }, { id: 'data', body: new Uint8Array(8) }])), /32-bit/);
});

test('float, A-law and WAVE_FORMAT_EXTENSIBLE files are refused as not PCM', () => {
  for (const tag of [3, 6, 0xfffe]) {
    const wav = riff([{ id: 'fmt ', body: fmtBody({ tag }) }, { id: 'data', body: le16([1]) }]);
    assert.throws(() => readWav(wav), /not PCM/, `format tag ${tag}`);
  }
});

test('0 or 3 channels and a sample rate of 0 are refused', () => {
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody({ channels: 0 }) }, { id: 'data', body: le16([1]) }])), /channels/);
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody({ channels: 3 }) }, { id: 'data', body: le16([1, 2, 3]) }])), /channels/);
  assert.throws(() => readWav(riff([{ id: 'fmt ', body: fmtBody({ rate: 0 }) }, { id: 'data', body: le16([1]) }])), /sample rate/);
});

test('what is not RIFF/WAVE is refused: empty, short, RIFX (big-endian), AVI, text', () => {
  const text = s => new TextEncoder().encode(s);
  assert.throws(() => readWav(new Uint8Array(0)), /RIFF/, 'empty');
  assert.throws(() => readWav(new Uint8Array(11)), /RIFF/, '11 zero bytes');
  const rifx = encodeWav(new Int16Array(2), 16000);
  rifx[3] = 0x58;
  assert.throws(() => readWav(rifx), /RIFF/, 'RIFX');
  const avi = encodeWav(new Int16Array(2), 16000);
  avi.set(text('AVI '), 8);
  assert.throws(() => readWav(avi), /RIFF/, 'AVI');
  assert.throws(() => readWav(text('<html><body>not found</body></html>')), /RIFF/, 'an HTML error page');
});

test('what is not bytes is refused with a TypeError', () => {
  assert.throws(() => readWav('RIFF'), TypeError);
  assert.throws(() => readWav(null), TypeError);
  assert.throws(() => readWav([82, 73, 70, 70]), TypeError);
});

test('peaks: the loudest sample of each bar, 0..1', () => {
  const pcm = new Int16Array(100);
  pcm[10] = 16384;
  pcm[60] = -32768;
  pcm[99] = 100;
  assert.deepEqual(peaks(pcm, 1, 4), [0.5, 0, 1, 100 / 32768]);
  assert.deepEqual(peaks(new Int16Array(0), 1, 3), [0, 0, 0], 'no samples');
  assert.equal(peaks(new Int16Array([0, 32767, 0, 0]), 2, 2)[0], 32767 / 32768, 'stereo: either channel');
  assert.equal(peaks(new Int16Array(1000)).length, 48, '48 bars by default');
});

test('peaks: fewer samples than bars, no bars, a negative or fractional count', () => {
  const p = peaks(new Int16Array([16384, -16384]), 1, 4);
  assert.equal(p.length, 4);
  assert.ok(p.every(x => x >= 0 && x <= 1), 'all within 0..1');
  assert.equal(Math.max(...p), 0.5);
  assert.deepEqual(peaks(new Int16Array(10), 1, 0), []);
  assert.deepEqual(peaks(new Int16Array(10), 1, -3), []);
  assert.equal(peaks(new Int16Array(10), 1, 2.7).length, 2);
});
