// Band-limited sample-rate conversion for the worklets (and usable anywhere): a Kaiser-windowed sinc low-pass
// evaluated as a polyphase FIR. Output sample n sits at input position n × inRate / outRate; its value is the
// input convolved with the filter at that position. The cut-off is `rolloff` × the lower rate's Nyquist frequency
// (44.1/48 kHz → 16 kHz: about 7.6 kHz, so what is above 8 kHz is removed before it could fold back).
//
// Streaming: push() input as it comes, read() the outputs that the input pushed so far allows (available()), or
// ask inputNeeded(k) to know how much input k more outputs need. Input positions are counted from the first
// sample pushed; the state is two integers (ipos, frac), exact for rational ratios.

const MAX_PHASES = 1024;

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x) {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

export class Resampler {
  /**
   * @param {number} inRate  input sample rate (Hz)
   * @param {number} outRate output sample rate (Hz)
   * @param {{zeros?: number, beta?: number, rolloff?: number}} options
   *   zeros: zero crossings of the sinc on each side (length), beta: Kaiser window shape (stop-band attenuation,
   *   7 ≈ 70 dB), rolloff: cut-off as a fraction of the lower Nyquist frequency
   */
  constructor(inRate, outRate, { zeros = 16, beta = 7, rolloff = 0.95 } = {}) {
    inRate = Math.round(inRate);
    outRate = Math.round(outRate);
    if (!(inRate > 0 && outRate > 0)) throw new RangeError(`cannot resample ${inRate} Hz to ${outRate} Hz`);
    const g = gcd(inRate, outRate);
    this.inRate = inRate;
    this.outRate = outRate;
    this.p = inRate / g; // input advance per output sample is p / q
    this.q = outRate / g;
    this.phases = Math.min(this.q, MAX_PHASES);
    const fc = (rolloff * 0.5 * Math.min(inRate, outRate)) / inRate; // cycles per input sample
    const half = Math.ceil(zeros / (2 * fc));
    const taps = 2 * half;
    this.half = half;
    this.taps = taps;
    this.table = new Float32Array(this.phases * taps);
    const i0b = besselI0(beta);
    for (let j = 0; j < this.phases; j++) {
      const d = j / this.phases;
      let sum = 0;
      for (let i = 0; i < taps; i++) {
        const t = i - half + 1 - d; // in (-half, half]
        const u = t / half;
        const w = Math.abs(u) < 1 ? besselI0(beta * Math.sqrt(1 - u * u)) / i0b : 0;
        const x = 2 * fc * t;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        const h = 2 * fc * sinc * w;
        this.table[j * taps + i] = h;
        sum += h;
      }
      for (let i = 0; i < taps; i++) this.table[j * taps + i] /= sum; // unit gain at 0 Hz in every phase
    }
    this.buf = new Float32Array(taps + 4096);
    this.start = 0; // absolute index of buf[0]
    this.len = half - 1; // zeros before the first input, so the first output can sit on it
    this.ipos = half - 1; // absolute index of the input sample at or before the next output
    this.frac = 0; // and how far past it, in 1/q of a sample
    this.inputs = 0;
  }

  /** Appends n input samples from src[offset...]. */
  push(src, offset = 0, n = src.length - offset) {
    this.#room(n);
    this.buf.set(src.subarray(offset, offset + n), this.len);
    this.len += n;
    this.inputs += n;
  }

  /** Appends n silent input samples. */
  pushZeros(n) {
    this.#room(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    this.inputs += n;
  }

  /** How many outputs read() can produce now. */
  available() {
    const last = this.start + this.len - 1 - this.half - this.ipos; // how far ipos may move
    if (last < 0) return 0;
    return Math.floor(((last + 1) * this.q - this.frac - 1) / this.p) + 1;
  }

  /** How many more input samples k more outputs need. */
  inputNeeded(k) {
    if (k <= 0) return 0;
    const lastIpos = this.ipos + Math.floor((this.frac + (k - 1) * this.p) / this.q);
    return Math.max(0, lastIpos + this.half - (this.start + this.len - 1));
  }

  /** Writes k outputs to out[offset...]; k must not exceed available(). Returns k. */
  read(out, offset, k) {
    const { buf, table, taps, p, q, phases } = this;
    let ipos = this.ipos;
    let frac = this.frac;
    const base = this.start + this.half - 1;
    for (let n = 0; n < k; n++) {
      const phase = phases === q ? frac : Math.floor((frac * phases) / q);
      const t0 = phase * taps;
      const x0 = ipos - base; // buf index of the first tap's sample
      let acc = 0;
      for (let i = 0; i < taps; i++) acc += buf[x0 + i] * table[t0 + i];
      out[offset + n] = acc;
      frac += p;
      if (frac >= q) {
        ipos += Math.floor(frac / q);
        frac %= q;
      }
    }
    this.ipos = ipos;
    this.frac = frac;
    return k;
  }

  /**
   * Forgets the outputs that are due: the next output sits near the newest input (for a capture that was idle:
   * the history stays, so the filter starts warm).
   */
  skip() {
    this.ipos = Math.max(this.start + this.half - 1, this.start + this.len - this.half);
    this.frac = 0;
    this.#compact();
  }

  #compact() {
    const keep = this.ipos - this.half + 1;
    const drop = keep - this.start;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.len);
      this.start = keep;
      this.len -= drop;
    }
  }

  #room(n) {
    if (this.len + n <= this.buf.length) return;
    this.#compact();
    if (this.len + n > this.buf.length) {
      const grown = new Float32Array(2 * (this.len + n));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
  }
}
