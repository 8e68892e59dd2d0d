package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Shows what became of a push-to-talk recording: its card, pending until its echo; the typing state others see
 * (sent, or back to idle); and the notice that says why a recording was not sent. UI thread only.
 */
final class RecordingOutcomes implements MicrophoneTake.Outcomes {
    private final ChatModel model;
    private final TypingSender typing;
    private final Clock clock;
    private final Messages messages;
    private final Consumer<String> notice;

    RecordingOutcomes(ChatModel model, TypingSender typing, Clock clock, Messages messages, Consumer<String> notice) {
        this.model = model;
        this.typing = typing;
        this.clock = clock;
        this.messages = messages;
        this.notice = notice;
    }

    @Override
    public void showPending(String id, SendPolicy.Sealed sealed) {
        model.addPending(TimelineItem.voice(0, id, model.nickProperty().get(), true, clock.millis(), sealed.clip(),
                sealed.recording().durationMs(), true));
    }

    @Override
    public void ended(SendPolicy.Outcome outcome) {
        switch (outcome) {
            case SENT -> typing.messageSent();
            case TOO_SHORT -> cancelled(messages.get("ptt.tooShort"));
            case TOO_LARGE -> cancelled(messages.get("ptt.tooLarge"));
        }
    }

    @Override
    public void sendFailed(String reason) {
        cancelled(reason);
    }

    /** The recording was not sent, for the reason {@code sentence} gives. */
    void cancelled(String sentence) {
        typing.recordingCancelled();
        notice.accept(sentence);
    }
}
