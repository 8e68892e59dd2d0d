package dev.parley.client.connect;

import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The connect screen: relay address, nick, room, password, "host a relay on this computer", and the messages
 * shown under the fields. Validation follows PROTOCOL.md's nick and room rules and runs as people type.
 */
public final class ConnectViewModel {
    private final Messages messages;
    private final StringProperty relay = new SimpleStringProperty("");
    private final StringProperty nick = new SimpleStringProperty("");
    private final StringProperty room = new SimpleStringProperty(Protocol.DEFAULT_ROOM);
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty host = new SimpleBooleanProperty();
    private final StringProperty relayError = new SimpleStringProperty("");
    private final StringProperty nickError = new SimpleStringProperty("");
    private final StringProperty roomError = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty progress = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private boolean touched;

    public ConnectViewModel(Messages messages) {
        this.messages = messages;
        relay.addListener((o, a, b) -> revalidate());
        nick.addListener((o, a, b) -> revalidate());
        room.addListener((o, a, b) -> revalidate());
        host.addListener((o, a, b) -> revalidate());
    }

    public StringProperty relayProperty() {
        return relay;
    }

    public StringProperty nickProperty() {
        return nick;
    }

    public StringProperty roomProperty() {
        return room;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** Start a relay in this app and join it. */
    public BooleanProperty hostProperty() {
        return host;
    }

    public StringProperty relayErrorProperty() {
        return relayError;
    }

    public StringProperty nickErrorProperty() {
        return nickError;
    }

    public StringProperty roomErrorProperty() {
        return roomError;
    }

    /** Why the last attempt failed, or empty. */
    public StringProperty problemProperty() {
        return problem;
    }

    /** What is happening ("Connecting…"), or empty. */
    public StringProperty progressProperty() {
        return progress;
    }

    /** An attempt is under way. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** Validates every field and shows the messages; returns whether all are fine. */
    public boolean validate() {
        touched = true;
        return revalidate();
    }

    private boolean revalidate() {
        if (!touched) {
            return false;
        }
        relayError.set(host.get() || RelayAddress.parse(relay.get()).isPresent() ? ""
                : messages.get(relay.get().isBlank() ? "connect.error.relayMissing" : "connect.error.relayBad"));
        nickError.set(nickProblem(nick.get()));
        roomError.set(roomProblem(Names.normalizeRoomInput(room.get())));
        return relayError.get().isEmpty() && nickError.get().isEmpty() && roomError.get().isEmpty();
    }

    private String nickProblem(String raw) {
        if (Names.nickProblem(raw).isEmpty()) {
            return "";
        }
        String n = raw == null ? "" : raw.strip();
        if (n.isEmpty()) {
            return messages.get("connect.error.nickMissing");
        }
        if (n.codePointCount(0, n.length()) > Protocol.MAX_NICK_CHARS) {
            return messages.format("connect.error.nickLong", Protocol.MAX_NICK_CHARS);
        }
        return messages.get("connect.error.nickChars");
    }

    private String roomProblem(String r) {
        if (Names.roomProblem(r).isEmpty()) {
            return "";
        }
        if (r.isEmpty()) {
            return messages.get("connect.error.roomMissing");
        }
        if (r.length() > Protocol.MAX_ROOM_CHARS) {
            return messages.format("connect.error.roomLong", Protocol.MAX_ROOM_CHARS);
        }
        return messages.get("connect.error.roomChars");
    }

    /** The relay typed, once {@link #validate()} passed (not meaningful when hosting). */
    public RelayAddress address() {
        return RelayAddress.parse(relay.get()).orElseThrow();
    }

    public String normalizedNick() {
        return Names.normalizeNick(nick.get());
    }

    public String normalizedRoom() {
        return Names.normalizeRoomInput(room.get());
    }

    /** The password, or {@code null} when empty. */
    public String passwordOrNull() {
        return password.get() == null || password.get().isEmpty() ? null : password.get();
    }
}
