// What this device remembers, in localStorage (which may be missing or full: then nothing is remembered and
// nothing breaks): the join fields, settings, and per room the voice messages already played (bounded).
// Played receipts and their playedSince are not kept here: a new page holds no receipts (nor messages), so it joins
// without playedSince and gets the receipts of what it is replayed (connection.js keeps playedSince while it lives).

const PREFIX = 'parley.';
const PLAYED_KEEP = 1000;

function read(key) {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // storage full or disabled: not remembered
  }
}

/**
 * The session of the latest welcome per room and nick, in this tab's sessionStorage (a reload resumes it; another
 * tab does not see it, a duplicated tab gets a copy and takes the place of the first, which then stops).
 */
export class SessionTokens {
  #key(room, nick) {
    return `${PREFIX}session.${room}.${(nick ?? '').toLowerCase()}`;
  }

  load(room, nick) {
    try {
      const v = globalThis.sessionStorage?.getItem(this.#key(room, nick)) ?? null;
      return typeof v === 'string' && v !== '' ? v : null;
    } catch {
      return null;
    }
  }

  save(room, nick, session) {
    try {
      globalThis.sessionStorage?.setItem(this.#key(room, nick), session);
    } catch {
      // storage full or disabled: this page still resumes with it
    }
  }
}

export function loadJoin() {
  return { nick: read('nick') ?? '', room: read('room') ?? '', password: read('password') ?? '' };
}

export function saveJoin({ nick, room, password }) {
  write('nick', nick);
  write('room', room);
  write('password', password ?? '');
}

export function loadSetting(name, fallback) {
  const v = read(`setting.${name}`);
  if (v === null) return fallback;
  try {
    return JSON.parse(v);
  } catch {
    return fallback;
  }
}

export function saveSetting(name, value) {
  write(`setting.${name}`, JSON.stringify(value));
}

/** "Tell others when I've played their voice messages": on unless turned off on this device. */
export function loadTellPlayed() {
  return loadSetting('receipts', true) !== false;
}

export function saveTellPlayed(on) {
  saveSetting('receipts', on === true);
}

/** The voice messages played in one room, by sender and id, the newest {@link PLAYED_KEEP} kept. */
export class PlayedClips {
  #ids;

  constructor(room) {
    this.key = `played.${room}`;
    let list = [];
    try {
      list = JSON.parse(read(this.key) ?? '[]');
    } catch {
      list = [];
    }
    this.#ids = new Set(Array.isArray(list) ? list.filter(x => typeof x === 'string') : []);
  }

  static idOf(from, id) {
    return `${from.toLowerCase()}\n${id}`;
  }

  has(from, id) {
    return this.#ids.has(PlayedClips.idOf(from, id));
  }

  add(from, id) {
    const k = PlayedClips.idOf(from, id);
    if (this.#ids.has(k)) return;
    this.#ids.add(k);
    const all = [...this.#ids];
    const kept = all.length > PLAYED_KEEP ? all.slice(all.length - PLAYED_KEEP) : all;
    if (kept.length !== all.length) this.#ids = new Set(kept);
    write(this.key, JSON.stringify(kept));
  }
}

// ---------------------------------------------------------------- the outbox across page loads

/** At most this many unsent messages are kept per relay, room and nick, and at most this many bytes of them. */
export const OUTBOX_MAX_ITEMS = 200;
export const OUTBOX_MAX_BYTES = 50 * 1024 * 1024;
/** An IndexedDB that neither opens nor fails within this is treated as missing. */
const DB_OPEN_TIMEOUT_MS = 3000;

const databases = new WeakMap();

/** The 'parley' database (opened once per page), or null when there is none: never rejects. */
function database(idb) {
  if (!idb) return Promise.resolve(null);
  let db = databases.get(idb);
  if (!db) {
    db = new Promise(resolve => {
      setTimeout(() => resolve(null), DB_OPEN_TIMEOUT_MS);
      try {
        const req = idb.open('parley', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('outbox', { keyPath: ['owner', 'id'] })
          .createIndex('owner', 'owner');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null); // private mode, blocked by policy, or no IndexedDB at all
      }
    });
    databases.set(idb, db);
  }
  return db;
}

/**
 * The connection's unsent messages of one relay (location.host), room and nick (in any case, as the relay compares
 * nicks), kept across page loads until they are stored or refused.
 *
 * Text and recordings both live in IndexedDB, in one object store: a recording (up to several MB) does not fit
 * localStorage, and one store gives one order and one way to fail. A write commits a few milliseconds after the
 * message is queued; a page closed within those loses it, as every page did before. Whatever fails (no IndexedDB,
 * private mode, quota) is ignored: the connection's outbox then lives in memory only.
 *
 * The bound ({@link OUTBOX_MAX_ITEMS}, {@link OUTBOX_MAX_BYTES}) is kept by put(), which says which older items it
 * dropped to stay within it (the connection gives those up too, and the page says so).
 */
export class OutboxStore {
  #db;
  #owner;
  #kept = []; // {id, bytes}, oldest first: what is saved (or being saved)
  #bytes = 0;
  #n = 0;

  constructor({ relay, room, nick }, idb = globalThis.indexedDB) {
    this.#owner = `${relay}\n${room}\n${(nick ?? '').trim().toLowerCase()}`;
    try {
      this.#db = database(idb);
    } catch {
      this.#db = Promise.resolve(null);
    }
  }

  /** What an earlier page left unsent here, oldest first: [{kind: 'chat', id, text} | {kind: 'voice', id, wav}]. */
  async load() {
    const records = await this.#run('readonly', s => s.index('owner').getAll(this.#owner));
    const items = (Array.isArray(records) ? records : [])
      .filter(r => typeof r?.id === 'string' && (r.kind === 'chat' ? typeof r.text === 'string' : r.wav instanceof Uint8Array))
      .sort((a, b) => a.at - b.at || a.n - b.n)
      .map(r => (r.kind === 'chat' ? { kind: 'chat', id: r.id, text: r.text } : { kind: 'voice', id: r.id, wav: r.wav }));
    const known = new Set(this.#kept.map(k => k.id));
    const loaded = items.filter(i => !known.has(i.id)).map(i => ({ id: i.id, bytes: sizeOf(i) }));
    this.#kept = [...loaded, ...this.#kept];
    for (const k of loaded) this.#bytes += k.bytes;
    return items.filter(i => !known.has(i.id)); // not what this page queued itself
  }

  /** Saves one queued item; returns the ids of the oldest ones dropped to stay within the bound. */
  put(item) {
    const { kind, id, text, wav } = item;
    this.#forget(id);
    const bytes = sizeOf(item);
    this.#kept.push({ id, bytes });
    this.#bytes += bytes;
    const record = kind === 'chat' ? { text } : { wav };
    this.#run('readwrite', s => s.put({ owner: this.#owner, id, kind, ...record, at: Date.now(), n: this.#n++ }));
    const dropped = [];
    while (this.#kept.length > 1 && (this.#kept.length > OUTBOX_MAX_ITEMS || this.#bytes > OUTBOX_MAX_BYTES)) {
      const oldest = this.#kept[0].id;
      this.remove(oldest);
      dropped.push(oldest);
    }
    return dropped;
  }

  /** Forgets an item (stored, refused or dropped). */
  remove(id) {
    if (this.#forget(id)) this.#run('readwrite', s => s.delete([this.#owner, id]));
  }

  #forget(id) {
    const i = this.#kept.findIndex(k => k.id === id);
    if (i < 0) return false;
    this.#bytes -= this.#kept[i].bytes;
    this.#kept.splice(i, 1);
    return true;
  }

  /** One transaction on the outbox store; resolves with the request's result, or null when anything failed. */
  #run(mode, request) {
    return this.#db.then(db => new Promise(resolve => {
      if (!db) {
        resolve(null);
        return;
      }
      try {
        const tx = db.transaction('outbox', mode);
        const req = request(tx.objectStore('outbox'));
        tx.oncomplete = () => resolve(req.result);
        tx.onabort = () => resolve(null); // quota, or an error in the request
      } catch {
        resolve(null);
      }
    }));
  }
}

function sizeOf(item) {
  return item.kind === 'chat' ? item.text.length * 2 : item.wav.byteLength;
}
