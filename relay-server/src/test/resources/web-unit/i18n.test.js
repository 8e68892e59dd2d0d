// web/js/i18n.js: the language chosen, texts with arguments, activity lines, times as the timeline shows them, and
// the tables complete: every text in both languages, every key the page uses. The runner page is opened with
// ?lang=en, so the texts are English.

import { suite, assert } from './harness.js';
import { clientFiles, served } from './fixtures.js';
import { activityText, dayKey, dayText, durationText, lang, pickLanguage, t } from '/js/i18n.js';

const { test, tests } = suite();
export { tests };

test('the language: ?lang= first, then the first of the browser\'s languages we have, else English', () => {
  assert.equal(pickLanguage(['zh-CN', 'en-US']), 'zh');
  assert.equal(pickLanguage(['fr-FR', 'zh-TW', 'en']), 'zh');
  assert.equal(pickLanguage(['de', 'fr']), 'en');
  assert.equal(pickLanguage([]), 'en');
  assert.equal(pickLanguage(undefined), 'en');
  assert.equal(pickLanguage([undefined]), 'en');
  assert.equal(pickLanguage(['en-US'], '?lang=zh'), 'zh');
  assert.equal(pickLanguage(['zh-CN'], '?lang=EN'), 'en');
  assert.equal(pickLanguage(['zh-CN'], '?lang=xx'), 'zh', 'an unknown ?lang= is ignored');
  assert.equal(lang, 'en', 'this page');
});

test('t(): a key\'s text with {0}, {1} replaced; a missing argument left as is; an unknown key is itself', () => {
  assert.equal(t('join.button'), 'Join');
  assert.equal(t('status.joined', 'alice'), 'Connected as alice');
  assert.equal(t('status.reconnectingIn', 3), 'Reconnecting in 3 s — {1}');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(t('status.joined', '<b>$1 {1}</b>'), 'Connected as <b>$1 {1}</b>', 'an argument is not parsed');
});

test('activity lines for one, two and many', () => {
  assert.equal(activityText('typing', []), '');
  assert.equal(activityText('typing', ['alice']), 'alice is typing…');
  assert.equal(activityText('recording', ['alice', 'bob']), 'alice and bob are recording…');
  assert.equal(activityText('typing', ['a', 'b', 'c', 'd']), 'a, b and 2 others are typing…');
});

test('durations as m:ss, rounded down, never negative', () => {
  const rows = [[0, '0:00'], [999, '0:00'], [1000, '0:01'], [59999, '0:59'], [60000, '1:00'], [300000, '5:00'],
    [3600000, '60:00'], [-5, '0:00']];
  for (const [ms, text] of rows) assert.equal(durationText(ms), text, `${ms} ms`);
});

test('day separators: Today, Yesterday, else the date; days follow local midnight', () => {
  const now = new Date(2026, 11, 7, 0, 30).getTime();
  assert.equal(dayText(new Date(2026, 11, 7, 0, 0).getTime(), now), 'Today');
  assert.equal(dayText(new Date(2026, 11, 6, 23, 59).getTime(), now), 'Yesterday');
  assert.match(dayText(new Date(2026, 11, 5, 12).getTime(), now), /2026/);
  assert.equal(dayText(new Date(2026, 0, 1, 1).getTime(), new Date(2026, 0, 2, 9).getTime()), 'Yesterday', 'across a month');
  assert.equal(dayText(new Date(2025, 11, 31, 22).getTime(), new Date(2026, 0, 1, 9).getTime()), 'Yesterday', 'across a year');
  assert.notEqual(dayKey(new Date(2026, 0, 11).getTime()), dayKey(new Date(2026, 10, 1).getTime()), 'Jan 11 and Nov 1');
});

/** The English and Chinese tables of i18n.js's source: {en: {key: text}, zh: {key: text}}. */
async function tables() {
  const source = await served('/js/i18n.js');
  const out = {};
  for (const name of ['en', 'zh']) {
    const block = source.match(new RegExp(`const ${name} = \\{([\\s\\S]*?)\\n\\};`));
    if (!block) throw new Error(`no "const ${name} = {…};" table in i18n.js (the test reads the tables from the source)`);
    out[name] = Object.fromEntries([...block[1].matchAll(/'([^'\\]+)':\s*'((?:[^'\\]|\\.)*)'/g)].map(m => [m[1], m[2]]));
  }
  return out;
}

const argumentsOf = text => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort().join(' ');

test('every English text has a Chinese one with the same {n} arguments, and no Chinese text is left over', async () => {
  const { en, zh } = await tables();
  assert.above(Object.keys(en).length, 50, 'English texts');
  for (const [key, text] of Object.entries(en)) {
    assert.ok(key in zh, `"${key}" has a Chinese text`);
    assert.equal(argumentsOf(zh[key]), argumentsOf(text), `arguments of "${key}"`);
    assert.ok(zh[key].trim() !== '', `"${key}" in Chinese is not empty`);
  }
  for (const key of Object.keys(zh)) assert.ok(key in en, `Chinese "${key}" has an English text`);
});

test('every text the page asks for exists: t(\'…\') in the modules, data-i18n in the HTML, and the keys made from states', async () => {
  const { en } = await tables();
  const used = new Set();
  for (const path of await clientFiles()) {
    const text = await served(path);
    for (const m of text.matchAll(/(?<![\w.$])t\('([^']+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/data-i18n(?:-[a-z]+)?="([^"]+)"/g)) used.add(m[1]);
  }
  assert.above(used.size, 30, 'keys found in the client');
  for (const kind of ['typing', 'recording']) {
    for (const n of ['one', 'two', 'many']) used.add(`activity.${kind}.${n}`);
    used.add(`members.${kind}`);
  }
  for (const reason of ['denied', 'missing', 'insecure', 'unsupported', 'failed']) used.add(`talk.reason.${reason}`);
  for (const code of ['bad_frame', 'bad_request', 'too_large', 'bad_audio', 'rate_limited']) used.add(`error.${code}`);
  const missing = [...used].filter(key => !(key in en)).sort();
  assert.deepEqual(missing, [], 'keys used without a text');
});
