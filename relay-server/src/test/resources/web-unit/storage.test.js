// web/js/storage.js: what this device remembers (join fields, settings, voice messages played per room), and that a
// broken or foreign value in localStorage is ignored rather than breaking the page.

import { suite, assert } from './harness.js';
import {
  PlayedClips, SessionTokens, loadJoin, loadSetting, loadTellPlayed, saveJoin, saveSetting, saveTellPlayed,
} from '/js/storage.js';

const { test, tests } = suite();
export { tests };

/** Runs fn with this origin's localStorage empty, and empties it again after. */
async function withEmptyStorage(fn) {
  localStorage.clear();
  try {
    await fn();
  } finally {
    localStorage.clear();
  }
}

test('the join fields are remembered; none remembered gives empty strings', () => withEmptyStorage(() => {
  assert.deepEqual(loadJoin(), { nick: '', room: '', password: '' });
  saveJoin({ nick: 'alice', room: 'lobby', password: 'pw' });
  assert.deepEqual(loadJoin(), { nick: 'alice', room: 'lobby', password: 'pw' });
  saveJoin({ nick: 'bob', room: 'x' });
  assert.deepEqual(loadJoin(), { nick: 'bob', room: 'x', password: '' }, 'no password: an empty one');
}));

test('settings round-trip as JSON; a missing or broken one gives the fallback', () => withEmptyStorage(() => {
  assert.equal(loadSetting('rate', 1), 1);
  saveSetting('rate', 1.5);
  assert.equal(loadSetting('rate', 1), 1.5);
  saveSetting('autoplay', false);
  assert.equal(loadSetting('autoplay', true), false, 'false is a value, not a missing setting');
  localStorage.setItem('parley.setting.rate', '{broken');
  assert.equal(loadSetting('rate', 1), 1);
}));

test('"Tell others when I\'ve played their voice messages": on by default, off remembered, a broken value is on', () => withEmptyStorage(() => {
  assert.equal(loadTellPlayed(), true);
  saveTellPlayed(false);
  assert.equal(loadTellPlayed(), false);
  assert.equal(localStorage.getItem('parley.setting.receipts'), 'false', 'kept like the other settings');
  saveTellPlayed(true);
  assert.equal(loadTellPlayed(), true);
  for (const value of ['{broken', '0', '"false"', 'null']) {
    localStorage.setItem('parley.setting.receipts', value);
    assert.equal(loadTellPlayed(), true, `${value}: only a saved false turns it off`);
  }
}));

test('played clips: remembered per room and sender (in any case) and id, across page loads', () => withEmptyStorage(() => {
  const lobby = new PlayedClips('lobby');
  assert.ok(!lobby.has('bob', 'v-1'));
  lobby.add('Bob', 'v-1');
  assert.ok(lobby.has('bob', 'v-1'), 'the sender in another case');
  assert.ok(!lobby.has('bob', 'v-2'));
  assert.ok(!lobby.has('carol', 'v-1'));
  assert.ok(new PlayedClips('lobby').has('BOB', 'v-1'), 'after a reload');
  assert.ok(!new PlayedClips('other').has('bob', 'v-1'), 'another room');
}));

test('played clips: sender and id cannot run into each other', () => withEmptyStorage(() => {
  const p = new PlayedClips('lobby');
  p.add('a', 'b-c');
  assert.ok(!p.has('a-b', 'c'));
  assert.ok(!p.has('a b', 'c'));
}));

test('played clips: the newest 1000 are kept', () => withEmptyStorage(() => {
  const p = new PlayedClips('lobby');
  for (let i = 0; i < 1005; i++) p.add('bob', `v-${i}`);
  const again = new PlayedClips('lobby');
  assert.ok(!again.has('bob', 'v-0'), 'the oldest forgotten');
  assert.ok(!again.has('bob', 'v-4'));
  assert.ok(again.has('bob', 'v-5'));
  assert.ok(again.has('bob', 'v-1004'));
  assert.ok(p.has('bob', 'v-1004'));
  assert.equal(JSON.parse(localStorage.getItem('parley.played.lobby')).length, 1000);
}));

test('played clips: a broken or foreign stored value is an empty list', () => withEmptyStorage(() => {
  for (const value of ['{broken', '"text"', '{"a":1}', '42', 'null']) {
    localStorage.setItem('parley.played.lobby', value);
    const p = new PlayedClips('lobby');
    assert.ok(!p.has('bob', 'v-1'), value);
    p.add('bob', 'v-1');
    assert.ok(new PlayedClips('lobby').has('bob', 'v-1'), `${value}: adding works after it`);
  }
  localStorage.setItem('parley.played.lobby', JSON.stringify(['bob\nv-1', 7, null, { x: 1 }]));
  assert.ok(new PlayedClips('lobby').has('bob', 'v-1'), 'the strings of a mixed list are kept');
}));

test('session tokens: per room and nick (any case) in this tab\'s sessionStorage, not in localStorage', () => withEmptyStorage(() => {
  sessionStorage.clear();
  try {
    const tokens = new SessionTokens();
    assert.equal(tokens.load('lobby', 'alice'), null);
    tokens.save('lobby', 'Alice', 'Xq2Zb7hQk0v3YwR1s9TnMA');
    assert.equal(tokens.load('lobby', 'ALICE'), 'Xq2Zb7hQk0v3YwR1s9TnMA');
    assert.equal(tokens.load('other', 'alice'), null);
    assert.equal(tokens.load('lobby', 'bob'), null);
    assert.equal(localStorage.length, 0, 'nothing outlives the tab');
    sessionStorage.setItem('parley.session.lobby.bob', '');
    assert.equal(tokens.load('lobby', 'bob'), null, 'an empty value is none');
  } finally {
    sessionStorage.clear();
  }
}));
