package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;

/**
 * The connect screen: relay address, nick, room, password, "host a relay on this computer", the relays found on
 * the local network, and the messages shown under the fields. Validation follows PROTOCOL.md's nick and room rules
 * and runs as people type.
 */
public final class ConnectViewModel {
    private final Messages messages;
    private final FoundRelaysViewModel found;
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
    private final StringProperty roomPreview = new SimpleStringProperty("");
    private boolean touched;

    /** A connect screen without the list of relays on the network (discovery off). */
    public ConnectViewModel(Messages messages) {
        this(messages, new FoundRelaysViewModel(RelayDiscovery.off(), Runnable::run, messages));
    }

    public ConnectViewModel(Messages messages, FoundRelaysViewModel found) {
        this.messages = messages;
        this.found = found;
        relay.addListener((o, a, b) -> edited());
        nick.addListener((o, a, b) -> edited());
        room.addListener((o, a, b) -> {
            edited();
            previewRoom();
        });
        password.addListener((o, a, b) -> edited());
        host.addListener((o, a, b) -> edited());
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

    /** "You will join #my-room" when the room typed is not exactly the one that will be joined, else empty. */
    public StringProperty roomPreviewProperty() {
        return roomPreview;
    }

    private void previewRoom() {
        String joined = normalizedRoom();
        boolean shown = !joined.equals(room.get()) && !joined.isEmpty() && Names.roomProblem(joined).isEmpty();
        roomPreview.set(shown ? messages.format("connect.room.preview", joined) : "");
    }

    /**
     * The room a typed name joins: trimmed, lower case, and each run of spaces turned into one '-', so that
     * "My Room" joins {@code my-room}.
     */
    public static String roomFrom(String typed) {
        return Names.normalizeRoomInput(typed).replaceAll("\\s+", "-");
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

    /** The relays found on the local network. */
    public FoundRelaysViewModel found() {
        return found;
    }

    /** Someone picked a relay from the list: connect to it rather than host one. */
    public void choose(FoundRelay chosen) {
        host.set(false);
        relay.set(chosen.address().toString());
    }

    /** The relay found on the network at the address typed (or picked), if any: what it announced. */
    public Optional<FoundRelay> announced() {
        return RelayAddress.parse(relay.get()).flatMap(found::at);
    }

    /** Validates every field and shows the messages; returns whether all are fine. */
    public boolean validate() {
        touched = true;
        return revalidate();
    }

    /** A field changed: the last attempt's problem no longer applies (one message at a time, the newest). */
    private void edited() {
        if (!busy.get()) {
            problem.set("");
        }
        revalidate();
    }

    private boolean revalidate() {
        if (!touched) {
            return false;
        }
        relayError.set(host.get() || RelayAddress.parse(relay.get()).isPresent() ? ""
                : messages.get(relay.get().isBlank() ? "connect.error.relayMissing" : "connect.error.relayBad"));
        nickError.set(nickProblem(nick.get()));
        roomError.set(roomProblem(normalizedRoom()));
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
        return roomFrom(room.get());
    }

    /** The password, or {@code null} when empty. */
    public String passwordOrNull() {
        return password.get() == null || password.get().isEmpty() ? null : password.get();
    }
}
