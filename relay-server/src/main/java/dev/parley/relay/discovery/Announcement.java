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
 * @param cluster     the cluster this relay is one of, or {@code null} for a relay on its own
 */
public record Announcement(String name, int protocol, String fingerprint, int people, Cluster cluster) {
    /** The DNS-SD service type of a Parley relay. */
    public static final String SERVICE_TYPE = "_parley._tcp.local.";
    public static final String KEY_PROTOCOL = "protocol";
    public static final String KEY_NAME = "name";
    public static final String KEY_FINGERPRINT = "sha256";
    public static final String KEY_PEOPLE = "people";
    public static final String KEY_CLUSTER = "cluster";
    public static final String KEY_CLUSTER_NAME = "clname";
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

    /** A relay on its own. */
    public Announcement(String name, int protocol, String fingerprint, int people) {
        this(name, protocol, fingerprint, people, null);
    }

    /**
     * The cluster a relay is one of: relays that share one database (and a bus) announce the same {@code id}, so a
     * client lists them once.
     *
     * @param id   the database's identity, shortened: 16 lower-case hex digits
     * @param name the cluster's name ({@code --cluster-name}): 1-32 letters, digits, {@code _} or {@code -}
     */
    public record Cluster(String id, String name) {
        private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

        public Cluster {
            if (id == null || !ID.matcher(id).matches() || name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a cluster needs a 16-hex-digit id and a name of 1-32 letters,"
                        + " digits, _ or -");
            }
        }

        /** The cluster of a store's identity ({@code MessageStore.clusterId()}, 32 hex digits) and name. */
        public static Cluster of(String storeId, String name) {
            String hex = storeId == null ? "" : storeId.replace("-", "").toLowerCase(Locale.ROOT);
            if (hex.length() < 16) {
                throw new IllegalArgumentException("a cluster identity has at least 16 hex digits");
            }
            return new Cluster(hex.substring(0, 16), name);
        }

        /** Reads the two TXT values; empty when either is missing or not what a relay writes. */
        static Optional<Cluster> fromTxt(String id, String name) {
            if (id == null || name == null) {
                return Optional.empty();
            }
            String cleanId = id.strip().toLowerCase(Locale.ROOT);
            String cleanName = name.strip();
            if (!ID.matcher(cleanId).matches() || !NAME.matcher(cleanName).matches()) {
                return Optional.empty();
            }
            return Optional.of(new Cluster(cleanId, cleanName));
        }
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
        if (cluster != null) {
            txt.put(KEY_CLUSTER, cluster.id());
            txt.put(KEY_CLUSTER_NAME, cluster.name());
        }
        return txt;
    }

    public Announcement withPeople(int people) {
        return new Announcement(name, protocol, fingerprint, people, cluster);
    }

    /**
     * Reads a TXT record.
     *
     * @param property     the value of a TXT key, or {@code null} when absent
     * @param instanceName the service's instance name, shown when the record has no usable {@code name}
     * @return empty when {@code protocol} or {@code sha256} is missing or malformed: not a Parley relay's record; a
     *         missing or malformed {@code cluster} or {@code clname} makes it a relay on its own
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
        Cluster cluster = Cluster.fromTxt(property.apply(KEY_CLUSTER), property.apply(KEY_CLUSTER_NAME)).orElse(null);
        return Optional.of(new Announcement(name, protocol, fingerprint, people == null ? PEOPLE_UNKNOWN : people,
                cluster));
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
