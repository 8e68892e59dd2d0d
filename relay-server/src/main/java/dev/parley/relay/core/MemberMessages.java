package dev.parley.relay.core;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.NewReceipt;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Carries out a joined member's decoded messages, one method per type: stores chat, clips and played receipts,
 * forwards typing, answers history, hands live voice to {@link LiveVoice}, and answers what does not belong where it
 * came with an error.
 */
final class MemberMessages {
    private final Limits limits;
    private final MessageStore store;
    private final Executor readers;
    private final LiveVoice live;
    private final RelayEvents events;

    MemberMessages(Limits limits, MessageStore store, Executor readers, LiveVoice live, RelayEvents events) {
        this.events = events;
        this.limits = limits;
        this.store = store;
        this.readers = readers;
        this.live = live;
    }

    /** A message that came in a text frame. */
    void text(Session s, ClientMessage message) {
        message.accept(new OneMessage(s, null));
    }

    /** A binary frame: its decoded header ({@code voice} or {@code voice-chunk}) and the audio beside it. */
    void binary(Session s, ClientMessage header, ByteBuffer audio) {
        header.accept(new OneMessage(s, audio));
    }

    /** Sends {@code s} a recoverable error (one about its open live stream also ends that stream). */
    void error(Session s, ErrorCode code, String message, String ref) {
        live.error(s, code, message, ref);
    }

    /** One message of session {@code s}; {@code audio} is the rest of its binary frame, {@code null} for text. */
    private final class OneMessage implements ClientMessage.Handler {
        private final Session s;
        private final ByteBuffer audio;

        OneMessage(Session s, ByteBuffer audio) {
            this.s = s;
            this.audio = audio;
        }

        @Override
        public void hello(ClientMessage.Hello m) {
            error(s, ErrorCode.BAD_REQUEST, "hello was already received", null);
        }

        @Override
        public void chat(ClientMessage.Chat m) {
            store.append(NewMessage.chat(s.room().name, s.nick(), m.id(), m.text()), new Delivery(s));
        }

        @Override
        public void voice(ClientMessage.Voice m) {
            if (audio == null) {
                inBinaryFrameOnly(m);
                return;
            }
            try {
                if (!s.allowMessage() || !s.allowVoiceBytes(audio.remaining())) {
                    throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many clips; slow down and retry", m.id());
                }
                WavInfo info = ClipCheck.check(audio, limits, m.id());
                byte[] bytes = new byte[audio.remaining()];
                audio.get(bytes);
                store.append(NewMessage.voice(s.room().name, s.nick(), m.id(), bytes, info), new Delivery(s));
            } catch (ProtocolException e) {
                error(s, e.code(), e.getMessage(), e.ref() != null ? e.ref() : m.id());
            }
        }

        @Override
        public void typing(ClientMessage.Typing m) {
            Room room = s.room();
            synchronized (room) {
                s.typing = m.state();
                room.sendTyping(s, Frames.typing(s.nick(), m.state()));
            }
        }

        @Override
        public void history(ClientMessage.History m) {
            readers.execute(() -> Replay.history(store, s, m.before(), m.limit()));
        }

        @Override
        public void voiceStart(ClientMessage.VoiceStart m) {
            if (hearsLive(m)) {
                live.start(s, m);
            }
        }

        @Override
        public void voiceChunk(ClientMessage.VoiceChunk m) {
            if (!hearsLive(m)) {
                return;
            }
            if (audio == null) {
                inBinaryFrameOnly(m);
            } else {
                live.chunk(s, m, audio);
            }
        }

        @Override
        public void voiceEnd(ClientMessage.VoiceEnd m) {
            if (hearsLive(m)) {
                live.end(s, m);
            }
        }

        @Override
        public void voiceCancel(ClientMessage.VoiceCancel m) {
            if (hearsLive(m)) {
                live.cancel(s, m);
            }
        }

        @Override
        public void played(ClientMessage.Played m) {
            if (!s.hearsReceipts()) {
                error(s, ErrorCode.BAD_REQUEST, "played receipts need protocol " + Protocol.VERSION_3
                        + "; this connection speaks " + s.protocol(), null);
                return;
            }
            store.appendReceipt(new NewReceipt(s.room().name, m.seq(), s.nick()), new ReceiptDelivery(s, m.seq(), events));
        }

        /** Whether the connection speaks live voice; if not, says so. */
        private boolean hearsLive(ClientMessage m) {
            if (s.hearsLive()) {
                return true;
            }
            error(s, ErrorCode.BAD_REQUEST, "live voice needs protocol " + Protocol.VERSION_2
                    + "; this connection speaks " + s.protocol(), m.ref());
            return false;
        }

        private void inBinaryFrameOnly(ClientMessage m) {
            error(s, ErrorCode.BAD_REQUEST, "this message travels in a binary frame", m.ref());
        }
    }
}
