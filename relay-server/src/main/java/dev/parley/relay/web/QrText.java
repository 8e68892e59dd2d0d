package dev.parley.relay.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/**
 * A QR code of a link, drawn with Unicode half blocks so a phone can scan it from a terminal: two rows of modules per
 * line of text. Light modules are drawn, dark ones left blank, which reads right on the dark background most
 * terminals have (phone cameras also read the inverse).
 */
public final class QrText {
    private static final int QUIET_ZONE = 2;

    private QrText() {
    }

    /** The modules of a QR code of {@code text} (medium error correction), with a quiet zone, dark = true. */
    public static BitMatrix matrix(String text, int quietZone) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.MARGIN, quietZone,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + text.length() + " characters", e);
        }
    }

    /** The code as lines of text, each ending in a line break. */
    public static String render(String text) {
        BitMatrix m = matrix(text, QUIET_ZONE);
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean topLight = !m.get(x, y);
                boolean bottomLight = y + 1 >= m.getHeight() || !m.get(x, y + 1);
                out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
