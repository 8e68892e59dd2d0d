// <parley-composer>: textarea#text and button#send. Enter sends on a computer (Shift+Enter: new line); on a touch
// device Enter is a new line and the button sends. Never while an input method is composing (Chinese, Japanese…).
// In: maxChars, touch. Out: 'send' {text}, 'keystroke', 'cleared'.

import { codePoints, textProblem } from '../protocol.js';
import { t } from '../i18n.js';

const MAX_LINES_PX = 160;

export class ComposerElement extends HTMLElement {
  connectedCallback() {
    this.text = this.querySelector('#text');
    this.send = this.querySelector('#send');
    this.error = this.querySelector('#composer-error');
    this.maxChars = 4000;
    this.touch = false;
    this.text.addEventListener('keydown', e => this.#key(e));
    this.text.addEventListener('input', () => this.#input());
    this.send.addEventListener('click', () => {
      this.#submit();
      if (!this.touch) this.text.focus();
    });
    // keep the on-screen keyboard up on a phone: the button does not take the focus from the text box
    this.send.addEventListener('pointerdown', e => {
      if (e.pointerType === 'touch' && document.activeElement === this.text) e.preventDefault();
    });
  }

  setTouch(touch) {
    this.touch = touch;
    this.text.placeholder = t(touch ? 'composer.placeholder.touch' : 'composer.placeholder');
    this.text.enterKeyHint = touch ? 'enter' : 'send';
  }

  clear() {
    this.text.value = '';
    this.#fit();
    this.#showError('');
  }

  #key(e) {
    if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    if (this.touch || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    this.#submit();
  }

  #input() {
    this.#fit();
    const value = this.text.value;
    if (value.length === 0) this.dispatchEvent(new CustomEvent('cleared'));
    else this.dispatchEvent(new CustomEvent('keystroke'));
    this.#showError(codePoints(value) > this.maxChars ? t('composer.tooLong', this.maxChars) : '');
  }

  #submit() {
    const value = this.text.value;
    const problem = textProblem(value, this.maxChars);
    if (problem === 'empty') return;
    if (problem === 'long') {
      this.#showError(t('composer.tooLong', this.maxChars));
      return;
    }
    this.text.value = '';
    this.#fit();
    this.#showError('');
    this.dispatchEvent(new CustomEvent('send', { detail: { text: value } }));
  }

  #showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    this.text.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  /** Grows the box with its text up to a few lines. */
  #fit() {
    const box = this.text;
    box.style.height = 'auto';
    const borders = box.offsetHeight - box.clientHeight;
    box.style.height = `${Math.min(box.scrollHeight + borders, MAX_LINES_PX)}px`;
  }
}

customElements.define('parley-composer', ComposerElement);
