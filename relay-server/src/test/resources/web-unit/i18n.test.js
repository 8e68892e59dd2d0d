// web/js/i18n.js: the language chosen, texts with arguments, activity lines, and times as the timeline shows them.
// The runner page is opened with ?lang=en, so the texts are English.

import { suite, assert } from './harness.js';
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
