package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.Messages;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.function.Consumer;

/**
 * Trust on first use. An unknown certificate: its fingerprint in groups, Trust or Cancel, and for a relay found on
 * the local network whether it is the fingerprint the relay announced there (a clear warning and Cancel as the
 * default when it is not). A changed certificate: refused, with what changed and how to reset. Non-blocking: the
 * answer comes through a callback.
 */
public final class TrustDialogs {
    private final Messages messages;
    private final KnownHosts knownHosts;

    public TrustDialogs(Messages messages, KnownHosts knownHosts) {
        this.messages = messages;
        this.knownHosts = knownHosts;
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

    /** Tells that a relay's certificate changed and was refused; {@code done} runs when closed. */
    public void refuseChanged(Window owner, TrustProblem problem, Runnable done) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        alert.initOwner(owner);
        alert.setTitle(messages.get("trust.changed.title"));
        alert.setHeaderText(messages.format("trust.changed.header", problem.address().toString()));
        Label text = new Label(changedText(problem));
        text.setWrapText(true);
        text.setMaxWidth(480);
        text.setId("trustChangedText");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("trustChangedDialog");
        alert.setOnHidden(e -> done.run());
        alert.show();
    }

    /** What changed and how to reset, as one text. */
    public String changedText(TrustProblem problem) {
        return messages.format("trust.changed.text", Fingerprints.grouped(problem.trustedBefore()),
                Fingerprints.grouped(problem.seen()), problem.address().key(), knownHosts.file().toString());
    }
}
