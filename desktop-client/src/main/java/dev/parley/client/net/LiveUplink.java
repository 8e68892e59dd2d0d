package dev.parley.client.net;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.VoiceFrame;

import java.util.HashSet;
import java.util.Set;

/**
 * Our own live stream on one socket: which stream is open, which ids were streamed, and what the relay's errors
 * about them mean. Thread-safe; {@link RelayConnection} sends through it holding the {@link Link}'s lock, and calls
 * {@link #reset} for every new socket (a stream never outlives its connection: the relay aborts it).
 *
 * <p>Why the errors need care: after the relay ends a stream with an error, every chunk and the {@code voice-end}
 * still in flight is answered with {@code bad_request} for the same id. Those answers say nothing about the whole
 * clip, which goes out after them under that id, so they must not take it out of the outbox. A clip sent whole is a
 * well-formed frame with a valid id: its only refusals are {@code bad_audio}, {@code too_large} and
 * {@code rate_limited}, never {@code bad_request}.
 */
final class LiveUplink {
    /** What an error with a streamed id means. */
    enum Verdict {
        /** Not about a stream of this socket: handle as in version 1. */
        NOT_LIVE,
        /** An answer to a live frame: it changes nothing more (the stream, if open, is now closed). */
        LIVE_ANSWER,
        /** The stream was ended and then refused, so nothing was stored: send the clip whole now. */
        SEND_WHOLE
    }

    private String open;
    /** Ids streamed on this socket whose echo has not come. */
    private final Set<String> streamed = new HashSet<>();
    /** Ids whose {@code voice-end} was sent on this socket and for which no error has come. */
    private final Set<String> ending = new HashSet<>();

    synchronized boolean start(RelaySocket socket, String id, int sampleRate, int channels) {
        if (open != null || streamed.contains(id)) {
            return false;
        }
        socket.send(ClientCodec.encode(new ClientMessage.VoiceStart(id, VoiceCodec.PCM16, sampleRate, channels)));
        open = id;
        streamed.add(id);
        return true;
    }

    synchronized boolean chunk(RelaySocket socket, String id, long n, byte[] pcm) {
        if (!id.equals(open)) {
            return false;
        }
        socket.send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk(id, n)), pcm));
        return true;
    }

    /** Sends {@code voice-end} if {@code id} is open; returns whether it did. */
    synchronized boolean end(RelaySocket socket, String id) {
        if (!id.equals(open)) {
            return false;
        }
        socket.send(ClientCodec.encode(new ClientMessage.VoiceEnd(id)));
        open = null;
        ending.add(id);
        return true;
    }

    synchronized void cancel(RelaySocket socket, String id) {
        if (id.equals(open)) {
            socket.send(ClientCodec.encode(new ClientMessage.VoiceCancel(id)));
            open = null;
        }
        streamed.remove(id);
    }

    /** An error arrived; says what it means for our streams (and closes the stream it names). */
    synchronized Verdict refused(ServerMessage.Error error) {
        String ref = error.ref();
        if (ref == null || !streamed.contains(ref)) {
            return Verdict.NOT_LIVE;
        }
        if (ref.equals(open)) {
            open = null;
        }
        boolean wasEnding = ending.remove(ref);
        if (error.code() != ErrorCode.BAD_REQUEST) {
            return Verdict.NOT_LIVE;
        }
        return wasEnding ? Verdict.SEND_WHOLE : Verdict.LIVE_ANSWER;
    }

    /** The relay stored (or had stored) the message with this id. */
    synchronized void acknowledged(String id) {
        streamed.remove(id);
        ending.remove(id);
    }

    synchronized boolean isOpen(String id) {
        return id.equals(open);
    }

    synchronized void reset() {
        open = null;
        streamed.clear();
        ending.clear();
    }
}
