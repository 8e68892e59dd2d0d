// What this device remembers, in localStorage (which may be missing or full: then nothing is remembered and
// nothing breaks): the join fields, settings, and per room the voice messages already played (bounded).

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
