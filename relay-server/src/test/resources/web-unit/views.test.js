// The pure pieces of the page modules (web/js/views/): chat text made into nodes (markup stays text, links only
// http and https, opened without opener or referrer), the message card's contract attributes, the room named in the
// address, the name a saved clip gets, and which focused elements keep the space bar from talking.

import { suite, assert } from './harness.js';
import { appendText, chatCard } from '/js/views/message-card.js';
import { roomFromHash } from '/js/views/join-screen.js';
import { fileName } from '/js/views/voice-card.js';
import { isTextField } from '/js/views/talk-button.js';

const { test, tests } = suite();
export { tests };

function textOf(text) {
  const div = document.createElement('div');
  appendText(div, text);
  return div;
}

const links = div => [...div.querySelectorAll('a')].map(a => a.getAttribute('href'));

test('chat text with markup is shown as text: no element is made from it', () => {
  const hostile = '<img src=x onerror="window.__parleyPwned=1"><script>window.__parleyPwned=2</script><b>bold</b> &amp; &lt;';
  const div = textOf(hostile);
  assert.equal(div.textContent, hostile);
  assert.equal(div.children.length, 0, 'no elements');
  assert.equal(div.childNodes.length, 1, 'one text node');
  assert.equal(window.__parleyPwned, undefined);
});

test('web links become links, opened in a new tab without opener or referrer; the text stays whole', () => {
  const text = 'see https://example.com/a?b=1&c=2#d and http://192.168.1.5:8443/x, then stop.';
  const div = textOf(text);
  assert.deepEqual(links(div), ['https://example.com/a?b=1&c=2#d', 'http://192.168.1.5:8443/x']);
  assert.equal(div.textContent, text);
  for (const a of div.querySelectorAll('a')) {
    assert.equal(a.target, '_blank');
    assert.equal(a.rel, 'noopener noreferrer');
  }
});

test('trailing punctuation and closing brackets or quotes are not part of a link', () => {
  assert.deepEqual(links(textOf('(https://example.com/x).')), ['https://example.com/x']);
  assert.deepEqual(links(textOf('“https://example.com/y”')), ['https://example.com/y']);
  assert.deepEqual(links(textOf('https://example.com/z!?')), ['https://example.com/z']);
});

test('only http and https are linked: javascript:, data:, file:, ftp: and look-alikes stay text', () => {
  for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd', 'ftp://example.com/', 'vbscript:x', 'hxxps://example.com', 'https//example.com']) {
    const div = textOf(text);
    assert.equal(div.querySelectorAll('a').length, 0, text);
    assert.equal(div.textContent, text);
  }
});

test('a link in capitals is a link too', () => {
  assert.deepEqual(links(textOf('HTTPS://Example.com/A and hTtP://x.example/')), ['https://example.com/A', 'http://x.example/']);
});

test('a direction override cannot disguise a link: its text shows without direction controls, its target is the real one', () => {
  const div = textOf('https://evil.example/\u202egnp.exe and \u202ethe rest');
  const a = div.querySelector('a');
  assert.equal(a.textContent, 'https://evil.example/gnp.exe');
  assert.equal(a.getAttribute('href'), 'https://evil.example/%E2%80%AEgnp.exe');
  assert.ok(div.textContent.endsWith(' and \u202ethe rest'), 'the plain text is kept as sent');
});

test('a link cannot carry markup or attributes out of the text', () => {
  const text = 'https://example.com/"onmouseover="alert(1) https://example.com/<script>x</script>';
  const div = textOf(text);
  assert.equal(div.textContent, text);
  for (const a of div.querySelectorAll('a')) {
    assert.equal(a.getAttributeNames().sort().join(' '), 'href rel target', 'only href, rel and target');
    assert.ok(!/[<>"]/.test(a.getAttribute('href')), `${a.getAttribute('href')} holds no < > "`);
  }
});

test('a chat card: article.msg with data-id, data-from, data-seq when stored, data-pending while sending, text in .text', () => {
  const msg = { type: 'chat', seq: 58, id: 'c-1', from: '<b>bob</b>', text: '<i>hi</i> https://example.com', ts: 1796304951691 };
  const stored = chatCard(msg, false, false);
  assert.equal(stored.tagName, 'ARTICLE');
  assert.ok(stored.matches('article.msg'), 'article.msg');
  assert.equal(stored.dataset.id, 'c-1');
  assert.equal(stored.dataset.from, '<b>bob</b>');
  assert.equal(stored.dataset.seq, '58');
  assert.equal(stored.dataset.pending, undefined);
  assert.equal(stored.querySelector('.text').textContent, '<i>hi</i> https://example.com');
  assert.equal(stored.querySelectorAll('.text i, .text b, header b').length, 0, 'no markup from the message');
  assert.ok(stored.textContent.includes('<b>bob</b>'), 'the sender as text');
  const pending = chatCard({ id: 'c-2', from: 'alice', text: 'x', ts: 1796304951691 }, true, true);
  assert.equal(pending.dataset.pending, 'true');
  assert.equal(pending.dataset.seq, undefined);
});

test('a chat card for a message without a usable time is still made', () => {
  for (const ts of [undefined, null, 'soon', Number.NaN, 1e20]) {
    const card = chatCard({ type: 'chat', seq: 1, id: 'c-1', from: 'bob', text: 'x', ts }, false, false);
    assert.equal(card.querySelector('.text').textContent, 'x', `ts ${String(ts)}`);
  }
});

test('#room=NAME names the room; anything else names none', () => {
  assert.equal(roomFromHash('#room=lobby'), 'lobby');
  assert.equal(roomFromHash('room=lobby'), 'lobby');
  assert.equal(roomFromHash('#room=My%20Room'), 'My Room');
  assert.equal(roomFromHash('#x=1&room=team'), 'team');
  assert.equal(roomFromHash('#room='), '');
  assert.equal(roomFromHash(''), null);
  assert.equal(roomFromHash('#lobby'), null);
  assert.equal(roomFromHash(undefined), null);
  assert.equal(roomFromHash('#room=%3Cscript%3E'), '<script>', 'decoded, to be checked like anything typed');
});

test('a saved clip\'s file name: sender and local time; characters no file system takes replaced', () => {
  const ts = new Date(2026, 11, 7, 14, 32).getTime();
  assert.equal(fileName('alice', ts), 'parley-alice-2026-12-07-1432.wav');
  assert.equal(fileName('张 伟', ts), 'parley-张_伟-2026-12-07-1432.wav');
  assert.equal(fileName('a/b\\c:d*e?f"g<h>i|j', ts), 'parley-a_b_c_d_e_f_g_h_i_j-2026-12-07-1432.wav');
  assert.equal(fileName('', ts), 'parley-voice-2026-12-07-1432.wav');
  assert.equal(fileName(undefined, new Date(2026, 0, 2, 3, 4).getTime()), 'parley-voice-2026-01-02-0304.wav');
});

test('the space bar belongs to text fields (not to talking); a button clicked with the mouse gives it to talking', () => {
  const make = (html, attrs = {}) => {
    const el = document.createElement(html);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
    return el;
  };
  const made = [
    [make('input'), true], [make('input', { type: 'search' }), true], [make('input', { type: 'password' }), true],
    [make('textarea'), true], [make('select'), true], [make('div', { contenteditable: 'true' }), true],
    [make('input', { type: 'checkbox' }), false], [make('button'), false], [make('div'), false],
    [make('textarea', { id: 'talk' }), false],
  ];
  try {
    for (const [el, expected] of made) {
      assert.equal(isTextField(el), expected, `${el.tagName} ${el.getAttributeNames().map(n => `${n}=${el.getAttribute(n)}`).join(' ')}`);
    }
    assert.equal(isTextField(null), false, 'nothing focused');
    assert.equal(isTextField(document.body), false, 'the body');
  } finally {
    for (const [el] of made) el.remove();
  }
});
