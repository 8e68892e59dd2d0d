package dev.parley.client.chat;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;

import java.util.List;

/** Turns protocol facts (close codes, error codes, who is typing) into sentences for people. */
public final class Words {
    private final Messages messages;

    public Words(Messages messages) {
        this.messages = messages;
    }

    /** Why a connection ended, in words. */
    public String reason(ConnectionStatus.Reason reason, String nick) {
        if (reason == null) {
            return messages.get("status.reason.unknown");
        }
        String detail = reason.detail() == null ? "" : reason.detail();
        switch (reason.kind()) {
            case LEFT:
                return messages.get("status.reason.left");
            case UNTRUSTED:
                return messages.get("status.reason.untrusted");
            case RELAY_STOPPED:
                return messages.get("status.reason.relayStopped");
            case REFUSED:
                return refused(reason.closeCode(), nick, detail);
            case LOST:
            default:
                if (reason.closeCode() == CloseCodes.NICK_TAKEN) {
                    return messages.get("status.reason.previousConnection");
                }
                return detail.isBlank() ? messages.get("status.reason.lost")
                        : messages.format("status.reason.lostDetail", detail);
        }
    }

    /**
     * Why a connection ended, as a sentence on its own (capitalised): for the connect screen, where it is not the
     * end of "Disconnected: …".
     */
    public String reasonSentence(ConnectionStatus.Reason reason, String nick) {
        String r = reason(reason, nick);
        if (r.isEmpty()) {
            return r;
        }
        int first = r.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(r.substring(Character.charCount(first))).toString();
    }

    private String refused(int code, String nick, String detail) {
        if (code == CloseCodes.WRONG_PASSWORD) {
            return messages.get("status.reason.password");
        } else if (code == CloseCodes.NICK_TAKEN) {
            return messages.format("status.reason.nickTaken", nick);
        } else if (code == CloseCodes.REPLACED) {
            return messages.format("status.reason.replaced", nick);
        } else if (code == CloseCodes.TOO_MANY_ATTEMPTS) {
            return messages.get("status.reason.tooManyPasswords");
        } else if (code == CloseCodes.UNSUPPORTED_PROTOCOL) {
            return messages.get("status.reason.protocol");
        }
        return messages.format("status.reason.badHello", detail);
    }

    /** A relay error, in words. */
    public String error(ServerMessage.Error error) {
        String detail = error.message() == null ? "" : error.message();
        return messages.format("error." + error.code().wire(), detail);
    }

    /** Why the relay did not store an own message, in plain words (its own words go in a tooltip). */
    public String refusal(ServerMessage.Error error) {
        switch (error.code()) {
            case TOO_LARGE:
                return messages.get("message.refused.too_large");
            case BAD_AUDIO:
                return messages.get("message.refused.bad_audio");
            default:
                return messages.get("message.refused.other");
        }
    }

    /** Why {@code from}'s live message stopped without being stored, and whether it may still come, in plain words. */
    public String stopped(AbortReason reason, String from) {
        return messages.format("voice.stopped." + reason.wire(), from);
    }

    /** "alice is typing…", "alice and bob are typing…", "alice, bob and 2 others are typing…"; empty if none. */
    public String activity(List<String> typing, List<String> recording) {
        String rec = line(recording, "recording");
        String typ = line(typing, "typing");
        if (rec.isEmpty()) {
            return typ;
        }
        return typ.isEmpty() ? rec : rec + "  " + typ;
    }

    private String line(List<String> nicks, String what) {
        switch (nicks.size()) {
            case 0:
                return "";
            case 1:
                return messages.format("activity." + what + ".one", nicks.get(0));
            case 2:
                return messages.format("activity." + what + ".two", nicks.get(0), nicks.get(1));
            default:
                return messages.format("activity." + what + ".many", nicks.get(0), nicks.get(1), nicks.size() - 2);
        }
    }
}
