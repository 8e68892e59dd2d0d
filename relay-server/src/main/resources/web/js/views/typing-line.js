// <parley-typing>: who is typing or recording, in #typing (aria-live polite): "alice is typing…", "bob is recording…".
// In: bind(chat).

import { activityText } from '../i18n.js';

export class TypingElement extends HTMLElement {
  connectedCallback() {
    this.line = this.querySelector('#typing');
  }

  bind(chat) {
    chat.addEventListener('activity', e => this.show(e.detail));
  }

  show({ typing, recording }) {
    const text = [activityText('recording', recording), activityText('typing', typing)].filter(Boolean).join(' ');
    if (this.line.textContent !== text) this.line.textContent = text;
  }
}

customElements.define('parley-typing', TypingElement);
