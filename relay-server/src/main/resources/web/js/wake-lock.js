// Keeps the screen on while walkie-talkie mode is on (Screen Wake Lock where the browser has it). The browser drops
// the lock whenever the page is hidden; it is asked for again when the page is visible.

export class ScreenWake {
  #wanted = false;
  #lock = null;

  constructor(doc = document, nav = navigator) {
    this.doc = doc;
    this.api = nav.wakeLock ?? null;
    doc.addEventListener('visibilitychange', () => this.#sync());
  }

  get supported() {
    return this.api !== null;
  }

  set wanted(on) {
    this.#wanted = on;
    this.#sync();
  }

  async #sync() {
    if (!this.api) return;
    const want = this.#wanted && this.doc.visibilityState === 'visible';
    if (want && !this.#lock) {
      try {
        const lock = await this.api.request('screen');
        this.#lock = lock;
        lock.addEventListener('release', () => {
          if (this.#lock === lock) this.#lock = null;
        });
        if (!this.#wanted) this.#release();
      } catch {
        // refused (battery saver, not visible): asked again at the next visibility change
      }
    } else if (!want && this.#lock && !this.#wanted) {
      this.#release();
    }
  }

  #release() {
    const lock = this.#lock;
    this.#lock = null;
    lock?.release().catch(() => {});
  }
}
