package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Names;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a voice card says about its played receipts: on someone else's message "Played by alice, bob" (others than
 * me; my own play shows as the card's played state), past {@value #NAMES_SHOWN} names "Played by alice, bob and 3
 * more"; on my own "Heard by 2 of 5 here", 5 being the others in the room now together with anyone who played it
 * and has left since. Each with every name written out, for a tooltip and screen readers.
 */
final class ReceiptWords {
    /** At most this many names are written out on a card; more become "alice, bob and 3 more". */
    static final int NAMES_SHOWN = 3;

    /** The line as shown and with every name ({@code full}). */
    record Line(String text, String full) {
    }

    private final Messages messages;

    ReceiptWords(Messages messages) {
        this.messages = messages;
    }

    /**
     * The line of a voice card, or {@code null} for none (nobody else played someone else's message; nobody else is
     * here or played my own).
     *
     * @param own     whether the message is mine
     * @param players who played it, in the order the relay stored their receipts
     * @param members the room's members now (me among them or not)
     * @param me      my nick
     */
    Line line(boolean own, List<String> players, List<String> members, String me) {
        String mine = Names.nickKey(me);
        List<String> others = players.stream().filter(n -> !Names.nickKey(n).equals(mine)).toList();
        if (!own) {
            if (others.isEmpty()) {
                return null;
            }
            return new Line(messages.format("receipts.playedBy", shortList(others)),
                    messages.format("receipts.playedBy", list(others)));
        }
        Set<String> here = new LinkedHashSet<>();
        others.forEach(n -> here.add(Names.nickKey(n)));
        members.stream().map(Names::nickKey).filter(k -> !k.equals(mine)).forEach(here::add);
        if (here.isEmpty()) {
            return null;
        }
        String text = messages.format("receipts.heardBy", others.size(), here.size());
        return new Line(text, others.isEmpty() ? text
                : messages.format("receipts.heardBy.names", others.size(), here.size(), list(others)));
    }

    private String list(List<String> names) {
        return String.join(messages.get("list.separator"), names);
    }

    private String shortList(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return list(names);
        }
        return messages.format("receipts.more", list(names.subList(0, NAMES_SHOWN - 1)),
                names.size() - (NAMES_SHOWN - 1));
    }
}
