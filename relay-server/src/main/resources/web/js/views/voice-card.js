// A voice message: play/pause, waveform with the played part, duration and position, speed 1×/1.5×/2×, the
// unplayed dot, save as .wav, and who played it (p.receipts: "Played by alice, bob" on someone else's message,
// "Heard by 2 of 5 here" on ours; every name in its title and for screen readers, and on a tap when some are left
// out). A live card (someone is talking) fills as the chunks come and becomes the stored card when the stored message
// arrives. data-state: idle|playing|paused|live|interrupted.

import { durationText, t } from '../i18n.js';
import { peaks, readWav } from '../audio/wav.js';
import { messageShell, setPending, setStored } from './message-card.js';

const SOURCE_BARS = 96;
const BAR_PX = 3;
const RATES = [1, 1.5, 2];
const byCanvas = new WeakMap();
const resized = typeof ResizeObserver === 'function'
  ? new ResizeObserver(entries => entries.forEach(e => byCanvas.get(e.target)?.draw()))
  : null;

globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
  for (const c of document.querySelectorAll('canvas.wave')) byCanvas.get(c)?.draw();
});

export class VoiceCard {
  /**
   * @param kind 'stored' | 'own' (ours, not yet stored) | 'live'
   * @param data the stored message, the pending item or the live stream
   */
  constructor(kind, data, { playback, own, unplayed = false }) {
    this.playback = playback;
    this.kind = kind;
    this.live = kind === 'live';
    this.playing = false;
    this.speakerPhase = 'idle';
    this.positionMs = 0;
    this.bars = [];
    this.saveUrl = null;
    this.interrupted = false;
    const ts = data.ts ?? Date.now();
    this.el = messageShell('msg voice', { id: data.id, from: data.from, ts, own });
    this.#build();
    if (kind === 'live') {
      this.key = data.key;
      this.el.classList.add('live');
      this.el.dataset.live = 'true';
      this.note.textContent = t('voice.live');
      this.liveUpdate(data);
    } else {
      this.key = kind === 'own' ? `own:${data.id}` : `seq:${data.seq}`;
      this.#setClip(data.wav, data.durationMs);
      if (kind === 'own') setPending(this.el, true);
      else setStored(this.el, data);
      this.setUnplayed(unplayed);
    }
    this.#render();
    playback.register(this.key, this);
  }

  #build() {
    const player = document.createElement('div');
    player.className = 'player';
    this.playButton = button('play', t('voice.play'));
    this.playButton.append(span('icon'));
    this.playButton.addEventListener('click', () => this.playback.toggle(this));
    const box = span('wave-box');
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'wave';
    this.canvas.setAttribute('aria-hidden', 'true');
    box.append(this.canvas);
    byCanvas.set(this.canvas, this);
    resized?.observe(this.canvas);
    this.duration = span('duration');
    this.speed = button('speed', t('voice.speed'));
    this.speed.addEventListener('click', () => {
      this.playback.rate = RATES[(RATES.indexOf(this.playback.rate) + 1) % RATES.length];
    });
    this.showRate(this.playback.rate);
    this.save = document.createElement('a');
    this.save.className = 'save';
    this.save.href = '#';
    this.save.textContent = t('voice.save');
    this.save.title = t('voice.save.title');
    for (const type of ['pointerdown', 'focus', 'click']) this.save.addEventListener(type, () => this.#saveHref());
    player.append(this.playButton, box, this.duration, this.speed, this.save);
    this.note = document.createElement('p');
    this.note.className = 'note';
    this.receipts = document.createElement('p');
    this.receipts.className = 'receipts';
    this.receipts.hidden = true;
    this.receiptsShown = null;
    this.el.append(player, this.note, this.receipts);
  }

  #setClip(wav, durationMs) {
    this.wav = wav ?? null;
    this.durationMs = durationMs ?? 0;
    this.bars = [];
    if (!this.wav) return;
    try {
      const clip = readWav(this.wav);
      this.bars = peaks(clip.pcm, clip.channels, SOURCE_BARS);
      this.durationMs = clip.durationMs;
    } catch {
      this.wav = null;
      this.note.textContent = t('voice.bad');
    }
    this.playButton.disabled = !this.wav;
    this.save.hidden = !this.wav;
    if (this.saveUrl) {
      URL.revokeObjectURL(this.saveUrl);
      this.saveUrl = null;
      this.save.href = '#';
    }
  }

  /** Ours or a live stream's message was stored: this card now shows it. */
  becomeStored(msg, unplayed) {
    const oldKey = this.key;
    this.key = `seq:${msg.seq}`;
    this.kind = 'stored';
    this.live = false;
    this.interrupted = false;
    this.el.classList.remove('live');
    delete this.el.dataset.live;
    this.note.textContent = '';
    setStored(this.el, msg);
    this.#setClip(msg.wav, msg.durationMs);
    this.setUnplayed(unplayed);
    this.playback.rekey(oldKey, this.key, this);
    this.#render();
  }

  liveUpdate(live) {
    this.durationMs = live.startMs + live.receivedMs;
    this.liveSource = live.peaks;
    this.#render();
  }

  liveEnded(reason) {
    this.interrupted = true;
    this.note.textContent = reason === 'interrupted' || reason === 'failed' ? t('voice.interrupted') : '';
    this.#render();
  }

  setUnplayed(on) {
    const dot = this.el.querySelector('.unplayed');
    if (on && !dot) {
      const d = span('unplayed');
      d.title = t('voice.unplayed');
      d.setAttribute('role', 'img');
      d.setAttribute('aria-label', t('voice.unplayed'));
      this.duration.after(d);
    } else if (!on && dot) {
      dot.remove();
    }
  }

  /**
   * Shows what the receipts say ({text, full} from chat-state's receiptLine), or nothing (null). Text from the
   * network (nicks) goes in as text only. When `full` says more than `text`, the line is a button that shows it.
   */
  showReceipts(line) {
    const shown = receiptsKey(line);
    if (shown === this.receiptsShown) return;
    this.receiptsShown = shown;
    const p = this.receipts;
    p.hidden = !line;
    if (!line) {
      p.replaceChildren();
      p.removeAttribute('title');
      return;
    }
    if (line.full === line.text) {
      p.removeAttribute('title');
      p.replaceChildren(line.text);
      return;
    }
    p.title = line.full;
    const open = p.querySelector('button')?.getAttribute('aria-expanded') === 'true';
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-expanded', String(open));
    const short = span('short');
    short.setAttribute('aria-hidden', 'true');
    short.textContent = line.text;
    const full = span('full');
    full.textContent = line.full;
    b.append(short, full);
    b.addEventListener('click', () => b.setAttribute('aria-expanded', String(b.getAttribute('aria-expanded') !== 'true')));
    p.replaceChildren(b);
  }

  /** Whether the card shows this receipt line already. */
  showsReceipts(line) {
    return receiptsKey(line) === this.receiptsShown;
  }

  showRate(r) {
    this.speed.textContent = `${r}×`;
  }

  speakerState(state, positionMs, durationMs) {
    this.speakerPhase = state;
    this.playing = state === 'playing' || (state === 'waiting' && this.live);
    if (Number.isFinite(positionMs)) this.positionMs = state === 'ended' || state === 'stopped' ? 0 : positionMs;
    if (!this.live && Number.isFinite(durationMs) && durationMs > 0) this.durationMs = durationMs;
    this.#render();
  }

  progress(positionMs, durationMs) {
    this.positionMs = positionMs;
    if (!this.live && durationMs > 0) this.durationMs = durationMs;
    this.#render();
  }

  dispose() {
    this.playback.unregister(this.key);
    resized?.unobserve(this.canvas);
    if (this.saveUrl) URL.revokeObjectURL(this.saveUrl);
  }

  #saveHref() {
    if (!this.wav || this.saveUrl) return;
    this.saveUrl = URL.createObjectURL(new Blob([this.wav], { type: 'audio/wav' }));
    this.save.href = this.saveUrl;
    this.save.download = fileName(this.el.dataset.from, Number(this.el.dataset.ts));
  }

  #render() {
    let state;
    if (this.speakerPhase === 'playing' || (this.live && this.playing)) state = 'playing';
    else if (this.speakerPhase === 'paused') state = 'paused';
    else if (this.live) state = this.interrupted ? 'interrupted' : 'live';
    else state = 'idle';
    this.el.dataset.state = state;
    const playing = state === 'playing';
    const label = t(playing ? 'voice.pause' : 'voice.play');
    if (this.playButton.getAttribute('aria-label') !== label) this.playButton.setAttribute('aria-label', label);
    const showPosition = !this.live && (state === 'playing' || state === 'paused');
    this.duration.textContent = showPosition
      ? `${durationText(this.positionMs)} / ${durationText(this.durationMs)}`
      : durationText(this.durationMs);
    this.draw();
  }

  /** Draws the waveform at the canvas's size, the played part in the text colour. */
  draw() {
    const c = this.canvas;
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (!w || !h) return;
    const dpr = globalThis.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const count = Math.max(8, Math.floor(w / BAR_PX));
    const bars = this.live ? squeeze(this.liveSource ?? [], count, true) : squeeze(this.bars, count, false);
    const style = getComputedStyle(c);
    const played = style.color;
    const rest = style.getPropertyValue('--wave-rest').trim() || 'gray';
    const upTo = this.live || !this.durationMs ? (this.live ? bars.length : 0)
      : Math.round((this.positionMs / this.durationMs) * bars.length);
    for (let i = 0; i < bars.length; i++) {
      const bh = Math.max(2, Math.round(Math.min(1, bars[i] * 1.4) * (h - 2)));
      g.fillStyle = i < upTo ? played : rest;
      g.fillRect(i * BAR_PX, (h - bh) / 2, BAR_PX - 1, bh);
    }
  }
}

function receiptsKey(line) {
  return line ? `${line.text}\n${line.full}` : null;
}

/** `count` bars from `source` (the loudest of each stretch); a live stream's bars grow from the left. */
function squeeze(source, count, growing) {
  if (source.length === 0) return [];
  if (growing && source.length <= count) return source;
  const out = new Array(count).fill(0);
  for (let i = 0; i < source.length; i++) {
    const b = Math.min(count - 1, Math.floor((i * count) / source.length));
    if (source[i] > out[b]) out[b] = source[i];
  }
  return out;
}

/** parley-alice-2026-12-07-1432.wav (local time). */
export function fileName(from, ts) {
  const d = new Date(ts);
  const two = n => String(n).padStart(2, '0');
  const who = (from || 'voice').replace(/[\s\\/:*?"<>|]+/g, '_');
  return `parley-${who}-${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}.wav`;
}

function button(cls, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.setAttribute('aria-label', label);
  return b;
}

function span(cls) {
  const s = document.createElement('span');
  s.className = cls;
  return s;
}
