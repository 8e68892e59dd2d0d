// Our own live stream on one socket (the desktop app's LiveUplink): which stream is open, which ids were streamed,
// and what the relay's errors about them mean. A stream never outlives its socket: reset() for every new one.
//
// After the relay ends a stream with an error, every chunk and the voice-end still in flight is answered with
// bad_request for the same id. Those answers say nothing about the whole clip, which goes out after them under that
// id, so they must not take it out of the outbox. A clip sent whole is never refused with bad_request.

import { ErrorCode, errorCode } from './protocol.js';

/** What an error with a streamed id means. */
export const Verdict = Object.freeze({
  NOT_LIVE: 'not-live',       // not about a stream of this socket: handle as in version 1
  LIVE_ANSWER: 'live-answer', // an answer to a live frame: nothing more to do
  SEND_WHOLE: 'send-whole',   // the stream was ended and then refused: send the clip whole now
});

export class LiveUplink {
  #open = null;
  #streamed = new Set();
  #ending = new Set();

  /** Opens a stream; false when one is open or this id was streamed on this socket. */
  start(id) {
    if (this.#open !== null || this.#streamed.has(id)) return false;
    this.#open = id;
    this.#streamed.add(id);
    return true;
  }

  isOpen(id) {
    return this.#open === id;
  }

  /** Ends the open stream; false when id is not it (then the clip goes whole). */
  end(id) {
    if (this.#open !== id) return false;
    this.#open = null;
    this.#ending.add(id);
    return true;
  }

  /** Cancels; true when a voice-cancel should go out. */
  cancel(id) {
    const was = this.#open === id;
    if (was) this.#open = null;
    this.#streamed.delete(id);
    return was;
  }

  refused(error) {
    const ref = error.ref;
    if (typeof ref !== 'string' || !this.#streamed.has(ref)) return Verdict.NOT_LIVE;
    if (this.#open === ref) this.#open = null;
    const wasEnding = this.#ending.delete(ref);
    if (errorCode(error.code) !== ErrorCode.BAD_REQUEST) return Verdict.NOT_LIVE;
    return wasEnding ? Verdict.SEND_WHOLE : Verdict.LIVE_ANSWER;
  }

  acknowledged(id) {
    this.#streamed.delete(id);
    this.#ending.delete(id);
  }

  reset() {
    this.#open = null;
    this.#streamed.clear();
    this.#ending.clear();
  }
}
