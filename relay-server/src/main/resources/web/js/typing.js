// Tells the room what this person is doing (the desktop app's TypingSender): 'typing' on keystrokes, 'idle' 5 s
// after the last one or when the box is emptied, 'recording' while push-to-talk is held; a lasting state is repeated
// every 3 s; nothing after a send (the relay announces idle itself). Time is passed in; tick() about once a second.

import { TYPING_REPEAT_MS } from './protocol.js';

const TYPING_IDLE_MS = 5000;

export class TypingSender {
  #current = 'idle';
  #lastSent = 0;
  #lastKey = 0;

  /** @param send function(state) */
  constructor(send) {
    this.send = send;
  }

  get current() {
    return this.#current;
  }

  keystroke(now) {
    this.#lastKey = now;
    if (this.#current === 'idle') this.#set('typing', now);
  }

  cleared() {
    if (this.#current === 'typing') this.#set('idle', 0);
  }

  recordingStarted(now) {
    this.#set('recording', now);
  }

  recordingCancelled() {
    if (this.#current === 'recording') this.#set('idle', 0);
  }

  messageSent() {
    this.#current = 'idle';
  }

  tick(now) {
    if (this.#current === 'typing' && now - this.#lastKey >= TYPING_IDLE_MS) {
      this.#set('idle', now);
    } else if (this.#current !== 'idle' && now - this.#lastSent >= TYPING_REPEAT_MS) {
      this.#set(this.#current, now);
    }
  }

  #set(state, now) {
    this.#current = state;
    this.#lastSent = now;
    this.send(state);
  }
}
