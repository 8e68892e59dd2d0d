// <parley-members>: who is in the room (ul#members, li[data-nick]), marked while they type or record. On a narrow
// screen a drawer opened by button#members-toggle (Esc or a tap outside closes it); beside the timeline when wide.
// Below the list the panel holds the settings (input#receipts, wired by main.js and the session).
// In: bind(chat).

import { t } from '../i18n.js';

export class MembersElement extends HTMLElement {
  connectedCallback() {
    this.list = this.querySelector('#members');
    this.toggle = document.getElementById('members-toggle');
    this.count = document.getElementById('member-count');
    this.backdrop = document.getElementById('drawer-backdrop');
    this.toggle.addEventListener('click', () => this.setOpen(!this.classList.contains('open')));
    this.backdrop.addEventListener('click', () => this.setOpen(false));
    document.addEventListener('keydown', e => {
      if (e.key === 'Escape' && this.classList.contains('open')) {
        this.setOpen(false);
        this.toggle.focus();
      }
    });
  }

  bind(chat) {
    this.chat = chat;
    chat.addEventListener('members', () => this.render());
    chat.addEventListener('activity', () => this.render());
  }

  setOpen(open) {
    this.classList.toggle('open', open);
    this.backdrop.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open && getComputedStyle(this.backdrop).display !== 'none') this.querySelector('h2').focus();
  }

  render() {
    const members = this.chat.members;
    const items = members.map(nick => {
      const li = document.createElement('li');
      li.dataset.nick = nick;
      const name = document.createElement('span');
      name.className = 'name';
      const mine = this.chat.isOwn(nick);
      name.textContent = mine ? t('members.you', nick) : nick;
      li.append(name);
      const state = mine ? 'idle' : this.chat.stateOf(nick);
      if (state !== 'idle') {
        const badge = document.createElement('span');
        badge.className = `state ${state}`;
        badge.textContent = t(`members.${state}`);
        li.append(badge);
      }
      li.classList.toggle('own', mine);
      return li;
    });
    this.list.replaceChildren(...items);
    this.count.textContent = String(members.length || '');
  }
}

customElements.define('parley-members', MembersElement);
