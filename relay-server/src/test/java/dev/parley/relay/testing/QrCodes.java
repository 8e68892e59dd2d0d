package dev.parley.relay.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import java.util.List;
import java.util.Map;

/** Reads back a QR code drawn as text with half blocks (light modules drawn, dark ones blank), as a scanner would. */
public final class QrCodes {
    private static final int SCALE = 4;

    private QrCodes() {
    }

    /** The text the code holds; fails if a QR reader cannot decode it. */
    public static String decode(List<String> lines) {
        int width = lines.get(0).length();
        int height = lines.size() * 2;
        int[] pixels = new int[width * SCALE * height * SCALE];
        for (int row = 0; row < lines.size(); row++) {
            for (int x = 0; x < width; x++) {
                char c = lines.get(row).charAt(x);
                boolean topLight = c == '█' || c == '▀';
                boolean bottomLight = c == '█' || c == '▄';
                paint(pixels, width * SCALE, x, row * 2, topLight);
                paint(pixels, width * SCALE, x, row * 2 + 1, bottomLight);
            }
        }
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                            new RGBLuminanceSource(width * SCALE, height * SCALE, pixels))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new AssertionError("the QR code does not decode: " + e, e);
        }
    }

    private static void paint(int[] pixels, int stride, int mx, int my, boolean light) {
        int rgb = light ? 0xFFFFFF : 0x000000;
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                pixels[(my * SCALE + dy) * stride + mx * SCALE + dx] = rgb;
            }
        }
    }
}
