// web/js/audio/resample.js: the band-limited resampler of the capture (44.1/48 kHz → 16 kHz) and live playback
// (16 kHz → the context's rate) worklets. Accuracy against ideal sines, the alias band removed, streaming that does
// not depend on block sizes, and the pull model (inputNeeded) the live worklet uses.

import { suite, assert } from './harness.js';
import { Resampler } from '/js/audio/resample.js';

const { test, tests } = suite();
export { tests };

/** Streams `input` through in blocks of `block`, returns all outputs available. */
function run(rs, input, block = 128) {
  const out = [];
  const tmp = new Float32Array(8192);
  for (let i = 0; i < input.length; i += block) {
    const n = Math.min(block, input.length - i);
    rs.push(input, i, n);
    const k = rs.available();
    rs.read(tmp, 0, k);
    for (let j = 0; j < k; j++) out.push(tmp[j]);
  }
  return Float64Array.from(out);
}

const sine = (f, rate, n, a = 0.5) => Float32Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / rate));

function rms(x, from = 0, to = x.length) {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

/** Signal-to-error ratio in dB of y against the ideal sine of frequency f at `rate`, edges left out. */
function snr(y, f, rate, edge) {
  let err = 0;
  let ref = 0;
  for (let n = edge; n < y.length - edge; n++) {
    const ideal = 0.5 * Math.sin((2 * Math.PI * f * n) / rate);
    err += (y[n] - ideal) ** 2;
    ref += ideal ** 2;
  }
  return 10 * Math.log10(ref / err);
}

for (const inRate of [44100, 48000, 22050, 96000]) {
  test(`${inRate} Hz → 16 kHz: output n sits at input n × ${inRate}/16000, passband accurate, alias band removed`, () => {
    for (const f of [1000, 3000, 6000]) {
      const rs = new Resampler(inRate, 16000);
      const y = run(rs, sine(f, inRate, inRate));
      assert.ok(Math.abs(y.length - 16000) <= rs.half, `${y.length} outputs from one second`);
      assert.above(snr(y, f, 16000, 200), 40, `SNR in dB at ${f} Hz`);
    }
    for (const f of [9000, 10000, 12000, 15000].filter(x => x < inRate / 2)) {
      const y = run(new Resampler(inRate, 16000), sine(f, inRate, inRate));
      const level = 20 * Math.log10(rms(y, 200, y.length - 200) / (0.5 / Math.SQRT2));
      assert.below(level, -60, `${f} Hz (would alias) in dB`);
    }
  });
}

test('DC passes at gain 1; the block size does not change the result', () => {
  const y = run(new Resampler(44100, 16000), new Float32Array(44100).fill(0.25));
  for (let i = 100; i < y.length; i++) assert.near(y[i], 0.25, 1e-5, `output ${i}`);
  const x = sine(440, 44100, 20000);
  const a = run(new Resampler(44100, 16000), x, 128);
  const b = run(new Resampler(44100, 16000), x, 1000);
  const c = run(new Resampler(44100, 16000), x, 7);
  assert.equal(a.length, b.length, 'outputs with blocks of 128 and 1000');
  assert.equal(a.length, c.length, 'outputs with blocks of 128 and 7');
  for (let i = 0; i < a.length; i++) {
    assert.near(b[i], a[i], 1e-6, `output ${i}, blocks of 1000`);
    assert.near(c[i], a[i], 1e-6, `output ${i}, blocks of 7`);
  }
});

test('a long stream keeps the exact ratio: 10 s at 44.1 kHz give 10 s at 16 kHz, less the filter\'s look-ahead', () => {
  const rs = new Resampler(44100, 16000);
  const y = run(rs, new Float32Array(441000), 441);
  assert.ok(y.length <= 160000 && y.length >= 160000 - rs.half, `${y.length} outputs`);
});

test('skip(): after an idle stretch outputs follow the newest input', () => {
  const rs = new Resampler(48000, 16000);
  const x = sine(1000, 48000, 48000);
  for (let i = 0; i < 24000; i += 128) {
    rs.push(x, i, 128);
    rs.skip();
  }
  assert.equal(rs.available(), 0, 'nothing due after skip()');
  const tmp = new Float32Array(200);
  rs.push(x, 24064, 128);
  const k = rs.available();
  assert.ok(k >= 40 && k <= 44, `${k} outputs from 128 inputs at 3:1`);
  rs.read(tmp, 0, k);
  assert.ok(Math.abs(tmp[k - 1]) <= 0.5, 'within the input\'s range');
});

for (const outRate of [44100, 48000]) {
  test(`16 kHz → ${outRate} Hz (live playback): the pull model gives what it promised, sine accurate`, () => {
    const rs = new Resampler(16000, outRate, { zeros: 12 });
    const x = sine(1000, 16000, 16000);
    let used = 0;
    const out = new Float32Array(outRate);
    let o = 0;
    while (o + 128 <= out.length) {
      const need = rs.inputNeeded(128);
      if (used + need > x.length) break;
      rs.push(x, used, need);
      used += need;
      assert.ok(rs.available() >= 128, `after ${used} inputs, ${rs.available()} outputs available`);
      rs.read(out, o, 128);
      o += 128;
    }
    assert.above(o, outRate - 1000, 'outputs from one second of input');
    assert.above(snr(out.subarray(0, o), 1000, outRate, 500), 40, 'SNR in dB');
  });
}

test('inputNeeded(k) is the least input that makes k outputs available', () => {
  for (const [inRate, outRate] of [[16000, 44100], [16000, 48000], [44100, 16000], [8000, 8000]]) {
    const rs = new Resampler(inRate, outRate);
    const tmp = new Float32Array(4096);
    for (const k of [1, 128, 7, 300, 128, 1, 1000]) {
      const need = rs.inputNeeded(k);
      if (need > 0) {
        rs.pushZeros(need - 1);
        assert.below(rs.available(), k, `${inRate}→${outRate}: one input less than inputNeeded(${k})`);
        rs.pushZeros(1);
      }
      assert.ok(rs.available() >= k, `${inRate}→${outRate}: inputNeeded(${k}) = ${need} made ${rs.available()} available`);
      rs.read(tmp, 0, k);
    }
    assert.equal(rs.inputNeeded(0), 0, 'nothing for no outputs');
  }
});

test('equal rates pass the signal through (after the filter\'s delay is accounted for)', () => {
  const x = sine(1000, 16000, 16000);
  const y = run(new Resampler(16000, 16000), x);
  assert.above(snr(y, 1000, 16000, 200), 40, 'SNR in dB');
});

test('rates that are not positive are refused', () => {
  assert.throws(() => new Resampler(0, 16000), RangeError);
  assert.throws(() => new Resampler(44100, -1), RangeError);
  assert.throws(() => new Resampler(NaN, 16000), RangeError);
});
