package dev.parley.client.chat;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.RelayEvents;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.UiThread;
import dev.parley.protocol.ServerMessage;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * The one place where network events become chat-model changes: each is handed through the {@link UiThread}
 * door, in arrival order, and applied there.
 */
public final class ChatEvents implements RelayEvents {
    private final ChatModel model;
    private final UiThread ui;
    private final Clock clock;
    private final Consumer<TrustProblem> onUntrusted;
    private final ClipCache clips;

    public ChatEvents(ChatModel model, UiThread ui, Clock clock, Consumer<TrustProblem> onUntrusted, ClipCache clips) {
        this.model = model;
        this.clips = clips;
        this.ui = ui;
        this.clock = clock;
        this.onUntrusted = onUntrusted;
    }

    @Override
    public void status(ConnectionStatus status) {
        ui.run(() -> model.status(status));
    }

    @Override
    public void welcome(ServerMessage.Welcome welcome) {
        ui.run(() -> model.welcome(welcome, clock.millis()));
    }

    @Override
    public void stored(ServerMessage.Stored message, byte[] clip) {
        ClipData data = clip == null ? null : clips.keep(clip); // here, on the network thread: disk and waveform
        ui.run(() -> model.stored(message, data));
    }

    @Override
    public void typing(ServerMessage.Typing typing) {
        ui.run(() -> model.typing(typing, clock.millis()));
    }

    @Override
    public void presence(ServerMessage.Presence presence) {
        ui.run(() -> model.presence(presence));
    }

    @Override
    public void historyEnd(ServerMessage.HistoryEnd end) {
        ui.run(() -> model.historyEnd(end));
    }

    @Override
    public void error(ServerMessage.Error error) {
        ui.run(() -> model.error(error));
    }

    @Override
    public void untrusted(TrustProblem problem) {
        ui.run(() -> onUntrusted.accept(problem));
    }
}
