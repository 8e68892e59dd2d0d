package dev.parley.client.connect;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.discovery.LanAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * A relay this app runs in its own process ("Host a relay on this computer"), with its data in the settings
 * folder. The app joins it on 127.0.0.1 and trusts its certificate without asking; others find it in their list of
 * relays on the network (when announced) or type {@link #lanAddress()}.
 */
public final class HostedRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostedRelay.class);

    private final ParleyRelay relay;

    private HostedRelay(ParleyRelay relay) {
        this.relay = relay;
        relay.warmUp(); // in the background: its code at full speed before the first people talk
    }

    /**
     * Starts a relay on all interfaces at {@code port}; if that port is taken, on any free one.
     *
     * @param password   room password, or {@code null}
     * @param announceAs the name to announce it under on the local network (the user's nick), or {@code null} to
     *                   not announce it
     */
    public static HostedRelay start(Path dataDir, int port, String password, String announceAs) throws IOException {
        RelayConfig config = RelayConfig.defaults().withDataDir(dataDir).withPassword(password)
                .withDiscovery(announceAs != null).withName(announceAs);
        try {
            return new HostedRelay(ParleyRelay.start(config.withPort(port)));
        } catch (IOException e) {
            if (port == 0) {
                throw e;
            }
            log.info("port {} is taken ({}); hosting on a free port instead", port, e.getMessage());
            return new HostedRelay(ParleyRelay.start(config.withPort(0)));
        }
    }

    public int port() {
        return relay.port();
    }

    public java.security.cert.X509Certificate certificate() {
        return relay.certificate();
    }

    public String fingerprint() {
        return relay.fingerprint();
    }

    /** Where this app connects to its own relay. */
    public RelayAddress localAddress() {
        return new RelayAddress("127.0.0.1", relay.port());
    }

    /** What others on the network type: this machine's LAN address when it has one (where it is announced). */
    public RelayAddress lanAddress() {
        return new RelayAddress(lanHost(), relay.port());
    }

    /** The web client's link for phones and browsers on the network: the same address and port, over HTTPS. */
    public String webLink() {
        RelayAddress lan = lanAddress();
        return "https://" + (lan.host().contains(":") ? "[" + lan.host() + "]" : lan.host()) + ":" + lan.port() + "/";
    }

    /** The first address it is announced on (see {@link LanAddresses}), else this computer's name. */
    private static String lanHost() {
        List<InetAddress> lan = LanAddresses.lan();
        if (!lan.isEmpty()) {
            return lan.get(0).getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.debug("no LAN address found: {}", e.getMessage());
            return "127.0.0.1";
        }
    }

    @Override
    public void close() {
        relay.close();
    }
}
