// The few pieces a test module needs, no library: a list to register tests in, and assertions that throw an Error
// saying what differed. A test module does
//
//   import { suite, assert } from './harness.js';
//   const { test, tests } = suite();
//   export { tests };
//   test('what it shows', () => { ... });             // may be async
//
// runner.js imports the modules and runs their tests in order.

export function suite() {
  const tests = [];
  const test = (name, fn) => {
    if (typeof name !== 'string' || typeof fn !== 'function') throw new TypeError('test(name, fn)');
    if (tests.some(t => t.name === name)) throw new Error(`two tests named "${name}"`);
    tests.push({ name, fn });
  };
  return { test, tests };
}

/** A short, readable form of a value for messages (typed arrays and long arrays abbreviated). */
export function show(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const head = Array.from(v.subarray(0, 16)).join(', ');
    return `${v.constructor.name}(${v.length}) [${head}${v.length > 16 ? ', …' : ''}]`;
  }
  if (Array.isArray(v)) {
    const head = v.slice(0, 16).map(show).join(', ');
    return `[${head}${v.length > 16 ? `, … (${v.length})` : ''}]`;
  }
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (v && typeof v === 'object') {
    try {
      const s = JSON.stringify(v);
      return s.length > 300 ? `${s.slice(0, 300)}…` : s;
    } catch {
      return String(v);
    }
  }
  return String(v);
}

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function fail(message, what) {
  throw new AssertionError(what ? `${what}: ${message}` : message);
}

/** Where two values first differ, or null: plain objects, arrays and typed arrays by content, the rest by Object.is. */
function difference(actual, expected, path) {
  if (Object.is(actual, expected)) return null;
  const bothViews = ArrayBuffer.isView(actual) && ArrayBuffer.isView(expected);
  if (bothViews || (Array.isArray(actual) && Array.isArray(expected))) {
    if (actual.constructor !== expected.constructor) {
      return `${path || 'value'} is a ${actual.constructor.name}, expected a ${expected.constructor.name}`;
    }
    if (actual.length !== expected.length) {
      return `${path || 'value'} has length ${actual.length}, expected ${expected.length}`;
    }
    for (let i = 0; i < actual.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const plain = o => o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype;
  if (plain(actual) && plain(expected)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const k of keys) {
      if (!(k in actual)) return `${path}.${k} is missing, expected ${show(expected[k])}`;
      if (!(k in expected)) return `${path}.${k} is ${show(actual[k])}, expected no such field`;
      const d = difference(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return `${path || 'value'} is ${show(actual)}, expected ${show(expected)}`;
}

export const assert = {
  ok(condition, what = 'expected true') {
    if (!condition) fail(`was ${show(condition)}`, what);
  },

  equal(actual, expected, what) {
    if (!Object.is(actual, expected)) fail(`${show(actual)}, expected ${show(expected)}`, what);
  },

  notEqual(actual, unexpected, what) {
    if (Object.is(actual, unexpected)) fail(`${show(actual)}, expected anything else`, what);
  },

  deepEqual(actual, expected, what) {
    const d = difference(actual, expected, '');
    if (d) fail(d, what);
  },

  near(actual, expected, tolerance, what) {
    if (!(Math.abs(actual - expected) <= tolerance)) fail(`${actual}, expected ${expected} ± ${tolerance}`, what);
  },

  below(actual, limit, what) {
    if (!(actual < limit)) fail(`${actual}, expected below ${limit}`, what);
  },

  above(actual, limit, what) {
    if (!(actual > limit)) fail(`${actual}, expected above ${limit}`, what);
  },

  match(text, pattern, what) {
    if (typeof text !== 'string' || !pattern.test(text)) fail(`${show(text)} does not match ${pattern}`, what);
  },

  /**
   * fn() throws; `expected` is an Error class the error must be an instance of, a RegExp its message must match, or
   * both as [Class, RegExp]. Returns the error.
   */
  throws(fn, expected, what) {
    let error = null;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    if (error === null) fail('did not throw', what);
    const [type, pattern] = Array.isArray(expected) ? expected
      : expected instanceof RegExp ? [null, expected] : [expected ?? null, null];
    if (type && !(error instanceof type)) fail(`threw ${show(error)}, expected a ${type.name}`, what);
    if (pattern && !pattern.test(String(error?.message))) fail(`threw ${show(error)}, expected a message matching ${pattern}`, what);
    return error;
  },
};

/** Events of `types` that `target` dispatches, as {type, detail}, in order. */
export function recordEvents(target, types) {
  const seen = [];
  for (const type of types) target.addEventListener(type, e => seen.push({ type, detail: e.detail }));
  return seen;
}

/** Bytes from a hex string (white space ignored), for golden byte sequences. */
export function hex(text) {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2) throw new Error('odd number of hex digits');
  return Uint8Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(2 * i, 2 * i + 2), 16));
}

/** Bytes from base64. */
export function base64(text) {
  const s = atob(text);
  return Uint8Array.from(s, c => c.charCodeAt(0));
}
