package dev.parley.client.chat;

import dev.parley.client.net.RelaySender;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.TypingState;

/**
 * Tells the room what this person is doing: {@code typing} on keystrokes (repeated every 3 s while it lasts,
 * {@code idle} 5 s after the last keystroke), {@code recording} while push-to-talk is held (repeated every 3 s),
 * and nothing after a send (the relay tells the others {@code idle} itself). FX thread only; time is passed in.
 */
public final class TypingSender {
    /** Typing ends this long after the last keystroke. */
    public static final long TYPING_IDLE_MILLIS = 5000;

    private final RelaySender sender;
    private TypingState current = TypingState.IDLE;
    private long lastSentMillis;
    private long lastKeystrokeMillis;

    public TypingSender(RelaySender sender) {
        this.sender = sender;
    }

    public TypingState current() {
        return current;
    }

    /** A keystroke in the text box that left it non-empty. */
    public void keystroke(long nowMillis) {
        lastKeystrokeMillis = nowMillis;
        if (current == TypingState.IDLE) {
            send(TypingState.TYPING, nowMillis);
        }
    }

    /** The text box was emptied without sending. */
    public void cleared() {
        if (current == TypingState.TYPING) {
            send(TypingState.IDLE, 0);
        }
    }

    public void recordingStarted(long nowMillis) {
        send(TypingState.RECORDING, nowMillis);
    }

    /** Recording ended without a clip being sent. */
    public void recordingCancelled() {
        if (current == TypingState.RECORDING) {
            send(TypingState.IDLE, 0);
        }
    }

    /** A chat or voice message was sent: the relay announces idle for us. */
    public void messageSent() {
        current = TypingState.IDLE;
    }

    /** Called about every second: repeats a lasting state, ends typing after a pause. */
    public void tick(long nowMillis) {
        if (current == TypingState.TYPING && nowMillis - lastKeystrokeMillis >= TYPING_IDLE_MILLIS) {
            send(TypingState.IDLE, nowMillis);
        } else if (current != TypingState.IDLE && nowMillis - lastSentMillis >= Protocol.TYPING_REPEAT.toMillis()) {
            send(current, nowMillis);
        }
    }

    private void send(TypingState state, long nowMillis) {
        current = state;
        lastSentMillis = nowMillis;
        sender.sendTyping(state);
    }
}
