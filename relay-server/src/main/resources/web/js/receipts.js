// Played receipts (protocol 3) as the room knows them: per voice message (seq) the set of people who played it,
// merged by nick in any case from live, catch-up and history copies alike; and what a voice card says about them.
// Pure: no DOM, no socket (unit-tested in the browser runner).

import { nickKey } from './protocol.js';
import { t } from './i18n.js';

/** At most this many names are written out on a card; more become "alice, bob and 3 more". */
export const NAMES_SHOWN = 3;

export class Receipts {
  /** seq → Map(nick key → {nick, ts, id}) */
  #bySeq = new Map();

  /** Adds a receipt {seq, nick, ts, id}; true when it is new (a second copy of one held changes nothing). */
  merge(r) {
    let players = this.#bySeq.get(r.seq);
    if (!players) {
      players = new Map();
      this.#bySeq.set(r.seq, players);
    }
    const key = nickKey(r.nick);
    if (players.has(key)) return false;
    players.set(key, { nick: r.nick, ts: r.ts, id: r.id });
    return true;
  }

  /** Who played voice message seq, in the order the relay stored it: [{nick, ts, id}]. */
  of(seq) {
    const players = this.#bySeq.get(seq);
    return players ? [...players.values()].sort((a, b) => a.id - b.id) : [];
  }
}

/**
 * What a voice card says about its receipts, or null for nothing: {text, full}, `text` as shown and `full` with every
 * name (a tooltip and what a screen reader reads).
 * - someone else's message: "Played by alice, bob" (others than me; my own play shows as the card's played state);
 * - my own: "Heard by 2 of 5 here", 5 = the others in the room now and anyone who played it and left since
 *   (nothing while that is nobody).
 * @param own whether the message is mine; players the nicks that played it (in order); members the room's now; me my nick
 */
export function receiptLine({ own, players, members, me }) {
  const mine = nickKey(me);
  const others = players.filter(n => nickKey(n) !== mine);
  if (!own) {
    if (others.length === 0) return null;
    return { text: t('receipts.playedBy', shortList(others)), full: t('receipts.playedBy', list(others)) };
  }
  const here = new Set(others.map(nickKey));
  for (const m of members) if (nickKey(m) !== mine) here.add(nickKey(m));
  if (here.size === 0) return null;
  const text = t('receipts.heardBy', others.length, here.size);
  return { text, full: others.length ? t('receipts.heardBy.names', others.length, here.size, list(others)) : text };
}

function list(names) {
  return names.join(t('list.separator'));
}

function shortList(names) {
  if (names.length <= NAMES_SHOWN) return list(names);
  return t('receipts.more', list(names.slice(0, NAMES_SHOWN - 1)), names.length - (NAMES_SHOWN - 1));
}
