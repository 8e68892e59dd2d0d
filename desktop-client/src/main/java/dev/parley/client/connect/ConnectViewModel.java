package dev.parley.client.connect;

import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The connect screen: relay address, nick, room, password, "host a relay on this computer", the relays found on
 * the local network, and the messages shown under the fields. Validation follows PROTOCOL.md's nick and room rules
 * and runs as people type.
 */
public final class ConnectViewModel {
    private static final Logger log = LoggerFactory.getLogger(ConnectViewModel.class);

    /**
     * Where an attempt to join stands. {@code IDLE → [HOSTING →] CONNECTING → JOINED}; a certificate to decide on
     * ({@code CHECKING_CERTIFICATE}) comes from {@code CONNECTING} or, when it changes on a reconnect, from
     * {@code JOINED}, and goes back to {@code CONNECTING} (trusted) or {@code IDLE}; any failure goes to
     * {@code IDLE} with the problem shown; leaving the room goes from {@code JOINED} to {@code IDLE}.
     */
    public enum Phase { IDLE, HOSTING, CONNECTING, CHECKING_CERTIFICATE, JOINED }

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
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.IDLE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
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
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What is happening ("Connecting…"), or empty. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** An attempt is under way (or the room is joined): Connect is off. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public Phase phase() {
        return phase.get();
    }

    // ------------------------------------------------------------------ transitions

    private boolean transition(Phase to, Phase... from) {
        Phase now = phase.get();
        if (!java.util.Arrays.asList(from).contains(now)) {
            log.warn("ignoring connect transition {} -> {}", now, to);
            return false;
        }
        phase.set(to);
        busy.set(to != Phase.IDLE);
        return true;
    }

    /** Connect was pressed with "host a relay": the relay starts. */
    public boolean hosting() {
        if (!transition(Phase.HOSTING, Phase.IDLE)) {
            return false;
        }
        problem.set("");
        progress.set(messages.get("connect.hosting"));
        return true;
    }

    /**
     * Connecting to {@code address} (first try, own relay started, a certificate just trusted, or the next relay of a
     * cluster after one that did not answer).
     */
    public boolean connecting(String address) {
        if (!transition(Phase.CONNECTING, Phase.IDLE, Phase.HOSTING, Phase.CHECKING_CERTIFICATE, Phase.CONNECTING)) {
            return false;
        }
        problem.set("");
        progress.set(messages.format("status.connecting", address));
        return true;
    }

    /** The relay's certificate needs a decision; {@code why} is shown meanwhile (or empty). */
    public boolean checkingCertificate(String why) {
        if (!transition(Phase.CHECKING_CERTIFICATE, Phase.CONNECTING, Phase.JOINED)) {
            return false;
        }
        progress.set("");
        problem.set(why);
        return true;
    }

    /** The room is joined: the main window takes over. */
    public boolean joined() {
        if (!transition(Phase.JOINED, Phase.CONNECTING)) {
            return false;
        }
        progress.set("");
        problem.set("");
        return true;
    }

    /** The attempt ended without joining: {@code why} is shown, Connect works again. */
    public boolean failed(String why) {
        if (!transition(Phase.IDLE, Phase.HOSTING, Phase.CONNECTING, Phase.CHECKING_CERTIFICATE)) {
            return false;
        }
        progress.set("");
        problem.set(why);
        return true;
    }

    /** Back on the connect screen after leaving the room (or disconnecting): Connect works again. */
    public void left() {
        transition(Phase.IDLE, Phase.IDLE, Phase.JOINED, Phase.CHECKING_CERTIFICATE, Phase.CONNECTING);
        progress.set("");
    }

    /** The relays found on the local network. */
    public FoundRelaysViewModel found() {
        return found;
    }

    /**
     * Someone picked a row from the list: connect to its relay rather than host one; for a cluster, to the relay of
     * it found first (the others come with its {@code welcome}).
     */
    public void choose(FoundEntry chosen) {
        host.set(false);
        relay.set(chosen.chosen().address().toString());
    }

    /** The relay found on the network at the address typed (or picked), if any: what it announced. */
    public Optional<FoundRelay> announced() {
        // a relay found without an announcement (on this computer) announced no fingerprint to compare with
        return RelayAddress.parse(relay.get()).flatMap(found::at).filter(r -> r.fingerprint() != null);
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
