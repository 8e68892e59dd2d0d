// One message in the timeline: article.msg with data-seq, data-id, data-from (data-pending="true" until stored), a
// header with the sender and time, and for chat the text. Text from the network only ever goes in through
// textContent; links are made from parsed URLs, http and https only, opened in a new tab without opener or referrer.

import { dateTimeText, t, timeText } from '../i18n.js';

const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’”]/gi;
/** Direction controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI): a link's text shows without them. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The article and header every message has; the body is added by the caller. */
export function messageShell(classes, { id, from, ts, own }) {
  const el = document.createElement('article');
  el.className = classes;
  el.classList.toggle('own', own);
  el.dataset.id = id;
  el.dataset.from = from;
  el.dataset.ts = String(ts);
  const head = document.createElement('header');
  head.className = 'meta';
  const name = document.createElement('span');
  name.className = 'from';
  name.textContent = from;
  const time = document.createElement('time');
  time.className = 'time';
  const mark = document.createElement('span');
  mark.className = 'mark';
  head.append(name, time, mark);
  el.append(head);
  setTime(el, ts);
  return el;
}

export function setTime(el, ts) {
  el.dataset.ts = String(ts);
  const time = el.querySelector(':scope > .meta > .time');
  if (!Number.isFinite(new Date(ts).getTime())) { // a relay that sent no usable time: the message still shows
    time.removeAttribute('datetime');
    time.textContent = '';
    time.title = '';
    return;
  }
  time.dateTime = new Date(ts).toISOString();
  time.textContent = timeText(ts);
  time.title = dateTimeText(ts);
}

/** Sending (pending), refused (failed) or stored. */
export function setPending(el, pending, failedText = '') {
  const mark = el.querySelector(':scope > .meta > .mark');
  if (pending) {
    el.dataset.pending = 'true';
    mark.textContent = failedText ? t('message.failed', failedText) : t('message.pending');
    el.classList.toggle('failed', Boolean(failedText));
  } else {
    delete el.dataset.pending;
    el.classList.remove('failed');
    mark.textContent = '';
  }
}

/** A stored message: its seq and the relay's time. */
export function setStored(el, msg) {
  el.dataset.seq = String(msg.seq);
  setTime(el, msg.ts);
  setPending(el, false);
}

export function chatCard(msg, own, pending) {
  const el = messageShell('msg chat', { id: msg.id, from: msg.from, ts: msg.ts, own });
  const body = document.createElement('div');
  body.className = 'text';
  appendText(body, msg.text);
  el.append(body);
  if (pending) setPending(el, true);
  else setStored(el, msg);
  return el;
}

/** Appends text with its web links; everything else stays plain text. */
export function appendText(parent, text) {
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    const url = safeUrl(m[0]);
    if (!url) continue;
    if (m.index > at) parent.append(document.createTextNode(text.slice(at, m.index)));
    const a = document.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = m[0].replace(BIDI_CONTROLS, '');
    parent.append(a);
    at = m.index + m[0].length;
  }
  if (at < text.length) parent.append(document.createTextNode(text.slice(at)));
}

function safeUrl(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
