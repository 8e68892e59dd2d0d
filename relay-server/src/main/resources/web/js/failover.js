// Which relay the connection's next attempt goes to, as the desktop app's Failover (PROTOCOL.md "More than one
// relay"). The first is the relay that served this page. Every welcome replaces the list of relays its relay vouches
// for (welcome.relays); after a drop the first retry goes to the same relay, each further one to the next relay of
// that list, round and round, the page's own relay included (first when the list does not name it).
//
// A page cannot pin a certificate: it reaches another relay only when the browser already trusts that relay's
// certificate (CA-signed, or accepted on that relay's own page) and the page's Content-Security-Policy, made by the
// relay that served it, names it. Any other attempt fails like a relay that is down, and the next one is tried.

/** `host:port` of a wss:// URL (port 443 when it names none), or null when it is not one. */
export function relayKey(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'wss:' || u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return `${u.hostname}:${u.port || '443'}`;
}

export class Failover {
  #own;
  #listed = [];
  #current;

  /** @param own the wss:// URL of the relay that served the page */
  constructor(own) {
    this.#own = { url: own, key: relayKey(own) ?? own };
    this.#current = this.#own;
  }

  /** The URL of the current (or last) attempt. */
  get current() {
    return this.#current.url;
  }

  /** Whether the current attempt goes to another relay than the page's own (failing over). */
  get elsewhere() {
    return this.#current.key !== this.#own.key;
  }

  /** The URLs the latest welcome listed, in the order they would be tried. */
  get listed() {
    return this.#listed.map(r => r.url);
  }

  /**
   * A welcome came from the current relay: its relays replace the ones before (entries that are not wss:// URLs are
   * skipped; a relay listed twice counts once).
   */
  welcomed(relays) {
    const next = [];
    for (const r of Array.isArray(relays) ? relays : []) {
      const key = typeof r?.url === 'string' ? relayKey(r.url) : null;
      if (key === null || next.some(t => t.key === key)) continue;
      next.push(key === this.#own.key ? this.#own : { url: r.url, key });
    }
    this.#listed = next;
  }

  /**
   * The URL of the next attempt: the current relay after a drop (failedAttempts 0), then the next one after it, round
   * and round, of the relays the latest welcome listed and the page's own. A relay no longer listed is not tried
   * again (the next attempt goes to the page's own).
   */
  next(failedAttempts) {
    const ring = [...this.#listed];
    if (!ring.some(t => t.key === this.#own.key)) ring.unshift(this.#own);
    const at = ring.findIndex(t => t.key === this.#current.key);
    this.#current = at < 0 ? ring[0] : ring[failedAttempts > 0 ? (at + 1) % ring.length : at];
    return this.#current.url;
  }
}
