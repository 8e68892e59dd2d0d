package dev.parley.client.ui.common;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;

import java.util.Map;

/** QR codes as images (ZXing draws the modules; this only paints them), dark on white whatever the theme. */
public final class QrImages {
    private static final int QUIET_ZONE = 4;
    private static final int DARK = 0xFF000000;
    private static final int LIGHT = 0xFFFFFFFF;

    private QrImages() {
    }

    /** A QR code of {@code text} with {@code pixelsPerModule} pixels a side for each module and a quiet zone. */
    public static Image of(String text, int pixelsPerModule) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot make a QR code of " + text.length() + " characters", e);
        }
        WritableImage image = new WritableImage(m.getWidth() * pixelsPerModule, m.getHeight() * pixelsPerModule);
        PixelWriter w = image.getPixelWriter();
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                w.setArgb(x, y, m.get(x / pixelsPerModule, y / pixelsPerModule) ? DARK : LIGHT);
            }
        }
        return image;
    }
}
