// <parley-join>: name, room (its canonical form shown as you type), password, Join; errors in #join-error. The
// fields are remembered on this device; #room=NAME in the address chooses the room.
// Out: 'join' {nick, room, password}, dispatched inside the click or Enter that submitted (a user gesture).

import { MAX_NICK_CHARS, MAX_ROOM_CHARS, canonicalRoom, nickProblem, roomProblem } from '../protocol.js';
import { t } from '../i18n.js';
import { loadJoin } from '../storage.js';

const DEFAULT_ROOM = 'lobby';

export class JoinElement extends HTMLElement {
  connectedCallback() {
    this.form = this.querySelector('form');
    this.nick = this.querySelector('#nick');
    this.room = this.querySelector('#room');
    this.canonical = this.querySelector('#room-canonical');
    this.password = this.querySelector('#password');
    this.button = this.querySelector('#join');
    this.error = this.querySelector('#join-error');
    this.querySelector('#page-address').textContent = t('cert.address', location.host);
    const saved = loadJoin();
    this.nick.value = saved.nick;
    this.room.value = roomFromHash(location.hash) ?? (saved.room || DEFAULT_ROOM);
    this.password.value = saved.password;
    this.room.addEventListener('input', () => this.#preview());
    this.nick.addEventListener('input', () => this.#invalid(this.nick, false));
    this.form.addEventListener('submit', e => {
      e.preventDefault();
      this.#submit();
    });
    window.addEventListener('hashchange', () => {
      const r = roomFromHash(location.hash);
      if (r !== null && !this.button.disabled) {
        this.room.value = r;
        this.#preview();
      }
    });
    this.#preview();
  }

  /** Shows the screen again, with an error (or none) and the fields usable. */
  showError(message) {
    this.busy(false);
    this.error.textContent = message;
    this.error.hidden = !message;
  }

  busy(on) {
    this.button.disabled = on;
    this.button.textContent = t(on ? 'join.connecting' : 'join.button');
    this.form.setAttribute('aria-busy', String(on));
  }

  focusFirst() {
    (this.nick.value ? this.button : this.nick).focus();
  }

  #preview() {
    const room = canonicalRoom(this.room.value);
    const problem = roomProblem(room);
    this.#invalid(this.room, false);
    this.canonical.textContent = !room ? '' : problem ? roomError(problem) : t('join.room.canonical', room);
    this.canonical.classList.toggle('problem', Boolean(problem && room));
  }

  #invalid(field, bad) {
    field.setAttribute('aria-invalid', String(bad));
  }

  #submit() {
    if (this.button.disabled) return;
    const nickIssue = nickProblem(this.nick.value);
    const room = canonicalRoom(this.room.value);
    const roomIssue = roomProblem(room);
    this.#invalid(this.nick, Boolean(nickIssue));
    this.#invalid(this.room, Boolean(roomIssue));
    const message = nickIssue ? nickError(nickIssue) : roomIssue ? roomError(roomIssue) : '';
    if (message) {
      this.showError(message);
      (nickIssue ? this.nick : this.room).focus();
      return;
    }
    this.showError('');
    this.busy(true);
    this.dispatchEvent(new CustomEvent('join', {
      detail: { nick: this.nick.value.trim(), room, password: this.password.value },
    }));
  }
}

function nickError(problem) {
  if (problem === 'missing') return t('join.error.nickMissing');
  if (problem === 'long') return t('join.error.nickLong', MAX_NICK_CHARS);
  return t('join.error.nickChars');
}

function roomError(problem) {
  if (problem === 'missing') return t('join.error.roomMissing');
  if (problem === 'long') return t('join.error.roomLong', MAX_ROOM_CHARS);
  return t('join.error.roomChars');
}

/** The room named by #room=NAME, or null. */
export function roomFromHash(hash) {
  const room = new URLSearchParams((hash ?? '').replace(/^#/, '')).get('room');
  return room === null ? null : room;
}

customElements.define('parley-join', JoinElement);
