// web/js/failover.js: where the next attempt goes, as the desktop app's Failover. The page's own relay first; every
// welcome's relays replace the list; after a drop the same relay first, then the next listed one, round and round;
// a relay no longer listed is not tried again; entries that are not wss:// URLs count for nothing.

import { suite, assert } from './harness.js';
import { Failover, relayKey } from '/js/failover.js';

const { test, tests } = suite();
export { tests };

const OWN = 'wss://relay-a.lan:7443/';
const B = { url: 'wss://relay-b.lan:7443/', fingerprint: 'B' };
const C = { url: 'wss://10.0.0.3:7444/', fingerprint: 'C' };
const A = { url: 'wss://relay-a.lan:7443/', fingerprint: 'A' };

test('relayKey: host and port of a wss:// URL (443 when none), null for anything else', () => {
  assert.equal(relayKey('wss://Relay-A.lan:7443/'), 'relay-a.lan:7443');
  assert.equal(relayKey('wss://relay-a.lan/'), 'relay-a.lan:443');
  assert.equal(relayKey('wss://[fd00::1]:7443/'), '[fd00::1]:7443');
  for (const bad of ['https://relay-a.lan:7443/', 'ws://relay-a.lan:7443/', 'wss://u:p@relay-a.lan:1/', 'not a url', '']) {
    assert.equal(relayKey(bad), null, bad);
  }
});

test('before any welcome, and with a welcome that lists nothing, every attempt goes to the page\'s own relay', () => {
  const f = new Failover(OWN);
  assert.equal(f.current, OWN);
  assert.equal(f.elsewhere, false);
  assert.deepEqual([f.next(0), f.next(1), f.next(5)], [OWN, OWN, OWN]);
  f.welcomed(undefined);
  assert.deepEqual([f.next(1), f.next(2)], [OWN, OWN]);
});

test('after a drop: the same relay first, then each listed relay in turn, round and round', () => {
  const f = new Failover(OWN);
  f.welcomed([A, B, C]);
  assert.equal(f.next(0), OWN, 'the first retry: the same relay');
  assert.equal(f.next(1), B.url);
  assert.equal(f.elsewhere, true);
  assert.equal(f.next(2), C.url);
  assert.equal(f.next(3), OWN, 'round again');
  assert.equal(f.elsewhere, false);
});

test('joined elsewhere: a later drop tries that relay first, then goes on round the list it sent', () => {
  const f = new Failover(OWN);
  f.welcomed([A, B, C]);
  f.next(0);
  assert.equal(f.next(1), B.url);
  f.welcomed([B, C, A]); // B welcomed us, listing itself first
  assert.equal(f.next(0), B.url);
  assert.equal(f.next(1), C.url);
  assert.equal(f.next(2), A.url);
  assert.equal(f.elsewhere, false, 'the listed URL of the page\'s own relay is the page\'s own');
});

test('the page\'s own relay is tried even when a welcome does not list it (first in the ring)', () => {
  const f = new Failover(OWN);
  f.welcomed([B, C]);
  assert.deepEqual([f.next(0), f.next(1), f.next(2), f.next(3)], [OWN, B.url, C.url, OWN]);
});

test('a relay no longer listed is not tried again: the next attempt goes to the page\'s own', () => {
  const f = new Failover(OWN);
  f.welcomed([A, B, C]);
  f.next(1);
  assert.equal(f.next(2), C.url);
  f.welcomed([A, B]); // a welcome from C... then C is gone from the list
  assert.equal(f.next(0), OWN, 'C is no longer listed');
});

test('entries that are not wss:// URLs are skipped; a relay listed twice (any case, with or without /) counts once', () => {
  const f = new Failover(OWN);
  f.welcomed([null, 7, { url: 42 }, { url: 'https://relay-b.lan:7443/' }, { url: 'javascript:alert(1)' }, B,
    { url: 'WSS://RELAY-B.LAN:7443' }, C]);
  assert.deepEqual(f.listed, [B.url, C.url]);
  f.welcomed('not a list');
  assert.deepEqual(f.listed, []);
});

test('the page\'s own relay at the default port matches a listed :443', () => {
  const f = new Failover('wss://relay-a.lan/');
  f.welcomed([{ url: 'wss://relay-a.lan:443/' }, B]);
  assert.deepEqual(f.listed, ['wss://relay-a.lan/', B.url]);
  assert.deepEqual([f.next(0), f.next(1), f.next(2)], ['wss://relay-a.lan/', B.url, 'wss://relay-a.lan/']);
});
