// Reconnect delays, as the desktop app's Backoff: 0.5 s doubling to 10 s (a LAN relay is back within seconds), each
// with ±20 % jitter so clients do not return in lockstep.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10000;
const JITTER = 0.2;

export class Backoff {
  #attempt = 0;

  constructor(random = Math.random) {
    this.random = random;
  }

  /** The delay before the next attempt; each call doubles the base, up to the maximum. */
  next() {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(this.#attempt++, 16));
    return Math.min(MAX_DELAY_MS, Math.round(base * (1 - JITTER + this.random() * 2 * JITTER)));
  }

  /** Back to the first delay (after a successful join). */
  reset() {
    this.#attempt = 0;
  }
}
