// <parley-talk>: button#talk, held to talk. Pointer events with capture (mouse, pen, touch), sliding out of the
// button's box cancels; the space bar on a computer while the focus is not in a text field (Esc cancels). Shows the
// state (data-state idle|recording|tail|unavailable), the time, the level (meter#level), hints (#talk-hint) and why
// it cannot record (#talk-reason, the button disabled).
// Out: 'press', 'release', 'cancel'.

import { durationText, t } from '../i18n.js';

const HINT_MS = 4000;

export class TalkElement extends HTMLElement {
  #pointer = null;
  #key = false;
  #timer = 0;
  #hintTimer = 0;
  #startedAt = 0;

  connectedCallback() {
    this.button = this.querySelector('#talk');
    this.label = this.querySelector('#talk-label');
    this.meter = this.querySelector('#level');
    this.hintLine = this.querySelector('#talk-hint');
    this.reasonLine = this.querySelector('#talk-reason');
    const b = this.button;
    b.addEventListener('pointerdown', e => this.#down(e));
    b.addEventListener('pointermove', e => this.#move(e));
    b.addEventListener('pointerup', e => this.#up(e));
    b.addEventListener('pointercancel', e => this.#lost(e));
    b.addEventListener('lostpointercapture', e => this.#lost(e));
    b.addEventListener('contextmenu', e => e.preventDefault());
    b.addEventListener('keydown', e => {
      if (e.key === 'Enter') this.#keyDown(e);
    });
    b.addEventListener('keyup', e => {
      if (e.key === 'Enter') this.#keyUp(e);
    });
    document.addEventListener('keydown', e => {
      if (e.code === 'Space' && !isTextField(e.target) && this.isConnected && !this.closest('[hidden]')) this.#keyDown(e);
      else if (e.key === 'Escape' && (this.#key || this.#pointer !== null)) this.#cancel();
    });
    document.addEventListener('keyup', e => {
      if (e.code === 'Space' && this.#key) this.#keyUp(e);
    });
    window.addEventListener('blur', () => {
      if (this.#key) this.#keyUp(null);
    });
    this.render('idle', null);
  }

  render(state, reason) {
    const shown = state === 'opening' ? 'idle' : state;
    this.button.dataset.state = shown;
    this.button.disabled = state === 'unavailable';
    this.button.setAttribute('aria-busy', state === 'opening' ? 'true' : 'false');
    this.reasonLine.textContent = state === 'unavailable' && reason ? t(`talk.reason.${reason}`) : '';
    this.reasonLine.hidden = !this.reasonLine.textContent;
    const recording = state === 'recording' || state === 'tail';
    this.meter.hidden = !recording;
    if (recording && !this.#timer) {
      this.#startedAt = performance.now();
      this.#timer = setInterval(() => this.#tick(), 250);
    } else if (!recording && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = 0;
      this.level(0);
    }
    if (state === 'opening') this.hint('talk.opening', false);
    else if (recording) this.hint('talk.recording', false);
    else if (this.hintLine.dataset.key === 'talk.opening' || this.hintLine.dataset.key === 'talk.recording') this.hint('', false);
    this.#tick();
    if (state === 'unavailable') {
      this.#pointer = null;
      this.#key = false;
    }
  }

  /** Shows a hint under the button; transient ones fade after a few seconds. */
  hint(key, transient = true) {
    clearTimeout(this.#hintTimer);
    this.hintLine.dataset.key = key;
    this.hintLine.textContent = key ? t(key) : '';
    if (transient && key) {
      this.#hintTimer = setTimeout(() => {
        if (this.hintLine.dataset.key === key) this.hint('', false);
      }, HINT_MS);
    }
  }

  level(v) {
    this.meter.value = v;
    this.button.style.setProperty('--level', String(Math.min(1, v * 1.5)));
  }

  #tick() {
    const state = this.button.dataset.state;
    this.label.textContent = state === 'recording' || state === 'tail'
      ? durationText(performance.now() - this.#startedAt) : t('talk.button');
  }

  #down(e) {
    if (this.button.disabled || this.#pointer !== null || this.#key) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    this.#pointer = e.pointerId;
    try {
      this.button.setPointerCapture(e.pointerId);
    } catch {
      // the pointer is already gone
    }
    this.dispatchEvent(new CustomEvent('press'));
  }

  #move(e) {
    if (e.pointerId !== this.#pointer) return;
    const r = this.button.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.#cancel();
  }

  #up(e) {
    if (e.pointerId !== this.#pointer) return;
    this.#pointer = null;
    this.dispatchEvent(new CustomEvent('release'));
  }

  #lost(e) {
    if (e.pointerId !== this.#pointer) return;
    this.#cancel();
  }

  #keyDown(e) {
    e.preventDefault();
    if (e.repeat || this.#key || this.#pointer !== null || this.button.disabled) return;
    this.#key = true;
    this.dispatchEvent(new CustomEvent('press'));
  }

  #keyUp(e) {
    e?.preventDefault();
    if (!this.#key) return;
    this.#key = false;
    this.dispatchEvent(new CustomEvent('release'));
  }

  #cancel() {
    const had = this.#pointer !== null || this.#key;
    if (this.#pointer !== null) {
      try {
        this.button.releasePointerCapture(this.#pointer);
      } catch {
        // not captured any more
      }
    }
    this.#pointer = null;
    this.#key = false;
    if (had) this.dispatchEvent(new CustomEvent('cancel'));
  }
}

/**
 * Whether the space bar belongs to the focused element rather than to talking: text fields (it types a space), and
 * controls reached from the keyboard (it presses them). A button focused by a click gives the space bar to talking.
 */
export function isTextField(el) {
  if (!(el instanceof Element) || el.id === 'talk') return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName === 'INPUT' && !['button', 'checkbox', 'radio', 'reset', 'submit'].includes(el.type)) return true;
  const control = el.tagName === 'BUTTON' || el.tagName === 'INPUT' || el.tagName === 'A' || el.tagName === 'SUMMARY';
  return control && el.matches(':focus-visible');
}

customElements.define('parley-talk', TalkElement);
