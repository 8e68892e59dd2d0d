package dev.parley.client.chat;

/** Short previews of messages for notifications: at most two lines and a bounded number of characters. */
public final class Previews {
    private Previews() {
    }

    /**
     * The first {@code maxLines} non-blank lines of {@code text}, each trimmed, cut with "…" once more than
     * {@code maxChars} characters (code points) in all.
     */
    public static String of(String text, int maxLines, int maxChars) {
        if (text == null) {
            return "";
        }
        String[] lines = text.strip().split("\\R+");
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String line : lines) {
            String l = line.strip().replaceAll("\\s+", " ");
            if (l.isEmpty()) {
                continue;
            }
            if (shown == maxLines) {
                return out + "…";
            }
            if (shown > 0) {
                out.append('\n');
            }
            out.append(l);
            shown++;
        }
        String all = out.toString();
        if (all.codePointCount(0, all.length()) > maxChars) {
            int end = all.offsetByCodePoints(0, maxChars);
            return all.substring(0, end).stripTrailing() + "…";
        }
        return all;
    }
}
