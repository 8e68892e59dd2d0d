// Whether a joined socket still works. A browser can neither send WebSocket pings nor see the relay's, so a socket
// that died without a close (a phone that changed networks) would wait for TCP to notice. After 30 s without a frame
// from the relay the connection asks it something small (history before seq 1: always empty, answered at once with
// history-end); if nothing at all arrives within 10 s, the socket is taken for dead.

const QUIET_MS = 30000;
const ANSWER_MS = 10000;

export class Probe {
  #timer = null;
  #lastHeard;

  /** @param deps {setTimeout, clearTimeout, now(), ask() sends the question, dead() when unanswered} */
  constructor(deps) {
    this.deps = deps;
    this.#lastHeard = deps.now();
    this.#wait(QUIET_MS);
  }

  /** A frame arrived. */
  heard() {
    this.#lastHeard = this.deps.now();
  }

  stop() {
    if (this.#timer !== null) this.deps.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #wait(ms) {
    this.#timer = this.deps.setTimeout(() => this.#check(), ms);
  }

  #check() {
    const quiet = this.deps.now() - this.#lastHeard;
    if (quiet < QUIET_MS) {
      this.#wait(QUIET_MS - quiet);
      return;
    }
    const asked = this.deps.now();
    this.deps.ask();
    this.#timer = this.deps.setTimeout(() => {
      this.#timer = null;
      if (this.#lastHeard >= asked) this.#wait(QUIET_MS);
      else this.deps.dead();
    }, ANSWER_MS);
  }
}
