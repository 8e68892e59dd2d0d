// Every visible string and accessible name, in English and Simplified Chinese, chosen from the browser's languages
// (?lang=en or ?lang=zh in the address overrides). {0}, {1}: arguments. Times and dates through Intl.

const en = {
  'app.tagline': 'Push-to-talk voice messages and chat on your local network.',
  'join.title': 'Join a room',
  'join.nick': 'Your name',
  'join.nick.placeholder': 'e.g. alice',
  'join.room': 'Room',
  'join.room.canonical': 'You will join #{0}',
  'join.password': 'Room password',
  'join.password.hint': 'Only if the relay has one.',
  'join.button': 'Join',
  'join.connecting': 'Connecting…',
  'join.error.nickMissing': 'Type a name.',
  'join.error.nickLong': 'A name can have at most {0} characters.',
  'join.error.nickChars': 'A name can hold only letters, digits, spaces and _ - .',
  'join.error.roomMissing': 'Type a room name (for example lobby).',
  'join.error.roomLong': 'A room name can have at most {0} characters.',
  'join.error.roomChars': 'A room name can hold only letters a–z, digits 0–9, _ and - (spaces become -).',
  'join.error.noWebSocket': 'This browser cannot open the connection this page needs.',
  'cert.title': 'About the certificate warning',
  'cert.what': 'This relay runs on your local network with a certificate it made itself (self-signed). No public authority vouches for it, so your browser warned you once before it opened this page. That warning does not mean the page is broken; it means the browser cannot tell who answered.',
  'cert.how': 'To check, compare two SHA-256 fingerprints: the one the relay printed when it started (the desktop app shows it where it hosts a relay, or ask the person who runs it), and the one your browser shows: tap the padlock or “Not secure” beside the address, open the certificate, and find SHA-256.',
  'cert.verdict': 'If they are the same, you reached that relay. If they differ, close this page: someone else may be answering. This page cannot check this for you.',
  'cert.address': 'This page: {0}',
  'status.connecting': 'Connecting…',
  'status.joined': 'Connected as {0}',
  'status.joinedElsewhere': 'Connected to {0} as {1} (another relay of the cluster: {2} cannot be reached)',
  'status.reconnectingIn': 'Reconnecting in {0} s — {1}',
  'status.reconnecting': 'Reconnecting…',
  'status.disconnected': 'Disconnected: {0}',
  'status.retryNow': 'Retry now',
  'reason.left': 'you left the room.',
  'reason.lost': 'the relay cannot be reached.',
  'reason.relayStopped': 'the relay shut down.',
  'reason.password': 'the room password is wrong or missing.',
  'reason.nickTaken': 'someone in this room is already called “{0}”. Choose another name.',
  'reason.replaced': 'you joined this room as “{0}” from somewhere else (another window or device), so this one stopped. Join again to continue here.',
  'reason.previousConnection': 'the relay still holds your previous connection; it lets it go within a minute.',
  'reason.protocol': 'this relay speaks another protocol version. Reload the page.',
  'reason.badHello': 'the relay refused to join ({0}).',
  'reason.lockedOut': 'too many wrong passwords were tried from this device. Wait a few minutes, then try again with the right one.',
  'main.leave': 'Leave',
  'main.members': 'Members',
  'main.membersTitle': 'In this room',
  'main.autoplay': 'Auto-play',
  'main.autoplay.tip': 'Play incoming voice messages as they arrive (walkie-talkie mode). Keeps the screen on.',
  'members.you': '{0} (you)',
  'members.typing': 'typing',
  'members.recording': 'recording',
  'activity.typing.one': '{0} is typing…',
  'activity.typing.two': '{0} and {1} are typing…',
  'activity.typing.many': '{0}, {1} and {2} others are typing…',
  'activity.recording.one': '{0} is recording…',
  'activity.recording.two': '{0} and {1} are recording…',
  'activity.recording.many': '{0}, {1} and {2} others are recording…',
  'timeline.label': 'Messages',
  'timeline.empty': 'No messages yet. Say hello, or hold the talk button.',
  'timeline.today': 'Today',
  'timeline.yesterday': 'Yesterday',
  'timeline.newMessages': 'New messages',
  'timeline.loading': 'Loading older messages…',
  'timeline.start': 'The beginning of this room.',
  'message.pending': 'sending…',
  'message.failed': 'not sent: {0}',
  'message.you': 'you',
  'error.bad_frame': 'the relay could not read it ({0})',
  'error.bad_request': 'the relay refused it ({0})',
  'error.too_large': 'too large ({0})',
  'error.bad_audio': 'the clip could not be sent ({0})',
  'error.rate_limited': 'sending too fast; retried in a moment',
  'error.outbox_full': 'too many unsent messages; the oldest are given up',
  'voice.label': 'Voice message from {0}, {1}',
  'voice.play': 'Play',
  'voice.pause': 'Pause',
  'voice.speed': 'Playback speed',
  'voice.save': 'Save',
  'voice.save.title': 'Save as .wav',
  'voice.unplayed': 'Not played yet',
  'voice.live': '● Live',
  'voice.interrupted': 'Interrupted: the rest comes when the speaker is back',
  'voice.bad': 'This voice message cannot be played.',
  'voice.waveform': 'Waveform',
  'list.separator': ', ',
  'receipts.playedBy': 'Played by {0}',
  'receipts.more': '{0} and {1} more',
  'receipts.heardBy': 'Heard by {0} of {1} here',
  'receipts.heardBy.names': 'Heard by {0} of {1} here: {2}',
  'settings.title': 'Settings',
  'settings.receipts': 'Tell others when I’ve played their voice messages',
  'composer.label': 'Message',
  'composer.placeholder': 'Write a message — Enter sends, Shift+Enter for a new line',
  'composer.placeholder.touch': 'Write a message',
  'composer.send': 'Send',
  'composer.tooLong': 'The message is too long: this relay accepts at most {0} characters.',
  'talk.button': 'Hold to talk',
  'talk.recording': 'Recording… release to send',
  'talk.hint.keys': 'Hold the button or the space bar. Slide away or press Esc to cancel.',
  'talk.hint.touch': 'Hold the button while you speak. Slide away to cancel.',
  'talk.tooShort': 'Too short: hold the button while you speak.',
  'talk.cancelled': 'Recording cancelled.',
  'talk.autoStopped': 'The clip reached the longest length this relay accepts and was sent.',
  'talk.tooLarge': 'The clip is larger than this relay accepts and was not sent.',
  'talk.opening': 'Opening the microphone…',
  'talk.level': 'Microphone level',
  'talk.reason.denied': 'The microphone is blocked for this page. Allow it in the browser’s site settings and reload. Text chat and listening still work.',
  'talk.reason.missing': 'No microphone found. Text chat and listening still work.',
  'talk.reason.insecure': 'The microphone needs a secure (https) page. Text chat and listening still work.',
  'talk.reason.unsupported': 'This browser cannot record here. Text chat and listening still work.',
  'talk.reason.failed': 'The microphone could not be opened. Text chat and listening still work.',
  'talk.short.unavailable': 'No microphone',
};

const zh = {
  'app.tagline': '局域网内的按键通话语音消息与文字聊天。',
  'join.title': '加入房间',
  'join.nick': '你的名字',
  'join.nick.placeholder': '例如 alice',
  'join.room': '房间',
  'join.room.canonical': '将加入 #{0}',
  'join.password': '房间密码',
  'join.password.hint': '仅当中继设置了密码时填写。',
  'join.button': '加入',
  'join.connecting': '正在连接…',
  'join.error.nickMissing': '请输入名字。',
  'join.error.nickLong': '名字最多 {0} 个字符。',
  'join.error.nickChars': '名字只能包含字母、数字、空格以及 _ - .',
  'join.error.roomMissing': '请输入房间名（例如 lobby）。',
  'join.error.roomLong': '房间名最多 {0} 个字符。',
  'join.error.roomChars': '房间名只能包含 a–z、0–9、_ 和 -（空格会变成 -）。',
  'join.error.noWebSocket': '此浏览器无法建立本页面所需的连接。',
  'cert.title': '关于证书警告',
  'cert.what': '此中继运行在你的局域网内，使用的是它自己生成的证书（自签名证书）。没有公共机构为它担保，所以浏览器在打开本页面之前警告过你一次。这个警告并不表示页面坏了，而是浏览器无法确认是谁在应答。',
  'cert.how': '要核对，请比较两个 SHA-256 指纹：中继启动时显示的指纹（桌面应用在运行中继的位置显示，也可以询问运行中继的人），以及浏览器显示的指纹：点按地址栏旁的挂锁或“不安全”，打开证书，找到 SHA-256。',
  'cert.verdict': '两者一致，说明你连上的就是那个中继；如果不一致，请关闭本页面：可能有别人在应答。本页面无法替你核对。',
  'cert.address': '本页面：{0}',
  'status.connecting': '正在连接…',
  'status.joined': '已连接，身份 {0}',
  'status.joinedElsewhere': '已连接 {0}，身份 {1}（同一集群的另一个中继：{2} 无法连接）',
  'status.reconnectingIn': '{0} 秒后重新连接 — {1}',
  'status.reconnecting': '正在重新连接…',
  'status.disconnected': '已断开：{0}',
  'status.retryNow': '立即重试',
  'reason.left': '你已离开房间。',
  'reason.lost': '无法连接到中继。',
  'reason.relayStopped': '中继已关闭。',
  'reason.password': '房间密码错误或缺失。',
  'reason.nickTaken': '此房间已有人叫“{0}”，请换一个名字。',
  'reason.replaced': '你已在别处（另一个窗口或设备）以“{0}”加入此房间，所以这里已停止。要在这里继续，请重新加入。',
  'reason.previousConnection': '中继仍保留着你之前的连接，一分钟内会释放。',
  'reason.protocol': '此中继使用其他协议版本。请重新加载页面。',
  'reason.badHello': '中继拒绝加入（{0}）。',
  'reason.lockedOut': '从此设备尝试的错误密码过多。请等几分钟，再用正确的密码重试。',
  'main.leave': '离开',
  'main.members': '成员',
  'main.membersTitle': '房间成员',
  'main.autoplay': '自动播放',
  'main.autoplay.tip': '收到语音消息时自动播放（对讲机模式），并保持屏幕常亮。',
  'members.you': '{0}（你）',
  'members.typing': '正在输入',
  'members.recording': '正在录音',
  'activity.typing.one': '{0} 正在输入…',
  'activity.typing.two': '{0} 和 {1} 正在输入…',
  'activity.typing.many': '{0}、{1} 和另外 {2} 人正在输入…',
  'activity.recording.one': '{0} 正在录音…',
  'activity.recording.two': '{0} 和 {1} 正在录音…',
  'activity.recording.many': '{0}、{1} 和另外 {2} 人正在录音…',
  'timeline.label': '消息',
  'timeline.empty': '还没有消息。打个招呼，或按住通话按钮。',
  'timeline.today': '今天',
  'timeline.yesterday': '昨天',
  'timeline.newMessages': '新消息',
  'timeline.loading': '正在加载更早的消息…',
  'timeline.start': '这是本房间的开始。',
  'message.pending': '发送中…',
  'message.failed': '未发送：{0}',
  'message.you': '你',
  'error.bad_frame': '中继无法读取（{0}）',
  'error.bad_request': '中继拒绝了（{0}）',
  'error.too_large': '太大（{0}）',
  'error.bad_audio': '无法发送该语音（{0}）',
  'error.rate_limited': '发送过快，稍后重试',
  'error.outbox_full': '未发送的消息过多，最早的已放弃',
  'voice.label': '{0} 的语音消息，{1}',
  'voice.play': '播放',
  'voice.pause': '暂停',
  'voice.speed': '播放速度',
  'voice.save': '保存',
  'voice.save.title': '另存为 .wav',
  'voice.unplayed': '尚未播放',
  'voice.live': '● 直播中',
  'voice.interrupted': '已中断：说话人重新连上后会补发完整语音',
  'voice.bad': '无法播放此语音消息。',
  'voice.waveform': '波形',
  'list.separator': '、',
  'receipts.playedBy': '{0} 已播放',
  'receipts.more': '{0} 和另外 {1} 人',
  'receipts.heardBy': '这里 {1} 人中有 {0} 人已听',
  'receipts.heardBy.names': '这里 {1} 人中有 {0} 人已听：{2}',
  'settings.title': '设置',
  'settings.receipts': '告诉别人我已播放他们的语音消息',
  'composer.label': '消息',
  'composer.placeholder': '输入消息 — Enter 发送，Shift+Enter 换行',
  'composer.placeholder.touch': '输入消息',
  'composer.send': '发送',
  'composer.tooLong': '消息太长：此中继最多接受 {0} 个字符。',
  'talk.button': '按住说话',
  'talk.recording': '正在录音… 松开发送',
  'talk.hint.keys': '按住按钮或空格键说话。滑开或按 Esc 取消。',
  'talk.hint.touch': '说话时按住按钮。滑开即可取消。',
  'talk.tooShort': '太短了：说话时请一直按住按钮。',
  'talk.cancelled': '录音已取消。',
  'talk.autoStopped': '语音已达到此中继允许的最长时长，已发送。',
  'talk.tooLarge': '语音超过此中继允许的大小，未发送。',
  'talk.opening': '正在打开麦克风…',
  'talk.level': '麦克风音量',
  'talk.reason.denied': '此页面的麦克风已被阻止。请在浏览器的网站设置中允许后重新加载。文字聊天和收听仍可使用。',
  'talk.reason.missing': '未找到麦克风。文字聊天和收听仍可使用。',
  'talk.reason.insecure': '麦克风需要安全（https）页面。文字聊天和收听仍可使用。',
  'talk.reason.unsupported': '此浏览器无法在这里录音。文字聊天和收听仍可使用。',
  'talk.reason.failed': '无法打开麦克风。文字聊天和收听仍可使用。',
  'talk.short.unavailable': '没有麦克风',
};

const tables = { en, zh };

/** 'en' or 'zh': the address's ?lang= first, then the first of the browser's languages we have. */
export function pickLanguage(languages, search = '') {
  const asked = new URLSearchParams(search).get('lang');
  if (asked && tables[asked.slice(0, 2).toLowerCase()]) return asked.slice(0, 2).toLowerCase();
  for (const l of languages ?? []) {
    const code = String(l).slice(0, 2).toLowerCase();
    if (tables[code]) return code;
  }
  return 'en';
}

export const lang = pickLanguage(globalThis.navigator?.languages ?? [globalThis.navigator?.language],
  globalThis.location?.search ?? '');
const table = tables[lang];
const locale = lang === 'zh' ? 'zh-CN' : 'en';

/** The text of a key, with {0}, {1} … replaced by the arguments. */
export function t(key, ...args) {
  const s = table[key] ?? en[key] ?? key;
  return args.length ? s.replace(/\{(\d+)\}/g, (m, i) => (i < args.length ? String(args[i]) : m)) : s;
}

/**
 * Fills the page's fixed texts: data-i18n (text), data-i18n-label (aria-label), data-i18n-placeholder,
 * data-i18n-title.
 */
export function translatePage(root = document) {
  document.documentElement.lang = locale;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

/** "alice is typing…", "alice and bob are typing…", "alice, bob and 2 others are typing…" */
export function activityText(kind, nicks) {
  if (nicks.length === 0) return '';
  if (nicks.length === 1) return t(`activity.${kind}.one`, nicks[0]);
  if (nicks.length === 2) return t(`activity.${kind}.two`, nicks[0], nicks[1]);
  return t(`activity.${kind}.many`, nicks[0], nicks[1], nicks.length - 2);
}

const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const dateTime = new Intl.DateTimeFormat(locale, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

export function dayKey(ts) {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** The clock time beside a message. */
export function timeText(ts) {
  return clock.format(ts);
}

/** Date and time, for a tooltip. */
export function dateTimeText(ts) {
  return dateTime.format(ts);
}

/** The separator above the first message of a day: Today, Yesterday, else the date. */
export function dayText(ts, now = Date.now()) {
  if (dayKey(ts) === dayKey(now)) return t('timeline.today');
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (dayKey(ts) === dayKey(y.getTime())) return t('timeline.yesterday');
  return dayFormat.format(ts);
}

/** m:ss, whole seconds rounded down as players show them. */
export function durationText(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
