// A fake clock for modules that take setTimeout, clearTimeout and now() as dependencies: timers run in time order
// when the test moves the clock.

export class FakeClock {
  #timers = new Map();
  #next = 1;

  constructor(start = 0) {
    this.t = start;
    this.now = () => this.t;
    this.setTimeout = (fn, ms) => {
      const id = this.#next++;
      this.#timers.set(id, { at: this.t + Math.max(0, ms), fn });
      return id;
    };
    this.clearTimeout = id => {
      this.#timers.delete(id);
    };
  }

  /** How many timers are waiting. */
  get pending() {
    return this.#timers.size;
  }

  /** Moves the clock by ms, running every timer that falls due on the way (at its own time). */
  advance(ms) {
    const end = this.t + ms;
    for (;;) {
      let due = null;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= end && (due === null || timer.at < due[1].at)) due = [id, timer];
      }
      if (due === null) break;
      this.#timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}
