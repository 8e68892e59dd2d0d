import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Draws the Parley icon (a speech bubble with a microphone) and writes it in the three formats jpackage takes:
 * {@code parley.png} (256 px, Linux), {@code parley.ico} (16 to 256 px, Windows) and {@code parley.icns}
 * (16 to 1024 px, macOS). Every size is drawn from the shapes, not scaled from a bitmap.
 * <p>
 * Run from the repository root with {@code java packaging/icons/MakeIcons.java packaging/icons}; the output is
 * the same on every run, so the committed files change only when this drawing does.
 */
public final class MakeIcons {
    /** The drawing is laid out on a 256-unit square and scaled to each size. */
    private static final double UNITS = 256;
    private static final Color BUBBLE_TOP = new Color(0x4C, 0x9A, 0xF5);
    private static final Color BUBBLE_BOTTOM = new Color(0x2F, 0x55, 0xD4);
    private static final Color MICROPHONE = Color.WHITE;

    private MakeIcons() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        Files.write(dir.resolve("parley.png"), png(draw(256)));
        Files.write(dir.resolve("parley.ico"), ico(List.of(16, 24, 32, 48, 64, 128, 256)));
        Files.write(dir.resolve("parley.icns"), icns());
    }

    /** The icon at {@code size} pixels square, transparent around the bubble. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / UNITS, size / UNITS);

            g.setPaint(new GradientPaint(0, 24, BUBBLE_TOP, 0, 236, BUBBLE_BOTTOM));
            g.fill(bubble());

            g.setColor(MICROPHONE);
            g.fill(new RoundRectangle2D.Double(104, 50, 48, 88, 48, 48));
            g.setStroke(new BasicStroke(13, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D holder = new Path2D.Double();
            holder.moveTo(84, 104);
            holder.curveTo(84, 132, 104, 152, 128, 152);
            holder.curveTo(152, 152, 172, 132, 172, 104);
            g.draw(holder);
            g.draw(new Line2D.Double(128, 152, 128, 174));
            g.draw(new Line2D.Double(106, 176, 150, 176));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A rounded box with a tail at its lower left. */
    private static Area bubble() {
        Area area = new Area(new RoundRectangle2D.Double(16, 20, 224, 184, 88, 88));
        Path2D tail = new Path2D.Double();
        tail.moveTo(58, 180);
        tail.curveTo(60, 206, 50, 226, 30, 240);
        tail.curveTo(68, 240, 102, 226, 124, 196);
        tail.closePath();
        area.add(new Area(tail));
        return area;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A Windows icon: 32-bit bitmaps below 256 px (read everywhere), a PNG at 256 px (Vista and later). */
    static byte[] ico(List<Integer> sizes) {
        List<byte[]> images = new ArrayList<>();
        for (int size : sizes) {
            BufferedImage image = draw(size);
            images.add(size >= 256 ? png(image) : dib(image));
        }
        int offset = 6 + 16 * sizes.size();
        ByteBuffer header = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) 1).putShort((short) sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            header.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            header.put((byte) 0).put((byte) 0);
            header.putShort((short) 1).putShort((short) 32);
            header.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        images.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** An icon entry as a device-independent bitmap: BGRA rows bottom-up, then an all-clear 1-bit mask. */
    private static byte[] dib(BufferedImage image) {
        int size = image.getWidth();
        int maskRow = (size + 31) / 32 * 4;
        ByteBuffer dib = ByteBuffer.allocate(40 + size * size * 4 + maskRow * size).order(ByteOrder.LITTLE_ENDIAN);
        dib.putInt(40).putInt(size).putInt(size * 2).putShort((short) 1).putShort((short) 32);
        dib.putInt(0).putInt(size * size * 4).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int y = size - 1; y >= 0; y--) {
            for (int x = 0; x < size; x++) {
                dib.putInt(image.getRGB(x, y));
            }
        }
        return dib.array();
    }

    /** A macOS icon: PNG entries, which every macOS since 10.7 reads. */
    static byte[] icns() {
        String[][] entries = {
                {"icp4", "16"}, {"icp5", "32"}, {"icp6", "64"}, {"ic07", "128"},
                {"ic08", "256"}, {"ic09", "512"}, {"ic10", "1024"},
                {"ic11", "32"}, {"ic12", "64"}, {"ic13", "256"}, {"ic14", "512"},
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] entry : entries) {
            byte[] png = png(draw(Integer.parseInt(entry[1])));
            body.writeBytes(ByteBuffer.allocate(8).put(entry[0].getBytes(US_ASCII))
                    .putInt(8 + png.length).array());
            body.writeBytes(png);
        }
        ByteBuffer header = ByteBuffer.allocate(8)
                .put("icns".getBytes(US_ASCII))
                .putInt(8 + body.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
