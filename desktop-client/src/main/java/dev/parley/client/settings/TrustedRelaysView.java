package dev.parley.client.settings;

import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.ui.common.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Map;

/**
 * The relays whose certificates are remembered, each with "Forget": the next connection to a forgotten relay asks
 * again, as the first time. Replaces editing {@code known-relays.properties} by hand.
 */
public final class TrustedRelaysView {
    private final KnownHosts knownHosts;
    private final Messages messages;
    private final VBox root = new VBox(6);

    public TrustedRelaysView(KnownHosts knownHosts, Messages messages) {
        this.knownHosts = knownHosts;
        this.messages = messages;
        root.setId("trustedRelays");
        refresh();
    }

    public VBox root() {
        return root;
    }

    private void refresh() {
        root.getChildren().clear();
        Map<String, String> entries = knownHosts.entries();
        if (entries.isEmpty()) {
            Label none = new Label(messages.get("settings.trusted.none"));
            none.getStyleClass().add("hint");
            root.getChildren().add(none);
            return;
        }
        entries.forEach((relay, fingerprint) -> {
            Label name = new Label(relay);
            name.getStyleClass().add("found-relay-name");
            Label fp = new Label(Fingerprints.grouped(fingerprint));
            fp.getStyleClass().addAll("fingerprint", "meta");
            fp.setMinHeight(Region.USE_PREF_SIZE);
            Button forget = new Button(messages.get("settings.trusted.forget"));
            forget.setId("forget-" + relay.replaceAll("[^A-Za-z0-9]", "-"));
            forget.getStyleClass().add("small");
            forget.setOnAction(e -> {
                knownHosts.forget(relay);
                refresh();
            });
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            HBox top = new HBox(8, name, grow, forget);
            top.setAlignment(Pos.CENTER_LEFT);
            root.getChildren().add(new VBox(2, top, fp));
        });
    }
}
