package dev.parley.client.audio;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test mixer with one kind of data line, seen by {@link AudioSystem} through {@link VirtualMixerProvider}. The
 * subclasses keep their switches in static fields, because {@code AudioSystem} may create a new provider for each
 * lookup (JDK 17 does) and the mixer must be the same object every time.
 */
abstract class VirtualMixer implements Mixer {
    /** {@link Mixer.Info}'s constructor is protected. */
    static final class VirtualInfo extends Mixer.Info {
        VirtualInfo(String name, String description) {
            super(name, "Parley tests", description, "1.0");
        }
    }

    private final Mixer.Info info;
    private final boolean source;
    /** Every line this mixer handed out since the last reset, open or closed. */
    private final List<VirtualLine> lines = new CopyOnWriteArrayList<>();
    private boolean open;

    VirtualMixer(Mixer.Info info, boolean source) {
        this.info = info;
        this.source = source;
    }

    /** The line this mixer offers now (formats follow the test's switches). */
    abstract DataLine.Info lineInfo();

    abstract VirtualLine newLine(DataLine.Info info);

    /** Whether opening a line fails as if another program held the device. */
    abstract boolean busy();

    List<VirtualLine> lines() {
        return lines;
    }

    /** Closes every line (as an unplugged device would) and forgets them. */
    void closeAll() {
        for (VirtualLine line : lines) {
            line.close();
        }
        lines.clear();
    }

    @Override
    public Mixer.Info getMixerInfo() {
        return info;
    }

    @Override
    public Line.Info[] getSourceLineInfo() {
        return source ? new Line.Info[] {lineInfo()} : new Line.Info[0];
    }

    @Override
    public Line.Info[] getTargetLineInfo() {
        return source ? new Line.Info[0] : new Line.Info[] {lineInfo()};
    }

    @Override
    public Line.Info[] getSourceLineInfo(Line.Info requested) {
        return source && isLineSupported(requested) ? new Line.Info[] {lineInfo()} : new Line.Info[0];
    }

    @Override
    public Line.Info[] getTargetLineInfo(Line.Info requested) {
        return !source && isLineSupported(requested) ? new Line.Info[] {lineInfo()} : new Line.Info[0];
    }

    @Override
    public boolean isLineSupported(Line.Info requested) {
        return requested.matches(lineInfo());
    }

    @Override
    public Line getLine(Line.Info requested) throws LineUnavailableException {
        if (!isLineSupported(requested)) {
            throw new IllegalArgumentException(info.getName() + " has no line matching " + requested);
        }
        VirtualLine line = newLine(lineInfo());
        lines.add(line);
        return line;
    }

    @Override
    public int getMaxLines(Line.Info requested) {
        return isLineSupported(requested) ? AudioSystem.NOT_SPECIFIED : 0;
    }

    @Override
    public Line[] getSourceLines() {
        return source ? openLines() : new Line[0];
    }

    @Override
    public Line[] getTargetLines() {
        return source ? new Line[0] : openLines();
    }

    private Line[] openLines() {
        List<Line> open = new ArrayList<>();
        for (VirtualLine line : lines) {
            if (line.isOpen()) {
                open.add(line);
            }
        }
        return open.toArray(new Line[0]);
    }

    @Override
    public void synchronize(Line[] lines, boolean maintainSync) {
        throw new IllegalArgumentException("synchronization is not supported");
    }

    @Override
    public void unsynchronize(Line[] lines) {
        throw new IllegalArgumentException("synchronization is not supported");
    }

    @Override
    public boolean isSynchronizationSupported(Line[] lines, boolean maintainSync) {
        return false;
    }

    @Override
    public Line.Info getLineInfo() {
        return new Line.Info(Mixer.class);
    }

    @Override
    public synchronized void open() {
        open = true;
    }

    @Override
    public synchronized void close() {
        open = false;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public Control[] getControls() {
        return new Control[0];
    }

    @Override
    public boolean isControlSupported(Control.Type control) {
        return false;
    }

    @Override
    public Control getControl(Control.Type control) {
        throw new IllegalArgumentException("no controls");
    }

    @Override
    public void addLineListener(LineListener listener) {
        // no events from the mixer itself
    }

    @Override
    public void removeLineListener(LineListener listener) {
        // no events from the mixer itself
    }
}
