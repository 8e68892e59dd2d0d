// Bootstrap: texts in the browser's language, the two screens, and a Session for each stay in a room.

import { t, translatePage } from './i18n.js';
import { loadSetting, loadTellPlayed, saveJoin, saveSetting, saveTellPlayed } from './storage.js';
import { loadWorklet, unlockAudio } from './audio/context.js';
import { LIVE_URL, Speaker } from './audio/speaker.js';
import { WORKLET_URL as CAPTURE_URL } from './audio/microphone.js';
import { ScreenWake } from './wake-lock.js';
import { Session } from './session.js';
import { reasonText } from './views/status-line.js';
import './views/join-screen.js';
import './views/timeline.js';
import './views/composer.js';
import './views/talk-button.js';
import './views/member-list.js';
import './views/typing-line.js';

translatePage();

const $ = id => document.getElementById(id);
const joinScreen = $('join-screen');
const mainScreen = $('main-screen');
const views = {
  status: document.querySelector('parley-status'),
  timeline: document.querySelector('parley-timeline'),
  composer: document.querySelector('parley-composer'),
  talk: document.querySelector('parley-talk'),
  members: document.querySelector('parley-members'),
  typingLine: document.querySelector('parley-typing'),
  autoplay: $('autoplay'),
  receipts: $('receipts'),
};
const touch = globalThis.matchMedia?.('(pointer: coarse)').matches ?? false;
views.composer.setTouch(touch);
views.autoplay.checked = loadSetting('autoplay', false);
views.autoplay.addEventListener('change', () => saveSetting('autoplay', views.autoplay.checked));
views.receipts.checked = loadTellPlayed();
views.receipts.addEventListener('change', () => saveTellPlayed(views.receipts.checked));
$('talk').title = t(touch ? 'talk.hint.touch' : 'talk.hint.keys');

const speaker = new Speaker();
const wake = new ScreenWake();
let session = null;

joinScreen.addEventListener('join', e => {
  unlockAudio(); // inside the click: browsers let sound start only after a gesture
  loadWorklets();
  if (typeof WebSocket !== 'function') {
    joinScreen.showError(t('join.error.noWebSocket'));
    return;
  }
  const join = e.detail;
  saveJoin(join);
  history.replaceState(null, '', `#room=${encodeURIComponent(join.room)}`);
  session = new Session(join, views, { speaker, wake });
  session.addEventListener('joined', ev => showMain(ev.detail));
  session.addEventListener('refused', ev => {
    session = null;
    joinScreen.showError(reasonText(ev.detail.reason, join.nick));
    joinScreen.focusFirst();
  });
  session.start();
});

/**
 * Fetches the audio worklets now, while the relay that served the page answers: once the connection has failed over
 * to another relay of the cluster, this page's own may be gone, and with it the files a first recording or live
 * stream would load.
 */
function loadWorklets() {
  for (const url of [CAPTURE_URL, LIVE_URL]) {
    try {
      loadWorklet(url).catch(() => { /* tried again at first use */ });
    } catch {
      // no Web Audio here: recording and live listening say so when used
    }
  }
}

function showMain(welcome) {
  $('room-title').textContent = `#${welcome.room}`;
  document.title = `#${welcome.room} — Parley`;
  joinScreen.hidden = true;
  mainScreen.hidden = false;
  views.members.setOpen(false);
  views.talk.hint(touch ? 'talk.hint.touch' : 'talk.hint.keys');
  views.timeline.scrollToEnd();
  if (!touch) $('text').focus();
}

$('leave').addEventListener('click', () => {
  session?.leave();
  session = null;
  views.timeline.clear();
  views.composer.clear();
  mainScreen.hidden = true;
  joinScreen.hidden = false;
  joinScreen.showError('');
  document.title = 'Parley';
  joinScreen.focusFirst();
});
