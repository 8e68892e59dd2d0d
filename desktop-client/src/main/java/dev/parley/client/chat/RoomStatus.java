package dev.parley.client.chat;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The connection as the window shows it: its status, the nick and room it joined with, the relay's limits, whether
 * it speaks played receipts, and the last recoverable error the relay reported. FX thread only.
 */
final class RoomStatus {
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.DISCONNECTED);
    private final ObjectProperty<ServerMessage.Error> lastError = new SimpleObjectProperty<>();
    private final StringProperty nick = new SimpleStringProperty("");
    private final StringProperty room = new SimpleStringProperty("");
    private final ObjectProperty<Limits> limits = new SimpleObjectProperty<>(Limits.DEFAULTS);
    private final BooleanProperty receipts = new SimpleBooleanProperty();

    ObjectProperty<ConnectionStatus> statusProperty() {
        return status;
    }

    ObjectProperty<ServerMessage.Error> lastErrorProperty() {
        return lastError;
    }

    StringProperty nickProperty() {
        return nick;
    }

    StringProperty roomProperty() {
        return room;
    }

    ObjectProperty<Limits> limitsProperty() {
        return limits;
    }

    /** Whether the last session joined speaks played receipts (protocol 3). */
    BooleanProperty receiptsProperty() {
        return receipts;
    }

    void welcome(ServerMessage.Welcome welcome) {
        nick.set(welcome.nick());
        room.set(welcome.room());
        limits.set(welcome.limits());
        receipts.set(Protocol.hasReceipts(welcome.protocol()));
    }

    /** Whether {@code from} is this app's nick (nicks compare as the relay compares them). */
    boolean isMe(String from) {
        return Names.nickKey(from).equals(Names.nickKey(nick.get()));
    }
}
