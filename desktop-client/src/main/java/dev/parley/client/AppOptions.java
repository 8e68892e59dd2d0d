package dev.parley.client;

import dev.parley.client.connect.ConnectOptions;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.RelayAddress;

import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options: {@code --relay wss://host:port --nick N --room R} join at once; {@code --trust SHA256}
 * pins that relay's certificate; {@code --password P}; {@code --host} starts a relay in this process
 * ({@code --host-port}, default 55555, 0 = any free port); {@code --settings-dir D} (default {@code ~/.parley/desktop});
 * {@code --no-discovery}: neither list the relays on the local network nor announce the hosted relay there.
 */
public record AppOptions(String relay, String nick, String room, String trust, String password, boolean host,
                         int hostPort, Path settingsDir, boolean discovery) {

    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of("--relay", "--nick", "--room",
            "--trust", "--password", "--host-port", "--settings-dir");

    /** Default settings folder. */
    public static Path defaultSettingsDir() {
        return Path.of(System.getProperty("user.home"), ".parley", "desktop");
    }

    /** Parses {@code --name value}, {@code --name=value} and the flags {@code --host} and {@code --no-discovery}. */
    public static AppOptions parse(List<String> args) {
        String relay = null;
        String nick = null;
        String room = null;
        String trust = null;
        String password = null;
        boolean host = false;
        boolean discovery = true;
        int hostPort = dev.parley.protocol.Protocol.DEFAULT_PORT;
        Path dir = defaultSettingsDir();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--host")) {
                host = true;
                continue;
            }
            if (name.equals("--no-discovery")) {
                discovery = false;
                continue;
            }
            if (!VALUE_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--relay" -> relay = value;
                case "--nick" -> nick = value;
                case "--room" -> room = value;
                case "--trust" -> trust = Fingerprints.normalize(value).orElseThrow(() ->
                        new IllegalArgumentException("--trust needs a SHA-256 fingerprint (64 hex digits, colons optional)"));
                case "--password" -> password = value;
                case "--host-port" -> hostPort = port(value);
                case "--settings-dir" -> dir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (relay != null && RelayAddress.parse(relay).isEmpty()) {
            throw new IllegalArgumentException("--relay needs an address like wss://host:port, not " + relay);
        }
        return new AppOptions(relay, nick, room, trust, password, host, hostPort, dir, discovery);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--host-port needs a port number from 0 to 65535, not " + value);
    }

    /** What the connect flow needs of these options. */
    public ConnectOptions connectOptions() {
        return new ConnectOptions(relay, trust, hostPort, discovery);
    }

    /** Whether to join at once, without waiting on the connect screen. */
    public boolean joinAtOnce() {
        return nick != null && (host || (relay != null && room != null));
    }
}
