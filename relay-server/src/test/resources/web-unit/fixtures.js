// Inputs shared by the test modules: what the Java side made (fixtures/java.json, written by WebUnitSite) and a
// small builder of RIFF files with any chunks, for WAV files the client's own writer would never make.

import { base64 } from './harness.js';

let java = null;

/** fixtures/java.json, its base64 fields decoded where asked. */
export async function javaFixtures() {
  if (java === null) {
    const response = await fetch('./fixtures/java.json');
    if (!response.ok) throw new Error(`fixtures/java.json: HTTP ${response.status}`);
    java = await response.json();
  }
  return java;
}

export async function javaBytes(name) {
  const f = await javaFixtures();
  if (typeof f[name] !== 'string') throw new Error(`no ${name} in fixtures/java.json`);
  return base64(f[name]);
}

/** The client's .js and .html files as served paths (fixtures/client-files.json, written by WebUnitSite). */
export async function clientFiles() {
  const response = await fetch('./fixtures/client-files.json');
  if (!response.ok) throw new Error(`fixtures/client-files.json: HTTP ${response.status}`);
  return response.json();
}

/** The text of a served file. */
export async function served(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

/** Samples both sides compute alike: sample i is i × step, wrapped to 16 bits (Java's (short) cast). */
export function ramp(n, step) {
  return new Int16Array(n).map((_, i) => i * step);
}

const ascii = s => Uint8Array.from(s, c => c.charCodeAt(0));

function u32(n) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fmt chunk body: {tag, channels, rate, bits, extra (bytes after the 16)}. */
export function fmtBody({ tag = 1, channels = 1, rate = 16000, bits = 16, extra = new Uint8Array(0) } = {}) {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  const align = channels * Math.ceil(bits / 8);
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * align, true);
  v.setUint16(12, align, true);
  v.setUint16(14, bits, true);
  return concat([b, extra]);
}

/** PCM bytes, little-endian, of 16-bit samples. */
export function le16(samples) {
  const b = new Uint8Array(samples.length * 2);
  const v = new DataView(b.buffer);
  samples.forEach((s, i) => v.setInt16(2 * i, s, true));
  return b;
}

/**
 * A RIFF/WAVE file of the chunks given in order: {id, body, size?} (size: the declared size, when it should lie
 * about the body), each padded to even length unless pad is false. riffSize: the declared RIFF size (else the true one).
 */
export function riff(chunks, { riffSize } = {}) {
  const parts = [];
  for (const { id, body, size = body.length, pad = true } of chunks) {
    parts.push(ascii(id), u32(size), body);
    if (pad && body.length % 2) parts.push(new Uint8Array(1));
  }
  const inner = concat([ascii('WAVE'), ...parts]);
  return concat([ascii('RIFF'), u32(riffSize ?? inner.length), inner]);
}
