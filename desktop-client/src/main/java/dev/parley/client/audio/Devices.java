package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo.VoiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds mixers and opens lines on them through {@link AudioSystem}.
 *
 * <p>A device is chosen by mixer name; an empty or {@code null} name means the system default. A named device that is
 * not present (unplugged since it was chosen) falls back to the system default, with a warning in the log: a
 * remembered choice should not leave people without sound while another device works.
 *
 * <p>Java Sound reports trouble in two ways (shared/GOTCHAS.md): {@link IllegalArgumentException} when nothing
 * supports the line or format (this is what a machine without a sound card gives), {@link LineUnavailableException}
 * when the device is there but busy. Both become a {@link VoiceUnavailableException} with a sentence for people.
 */
final class Devices {
    private static final Logger log = LoggerFactory.getLogger(Devices.class);

    /** A line opened in one of the formats asked for. */
    record Opened<L extends DataLine>(L line, AudioFormat format, SoundTexts texts) {
    }

    /** The sentences for one direction (microphone or speaker), as {@link SoundTexts} keys. */
    record Texts(String none, String busy, String refused) {
        static final Texts INPUT = new Texts(SoundTexts.NO_MICROPHONE, SoundTexts.MICROPHONE_BUSY,
                SoundTexts.MICROPHONE_REFUSED);
        static final Texts OUTPUT = new Texts(SoundTexts.NO_SPEAKER, SoundTexts.SPEAKER_BUSY,
                SoundTexts.SPEAKER_REFUSED);
    }

    private Devices() {
    }

    /** Names of the mixers that offer lines of {@code kind} ({@link TargetDataLine} or {@link SourceDataLine}). */
    static List<String> names(Class<? extends DataLine> kind) {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : infos(kind)) {
            names.add(info.getName());
        }
        return names;
    }

    /** The mixers that offer lines of {@code kind}, one per name. */
    static List<Mixer.Info> infos(Class<? extends DataLine> kind) {
        List<Mixer.Info> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Line.Info wanted = new Line.Info(kind);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            try {
                if (AudioSystem.getMixer(info).isLineSupported(wanted) && !names.contains(info.getName())) {
                    names.add(info.getName());
                    found.add(info);
                }
            } catch (IllegalArgumentException | SecurityException e) {
                log.debug("skipping mixer {}: {}", info.getName(), e.toString());
            }
        }
        return found;
    }

    /**
     * Opens a line of {@code kind} ({@link TargetDataLine} or {@link SourceDataLine}) on the named mixer (or the
     * default) in the first of {@code formats} it accepts, with a buffer of about {@code bufferMillis}. The line is
     * open, not started. A failure says which of {@code keys} in {@code texts}' language; the line opened carries
     * {@code texts} for what its user says later.
     */
    static <L extends DataLine> Opened<L> open(Class<L> kind, String name, List<AudioFormat> formats,
                                               int bufferMillis, Texts keys, SoundTexts texts)
            throws VoiceUnavailableException {
        List<String> present = names(kind);
        if (present.isEmpty()) {
            throw new VoiceUnavailableException(texts.get(keys.none()), null);
        }
        Mixer mixer = mixer(kind, name, present);
        LineUnavailableException busy = null;
        RuntimeException refused = null;
        for (AudioFormat format : formats) {
            DataLine.Info info = new DataLine.Info(kind, format);
            boolean supported = mixer != null ? mixer.isLineSupported(info) : AudioSystem.isLineSupported(info);
            if (!supported) {
                continue;
            }
            try {
                L line = kind.cast(mixer != null ? mixer.getLine(info) : AudioSystem.getLine(info));
                int bufferBytes = Math.max(1, Math.round(format.getFrameRate() * bufferMillis / 1000f))
                        * format.getFrameSize();
                if (line instanceof TargetDataLine target) {
                    target.open(format, bufferBytes);
                } else {
                    ((SourceDataLine) line).open(format, bufferBytes);
                }
                return new Opened<>(line, format, texts);
            } catch (LineUnavailableException e) {
                busy = e;
            } catch (IllegalArgumentException | IllegalStateException | SecurityException e) {
                refused = e;
            }
        }
        if (busy != null) {
            log.info("{} busy: {}", kind.getSimpleName(), busy.toString());
            throw new VoiceUnavailableException(texts.get(keys.busy()), busy);
        }
        log.info("no {} accepts any of {} formats, from {}; last refusal: {}", kind.getSimpleName(), formats.size(),
                formats.get(0), String.valueOf(refused));
        throw new VoiceUnavailableException(texts.get(keys.refused()), refused);
    }

    /** The mixer called {@code name}, or {@code null} for the system default (also when that name is gone). */
    private static Mixer mixer(Class<? extends DataLine> kind, String name, List<String> present) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (present.contains(name)) {
            Line.Info wanted = new Line.Info(kind);
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                try {
                    Mixer mixer = AudioSystem.getMixer(info);
                    if (info.getName().equals(name) && mixer.isLineSupported(wanted)) {
                        return mixer;
                    }
                } catch (IllegalArgumentException | SecurityException e) {
                    log.debug("skipping mixer {}: {}", info.getName(), e.toString());
                }
            }
        }
        log.warn("sound device \"{}\" is not present; using the system default", name);
        return null;
    }

    /** Calls a line method whose failure changes nothing (stopping a line that a driver already closed). */
    static void quietly(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.debug("line {} failed: {}", what, e.toString());
        }
    }
}
