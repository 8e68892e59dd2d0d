// web/js/live-uplink.js: our own live stream on one socket and what the relay's errors about it mean
// (PROTOCOL.md "Version 2": after the relay ends a stream, the frames still in flight are answered bad_request and
// say nothing about the whole clip, which follows under the same id).

import { suite, assert } from './harness.js';
import { LiveUplink, Verdict } from '/js/live-uplink.js';

const { test, tests } = suite();
export { tests };

const error = (code, ref) => ({ type: 'error', code, message: 'x', ref });

test('one stream at a time, and an id is streamed at most once per socket', () => {
  const up = new LiveUplink();
  assert.ok(up.start('v-1'));
  assert.ok(up.isOpen('v-1'));
  assert.equal(up.start('v-2'), false, 'another while one is open');
  assert.ok(up.end('v-1'));
  assert.ok(!up.isOpen('v-1'));
  assert.equal(up.start('v-1'), false, 'the same id again');
  assert.ok(up.start('v-2'));
});

test('end for a stream that is not the open one is refused (the clip then goes whole)', () => {
  const up = new LiveUplink();
  assert.equal(up.end('v-1'), false, 'nothing open');
  up.start('v-1');
  assert.equal(up.end('v-2'), false, 'another id');
  assert.ok(up.isOpen('v-1'));
});

test('cancel says whether a voice-cancel goes out, and frees the id', () => {
  const up = new LiveUplink();
  up.start('v-1');
  assert.equal(up.cancel('v-1'), true);
  assert.ok(!up.isOpen('v-1'));
  assert.equal(up.cancel('v-1'), false, 'twice');
  assert.ok(up.start('v-1'), 'a cancelled id can be streamed again');
});

test('errors about other messages are not live answers', () => {
  const up = new LiveUplink();
  up.start('v-1');
  assert.equal(up.refused(error('bad_request', 'c-9')), Verdict.NOT_LIVE, 'another id');
  assert.equal(up.refused(error('bad_request')), Verdict.NOT_LIVE, 'no ref');
  assert.equal(up.refused(error('bad_request', 42)), Verdict.NOT_LIVE, 'a ref that is not a string');
  assert.ok(up.isOpen('v-1'), 'the stream goes on');
});

test('bad_request for an open stream ends it: a live answer, the clip is not refused', () => {
  const up = new LiveUplink();
  up.start('v-1');
  assert.equal(up.refused(error('bad_request', 'v-1')), Verdict.LIVE_ANSWER);
  assert.ok(!up.isOpen('v-1'));
  assert.equal(up.refused(error('bad_request', 'v-1')), Verdict.LIVE_ANSWER, 'the frames still in flight');
});

test('bad_request after voice-end: the stream was refused at its end, send the clip whole', () => {
  const up = new LiveUplink();
  up.start('v-1');
  up.end('v-1');
  assert.equal(up.refused(error('bad_request', 'v-1')), Verdict.SEND_WHOLE);
  assert.equal(up.refused(error('bad_request', 'v-1')), Verdict.LIVE_ANSWER, 'only once');
});

test('too_large, bad_audio and rate_limited about a stream are about the message (handled as in version 1)', () => {
  for (const code of ['too_large', 'bad_audio', 'rate_limited']) {
    const up = new LiveUplink();
    up.start('v-1');
    assert.equal(up.refused(error(code, 'v-1')), Verdict.NOT_LIVE, code);
    assert.ok(!up.isOpen('v-1'), `${code} ends the stream`);
  }
});

test('an unknown error code counts as bad_request', () => {
  const up = new LiveUplink();
  up.start('v-1');
  assert.equal(up.refused(error('new_code', 'v-1')), Verdict.LIVE_ANSWER);
});

test('an acknowledged stream\'s id is no longer live; reset() forgets everything (a new socket)', () => {
  const up = new LiveUplink();
  up.start('v-1');
  up.end('v-1');
  up.acknowledged('v-1');
  assert.equal(up.refused(error('bad_request', 'v-1')), Verdict.NOT_LIVE);
  up.start('v-2');
  up.reset();
  assert.ok(!up.isOpen('v-2'));
  assert.ok(up.start('v-2'), 'streamable again on the new socket');
});
