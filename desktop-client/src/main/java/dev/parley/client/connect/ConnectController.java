package dev.parley.client.connect;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.Words;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.settings.Settings;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.Tasks;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What happens after "Connect": remember the fields, start the hosted relay if asked (announced on the local
 * network under the nick unless {@code --no-discovery}), pick the certificate pin (own relay, {@code --trust}, or
 * the remembered one), connect, and on a certificate problem ask (first use, telling whether the certificate is the
 * one the relay announced on the network) or, for a changed certificate, show both fingerprints and let the person trust the new one or
 * disconnect. On the first {@code welcome} the session is handed
 * over to the main window.
 */
public final class ConnectController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectController.class);

    /** Where the window goes: the main window once joined, the connect screen after giving up. */
    public interface Screens {
        /** The session joined its room (first {@code welcome}). */
        void joined(ChatSession session);

        /** The person chose to disconnect (for example instead of trusting a changed certificate). */
        void disconnected();
    }

    /** Makes a session for a request; the consumer receives certificate problems on the FX thread. */
    public interface SessionFactory extends BiFunction<JoinRequest, Consumer<TrustProblem>, ChatSession> {
    }

    private final ConnectViewModel vm;
    private final Settings settings;
    private final KnownHosts knownHosts;
    private final TrustDialogs dialogs;
    private final Tasks tasks;
    private final SessionFactory sessions;
    private final Messages messages;
    private final ConnectOptions options;
    private final Supplier<Window> owner;
    private final Screens screens;
    private final ReadOnlyStringWrapper hostedInfo = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hostedLink = new ReadOnlyStringWrapper("");
    private volatile HostedRelay hosted;
    private ChatSession pending;

    public ConnectController(ConnectViewModel vm, Settings settings, KnownHosts knownHosts, TrustDialogs dialogs,
                             Tasks tasks, SessionFactory sessions, Messages messages, ConnectOptions options,
                             Supplier<Window> owner, Screens screens) {
        this.vm = vm;
        this.settings = settings;
        this.knownHosts = knownHosts;
        this.dialogs = dialogs;
        this.tasks = tasks;
        this.sessions = sessions;
        this.messages = messages;
        this.options = options;
        this.owner = owner;
        this.screens = screens;
    }

    /** "Others can join at wss://…, certificate …" while hosting, else empty. */
    public ReadOnlyStringProperty hostedInfoProperty() {
        return hostedInfo.getReadOnlyProperty();
    }

    /** The hosted relay's web client link for phones and browsers, or empty when this app hosts no relay. */
    public ReadOnlyStringProperty hostedLinkProperty() {
        return hostedLink.getReadOnlyProperty();
    }

    /** The relay this app hosts, or {@code null}. */
    public HostedRelay hosted() {
        return hosted;
    }

    /** The Connect button. */
    public void submit() {
        if (vm.phase() != ConnectViewModel.Phase.IDLE || !vm.validate()) {
            return;
        }
        if (!vm.hostProperty().get()) {
            settings.relayProperty().set(vm.relayProperty().get().strip());
        }
        settings.nickProperty().set(vm.normalizedNick());
        settings.roomProperty().set(vm.normalizedRoom());
        settings.save();
        if (vm.hostProperty().get()) {
            startHostedThenJoin();
        } else {
            RelayAddress address = vm.address();
            join(new JoinRequest(address, vm.normalizedNick(), vm.normalizedRoom(), vm.passwordOrNull(), pinFor(address)),
                    vm.announced().orElse(null), vm.found().othersInCluster(address));
        }
    }

    private String pinFor(RelayAddress address) {
        if (options.trust() != null && options.relay() != null
                && RelayAddress.parse(options.relay()).map(address::equals).orElse(false)) {
            knownHosts.trust(address, options.trust());
            return options.trust();
        }
        return knownHosts.fingerprint(address).orElse(null);
    }

    private void startHostedThenJoin() {
        if (hosted != null) {
            joinHosted();
            return;
        }
        vm.hosting();
        Path dataDir = settings.dir().resolve("relay");
        String password = vm.passwordOrNull();
        String announceAs = options.discovery() ? vm.normalizedNick() : null;
        tasks.run(() -> HostedRelay.start(dataDir, options.hostPort(), password, announceAs), relay -> {
            hosted = relay;
            hostedInfo.set(messages.format("connect.hosted", relay.lanAddress().toString(), relay.fingerprint(),
                    relay.webLink()));
            hostedLink.set(relay.webLink());
            joinHosted();
        }, e -> {
            log.warn("cannot host a relay: {}", e.getMessage());
            vm.failed(messages.format("connect.error.host", e.getMessage()));
        });
    }

    private void joinHosted() {
        // own relay: trusted silently by pinning the certificate it just loaded
        join(new JoinRequest(hosted.localAddress(), vm.normalizedNick(), vm.normalizedRoom(), vm.passwordOrNull(),
                hosted.fingerprint()), null, List.of());
    }

    /**
     * @param announced the relay as found on the local network at the request's address, or {@code null}
     * @param others    the other relays of its cluster found on the network, tried in turn when it cannot be reached
     */
    private void join(JoinRequest request, FoundRelay announced, List<FoundRelay> others) {
        vm.connecting(request.address().toString());
        ChatSession session = sessions.apply(request, problem -> untrusted(request, problem, announced, others));
        pending = session;
        ChangeListener<ConnectionStatus> watch = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends ConnectionStatus> o, ConnectionStatus a,
                                ConnectionStatus s) {
                if (pending != session) {
                    o.removeListener(this);
                } else if (s.state() == ConnectionState.JOINED) {
                    o.removeListener(this);
                    pending = null;
                    rememberJoined(request);
                    vm.joined();
                    screens.joined(session);
                } else if (s.state() == ConnectionState.DISCONNECTED && s.reason() != null
                        && s.reason().kind() != ConnectionStatus.Kind.UNTRUSTED) {
                    o.removeListener(this);
                    pending = null;
                    session.close();
                    if (unreachable(s.reason()) && !others.isEmpty()) {
                        tryNext(request, others);
                    } else {
                        vm.failed(new Words(messages).reasonSentence(s.reason(), request.nick()));
                    }
                }
            }
        };
        session.model().statusProperty().addListener(watch);
        session.start();
    }

    /**
     * The relay the person asked for may not be the one that answered (a cluster's next relay): the next start offers
     * the one that did. A hosted relay is not remembered as an address.
     */
    private void rememberJoined(JoinRequest joined) {
        String address = joined.address().toString();
        if (!vm.hostProperty().get() && !address.equals(settings.relayProperty().get())) {
            settings.relayProperty().set(address);
            settings.save();
        }
    }

    private static boolean unreachable(ConnectionStatus.Reason why) {
        return why.kind() == ConnectionStatus.Kind.LOST || why.kind() == ConnectionStatus.Kind.RELAY_STOPPED;
    }

    /**
     * The relay picked from a cluster's row did not answer: the next relay of that cluster, with its own pin or trust
     * question (discovery vouches for no certificate). The address field shows which.
     */
    private void tryNext(JoinRequest failed, List<FoundRelay> others) {
        FoundRelay next = others.get(0);
        log.info("{} did not answer; trying {} of the same cluster", failed.address(), next.address());
        vm.relayProperty().set(next.address().toString());
        join(new JoinRequest(next.address(), failed.nick(), failed.room(), failed.password(), pinFor(next.address())),
                next, others.subList(1, others.size()));
    }

    private void untrusted(JoinRequest request, TrustProblem problem, FoundRelay announced, List<FoundRelay> others) {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (problem.changed()) {
            String refused = messages.format("trust.changed.short", problem.address().toString());
            vm.checkingCertificate(refused);
            dialogs.askChanged(owner.get(), problem, trusted -> {
                if (trusted) {
                    knownHosts.trust(problem.address(), problem.seen());
                    join(request.withPin(problem.seen()), announced, others);
                } else {
                    vm.failed(refused);
                    screens.disconnected();
                }
            });
            return;
        }
        vm.checkingCertificate("");
        dialogs.askFirstUse(owner.get(), problem, announced, trusted -> {
            if (trusted) {
                knownHosts.trust(problem.address(), problem.seen());
                join(request.withPin(problem.seen()), announced, others);
            } else {
                vm.failed(messages.get("trust.declined"));
            }
        });
    }

    /** Stops the hosted relay, if any (from any thread: the shutdown hook). */
    public void closeHosted() {
        HostedRelay h = hosted;
        if (h != null) {
            h.close();
        }
    }

    /** Stops an attempt in progress and the hosted relay. */
    @Override
    public void close() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        if (hosted != null) {
            hosted.close();
            hosted = null;
        }
    }
}
