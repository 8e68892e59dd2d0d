package dev.parley.client.testing;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.RelayEvents;
import dev.parley.client.net.TrustProblem;
import dev.parley.protocol.ServerMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event a connection reports, in order. */
public final class RecordingEvents implements RelayEvents {
    public final List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<ServerMessage.Welcome> welcomes = new CopyOnWriteArrayList<>();
    public final List<ServerMessage.Stored> stored = new CopyOnWriteArrayList<>();
    public final List<byte[]> clips = new CopyOnWriteArrayList<>();
    public final List<ServerMessage> others = new CopyOnWriteArrayList<>();
    public final List<TrustProblem> untrusted = new CopyOnWriteArrayList<>();

    @Override
    public void status(ConnectionStatus status) {
        statuses.add(status);
    }

    @Override
    public void welcome(ServerMessage.Welcome welcome) {
        welcomes.add(welcome);
    }

    @Override
    public void stored(ServerMessage.Stored message, byte[] clip) {
        stored.add(message);
        if (clip != null) {
            clips.add(clip);
        }
    }

    @Override
    public void typing(ServerMessage.Typing typing) {
        others.add(typing);
    }

    @Override
    public void presence(ServerMessage.Presence presence) {
        others.add(presence);
    }

    @Override
    public void played(ServerMessage.Played receipt) {
        others.add(receipt);
    }

    @Override
    public void historyEnd(ServerMessage.HistoryEnd end) {
        others.add(end);
    }

    @Override
    public void error(ServerMessage.Error error) {
        others.add(error);
    }

    @Override
    public void untrusted(TrustProblem problem) {
        untrusted.add(problem);
    }

    public ConnectionStatus last() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }
}
