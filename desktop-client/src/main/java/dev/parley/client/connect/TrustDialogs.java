package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.Messages;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.function.Consumer;

/**
 * Trust on first use. An unknown certificate: its fingerprint in groups, Trust or Cancel, and for a relay found on
 * the local network whether it is the fingerprint the relay announced there (a clear warning and Cancel as the
 * default when it is not). A changed certificate: both
 * fingerprints, a warning, and the choice of trusting the new one or disconnecting. Non-blocking: the
 * answer comes through a callback.
 */
public final class TrustDialogs {
    private final Messages messages;

    public TrustDialogs(Messages messages) {
        this.messages = messages;
    }

    /**
     * Asks whether to trust a relay seen for the first time; {@code answer} gets true for Trust.
     *
     * @param announced the relay as found on the local network at this address, or {@code null}
     */
    public void askFirstUse(Window owner, TrustProblem problem, FoundRelay announced, Consumer<Boolean> answer) {
        ButtonType trust = new ButtonType(messages.get("trust.trust"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("trust.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", trust, cancel);
        alert.initOwner(owner);
        alert.setTitle(messages.get("trust.title"));
        alert.setHeaderText(messages.format("trust.header", problem.address().toString()));
        Label fingerprint = new Label(Fingerprints.grouped(problem.seen()));
        fingerprint.setId("trustFingerprint");
        fingerprint.getStyleClass().add("fingerprint");
        Label explain = new Label(messages.get("trust.explain"));
        explain.setWrapText(true);
        explain.setMaxWidth(460);
        VBox content = new VBox(10, explain, fingerprint);
        if (announced != null) {
            boolean matches = announced.fingerprint().equals(problem.seen());
            Label check = new Label(messages.format(matches ? "trust.announced.match" : "trust.announced.mismatch",
                    announced.name()));
            check.setId("trustAnnounced");
            check.getStyleClass().add(matches ? "trust-match" : "trust-mismatch");
            check.setWrapText(true);
            check.setMaxWidth(460);
            content.getChildren().add(check);
            if (!matches) {
                Label other = new Label(Fingerprints.grouped(announced.fingerprint()));
                other.setId("trustAnnouncedFingerprint");
                other.getStyleClass().add("fingerprint");
                content.getChildren().addAll(new Label(messages.get("trust.announced.fingerprint")), other);
                ((Button) alert.getDialogPane().lookupButton(trust)).setDefaultButton(false);
                ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
            }
        }
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId("trustDialog");
        alert.setOnHidden(e -> answer.accept(alert.getResult() == trust));
        alert.show();
    }

    /**
     * Tells that a relay's certificate changed, with the fingerprint trusted before and the one presented now, and
     * offers "Trust the new certificate" (with a warning that this is how an impersonator would look too) or
     * "Disconnect", the default. {@code answer} gets true for trusting the new certificate.
     */
    public void askChanged(Window owner, TrustProblem problem, Consumer<Boolean> answer) {
        ButtonType trust = new ButtonType(messages.get("trust.changed.trust"), ButtonBar.ButtonData.OTHER);
        ButtonType disconnect = new ButtonType(messages.get("trust.changed.disconnect"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", trust, disconnect);
        alert.initOwner(owner);
        alert.setTitle(messages.get("trust.changed.title"));
        alert.setHeaderText(messages.format("trust.changed.header", problem.address().toString()));
        Label explain = wrapped(messages.get("trust.changed.explain"));
        explain.setId("trustChangedText");
        Label before = fingerprint(problem.trustedBefore(), "trustOldFingerprint");
        Label now = fingerprint(problem.seen(), "trustNewFingerprint");
        Label warning = wrapped(messages.get("trust.changed.warning"));
        warning.getStyleClass().add("trust-mismatch");
        VBox content = new VBox(8, explain, new Label(messages.get("trust.changed.before")), before,
                new Label(messages.get("trust.changed.now")), now, warning);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId("trustChangedDialog");
        Button trustButton = (Button) alert.getDialogPane().lookupButton(trust);
        trustButton.setId("trustNewButton");
        trustButton.getStyleClass().add("danger");
        trustButton.setDefaultButton(false);
        Button disconnectButton = (Button) alert.getDialogPane().lookupButton(disconnect);
        disconnectButton.setId("disconnectButton");
        disconnectButton.setDefaultButton(true);
        alert.setOnHidden(e -> answer.accept(alert.getResult() == trust));
        alert.show();
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(480);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label fingerprint(String fingerprint, String id) {
        Label l = new Label(Fingerprints.grouped(fingerprint));
        l.setId(id);
        l.getStyleClass().add("fingerprint");
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
