package dev.parley.relay.discovery;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a relay tells about itself in the TXT record of its DNS-SD service. The relay writes it with {@link #txt()};
 * the app reads it back with {@link #fromTxt}, which accepts only what a relay would write.
 *
 * @param name        display name: any Unicode text
 * @param protocol    the wire protocol version the relay speaks
 * @param fingerprint SHA-256 of the relay's certificate, upper-case hex pairs joined by ':'
 * @param people      members joined to the relay (all rooms together), or {@link #PEOPLE_UNKNOWN}
 */
public record Announcement(String name, int protocol, String fingerprint, int people) {
    /** The DNS-SD service type of a Parley relay. */
    public static final String SERVICE_TYPE = "_parley._tcp.local.";
    public static final String KEY_PROTOCOL = "protocol";
    public static final String KEY_NAME = "name";
    public static final String KEY_FINGERPRINT = "sha256";
    public static final String KEY_PEOPLE = "people";
    /** {@link #people()} of a record that does not say. */
    public static final int PEOPLE_UNKNOWN = -1;
    /** A TXT string holds at most 255 bytes; the name gets what its key and '=' leave, with room to spare. */
    static final int MAX_NAME_BYTES = 240;
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-F]{2}:){31}[0-9A-F]{2}");

    public Announcement {
        name = name == null ? "" : LanNames.truncateUtf8(LanNames.printable(name), MAX_NAME_BYTES);
        if (name.isEmpty() || fingerprint == null || !FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("an announcement needs a name and a SHA-256 fingerprint");
        }
        people = Math.max(people, PEOPLE_UNKNOWN);
    }

    /** The TXT record, in the order written. */
    public Map<String, String> txt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put(KEY_PROTOCOL, Integer.toString(protocol));
        txt.put(KEY_NAME, name);
        txt.put(KEY_FINGERPRINT, fingerprint);
        if (people != PEOPLE_UNKNOWN) {
            txt.put(KEY_PEOPLE, Integer.toString(people));
        }
        return txt;
    }

    public Announcement withPeople(int people) {
        return new Announcement(name, protocol, fingerprint, people);
    }

    /**
     * Reads a TXT record.
     *
     * @param property     the value of a TXT key, or {@code null} when absent
     * @param instanceName the service's instance name, shown when the record has no usable {@code name}
     * @return empty when {@code protocol} or {@code sha256} is missing or malformed: not a Parley relay's record
     */
    public static Optional<Announcement> fromTxt(Function<String, String> property, String instanceName) {
        Integer protocol = number(property.apply(KEY_PROTOCOL));
        String fingerprint = property.apply(KEY_FINGERPRINT);
        if (protocol == null || protocol < 1 || fingerprint == null) {
            return Optional.empty();
        }
        fingerprint = fingerprint.strip().toUpperCase(Locale.ROOT);
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            return Optional.empty();
        }
        String name = property.apply(KEY_NAME);
        if (name == null || LanNames.printable(name).isEmpty()) {
            name = instanceName;
        }
        if (name == null || LanNames.printable(name).isEmpty()) {
            return Optional.empty();
        }
        Integer people = number(property.apply(KEY_PEOPLE));
        return Optional.of(new Announcement(name, protocol, fingerprint, people == null ? PEOPLE_UNKNOWN : people));
    }

    private static Integer number(String text) {
        if (text == null || text.isBlank() || text.strip().length() > 9) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.strip());
            return n >= 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
