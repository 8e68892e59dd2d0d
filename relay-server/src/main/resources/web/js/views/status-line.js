// <parley-status>: the connection's state in #status (text and data-state connecting|joined|reconnecting|
// disconnected), the countdown to the next attempt and button#retry ("Retry now").
// In: show(state, reason, retryAt, nick, relay) (relay: {via, own} as host:port when the connection went to another
// relay of the cluster than the page's own, else absent). Out: 'retry'.

import { t } from '../i18n.js';

/** Why the connection ended or was refused, for people. */
export function reasonText(reason, nick) {
  switch (reason?.kind) {
    case 'left': return t('reason.left');
    case 'relayStopped': return t('reason.relayStopped');
    case 'password': return t('reason.password');
    case 'nickTaken': return t('reason.nickTaken', nick);
    case 'replaced': return t('reason.replaced', nick);
    case 'previousConnection': return t('reason.previousConnection');
    case 'protocol': return t('reason.protocol');
    case 'badHello': return t('reason.badHello', reason.detail || reason.code);
    case 'lockedOut': return t('reason.lockedOut');
    default: return t('reason.lost');
  }
}

export class StatusElement extends HTMLElement {
  #timer = 0;

  connectedCallback() {
    this.line = this.querySelector('#status');
    this.retry = this.querySelector('#retry');
    this.retry.addEventListener('click', () => this.dispatchEvent(new CustomEvent('retry')));
  }

  show(state, reason, retryAt, nick, relay = null) {
    this.current = { state, reason, retryAt, nick, relay };
    this.line.dataset.state = state;
    this.retry.hidden = state !== 'reconnecting';
    clearInterval(this.#timer);
    this.#timer = 0;
    if (state === 'reconnecting') this.#timer = setInterval(() => this.#text(), 1000);
    this.#text();
  }

  #text() {
    const { state, reason, retryAt, nick, relay } = this.current;
    let text;
    if (state === 'joined' && relay) {
      text = t('status.joinedElsewhere', relay.via, nick, relay.own);
    } else if (state === 'joined') {
      text = t('status.joined', nick);
    } else if (state === 'connecting') {
      text = t('status.connecting');
    } else if (state === 'reconnecting') {
      const s = Math.ceil((retryAt - Date.now()) / 1000);
      text = s > 0 ? t('status.reconnectingIn', s, reasonText(reason, nick)) : t('status.reconnecting');
    } else {
      text = t('status.disconnected', reasonText(reason, nick));
    }
    if (this.line.textContent !== text) {
      this.line.textContent = text;
      this.line.title = text; // all of it, where two lines cut it short
    }
  }
}

customElements.define('parley-status', StatusElement);
