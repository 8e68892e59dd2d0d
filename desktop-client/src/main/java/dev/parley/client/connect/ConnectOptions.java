package dev.parley.client.connect;

/**
 * What the command line decided for the connect flow (the app's options, seen from here, so this package does not
 * depend on the app that wires it).
 *
 * @param relay     the relay given with {@code --relay}, or {@code null}
 * @param trust     the fingerprint given with {@code --trust} for that relay, or {@code null}
 * @param hostPort  where a hosted relay listens first ({@code --host-port}; 0: any free port)
 * @param discovery whether the local network is used ({@code --no-discovery} turns it off): a hosted relay is then
 *                  announced under the nick
 */
public record ConnectOptions(String relay, String trust, int hostPort, boolean discovery) {
}
