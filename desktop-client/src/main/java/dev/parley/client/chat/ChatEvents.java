package dev.parley.client.chat;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.RelayEvents;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.UiThread;
import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The one place where network events become chat-model changes: each goes through the {@code disk} executor (one
 * thread, where an arriving clip is written to the cache and its waveform computed, off the socket's read thread)
 * and then the {@link UiThread} door, so all keep their arrival order, and is applied there.
 */
public final class ChatEvents implements RelayEvents {
    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);
    private final ChatModel model;
    private final UiThread ui;
    private final Clock clock;
    private final Consumer<TrustProblem> onUntrusted;
    private final ClipCache clips;
    private final Executor disk;

    /** @param disk runs one task at a time, in order */
    public ChatEvents(ChatModel model, UiThread ui, Executor disk, Clock clock, Consumer<TrustProblem> onUntrusted,
                      ClipCache clips) {
        this.model = model;
        this.disk = disk;
        this.clips = clips;
        this.ui = ui;
        this.clock = clock;
        this.onUntrusted = onUntrusted;
    }

    @Override
    public void status(ConnectionStatus status) {
        inOrder(() -> model.status(status));
    }

    @Override
    public void welcome(ServerMessage.Welcome welcome) {
        inOrder(() -> model.welcome(welcome, clock.millis()));
    }

    @Override
    public void stored(ServerMessage.Stored message, byte[] clip) {
        later(() -> {
            ClipData data = clip == null ? null : clips.keep(clip);
            ui.run(() -> model.stored(message, data));
        });
    }

    @Override
    public void typing(ServerMessage.Typing typing) {
        inOrder(() -> model.typing(typing, clock.millis()));
    }

    @Override
    public void presence(ServerMessage.Presence presence) {
        inOrder(() -> model.presence(presence));
    }

    @Override
    public void historyEnd(ServerMessage.HistoryEnd end) {
        inOrder(() -> model.historyEnd(end));
    }

    @Override
    public void error(ServerMessage.Error error) {
        inOrder(() -> model.error(error));
    }

    @Override
    public void untrusted(TrustProblem problem) {
        inOrder(() -> onUntrusted.accept(problem));
    }

    /** Hands {@code change} to the FX thread behind everything that arrived before it. */
    private void inOrder(Runnable change) {
        later(() -> ui.run(change));
    }

    private void later(Runnable task) {
        try {
            disk.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("the session is closed; dropping a late event");
        }
    }
}
