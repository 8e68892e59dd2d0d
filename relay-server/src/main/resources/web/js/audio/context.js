// The page's one AudioContext, its worklet modules, and the one media element clips play through. Browsers let
// sound start only after a user gesture: unlockAudio() in the first tap's handler (the Join click) starts the
// context and blesses the media element, so later clips and live streams may play without a tap (iOS asks this of
// each media element: hence one element for every clip).

import { encodeWav } from './wav.js';

let ctx = null;
let element = null;
const worklets = new Map();

/** The page's AudioContext, created on first use. Throws when the browser has no Web Audio. */
export function audioContext() {
  if (ctx === null) {
    const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (!Context) throw new Error('this browser has no Web Audio');
    ctx = new Context({ latencyHint: 'interactive' });
  }
  return ctx;
}

/** Loads a worklet module (by URL, under /js/audio/) into the context once; a failed load may be tried again. */
export function loadWorklet(url) {
  const c = audioContext();
  if (!c.audioWorklet) return Promise.reject(new Error('this browser has no AudioWorklet'));
  let loading = worklets.get(url);
  if (!loading) {
    loading = c.audioWorklet.addModule(url);
    worklets.set(url, loading);
    loading.catch(() => worklets.delete(url));
  }
  return loading;
}

/** The media element every clip plays through. */
export function mediaElement() {
  if (element === null) {
    element = new Audio();
    element.preload = 'auto';
  }
  return element;
}

/** Resolves when the context runs, or after `ms`; true if it runs. */
export async function contextRunning(ms = 1000) {
  const c = audioContext();
  if (c.state === 'running') return true;
  let timer;
  await Promise.race([
    c.resume().catch(() => {}),
    new Promise((resolve) => { timer = setTimeout(resolve, ms); }),
  ]);
  clearTimeout(timer);
  return c.state === 'running';
}

/**
 * Call inside a user gesture (the Join click, the first tap): starts the context and blesses the media element.
 * Never rejects; resolves when the context runs, or after a second if the browser will not start it yet.
 */
export async function unlockAudio() {
  let c;
  try {
    c = audioContext();
  } catch {
    return;
  }
  // all of this before the first await, so it happens within the gesture (outside one, resume() would wait for
  // the next gesture: contextRunning() below waits a second at most)
  const running = contextRunning(1000);
  try {
    const buffer = c.createBuffer(1, 1, c.sampleRate);
    const src = c.createBufferSource();
    src.buffer = buffer;
    src.connect(c.destination);
    src.start();
  } catch {
    // nothing to do: resume() above is what counts where this fails
  }
  const el = mediaElement();
  if (!el.src) {
    const url = URL.createObjectURL(new Blob([encodeWav(new Int16Array(160), 16000)], { type: 'audio/wav' }));
    el.src = url;
    const played = el.play();
    const done = () => {
      if (el.src === url) {
        el.pause();
        el.removeAttribute('src');
        el.load();
      }
      URL.revokeObjectURL(url);
    };
    if (played) played.then(done, done);
  }
  await running;
}
