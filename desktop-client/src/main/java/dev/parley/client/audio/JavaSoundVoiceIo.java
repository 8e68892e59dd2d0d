package dev.parley.client.audio;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@link VoiceIo} on Java Sound ({@code javax.sound.sampled}).
 *
 * <p>Recording opens a {@link TargetDataLine} at 16 kHz mono 16-bit little-endian; a device that refuses gets other
 * common formats (48/44.1 kHz, stereo, big-endian; see {@link Formats}) and its sound is converted to 16 kHz mono
 * ({@link PcmConverter}). Clips are always 16 kHz mono WAV. Playback opens a {@link SourceDataLine} in the clip's own
 * format, or converts the clip to a format the speaker takes. A live stream ({@link #openStream}) gets a line with a
 * short buffer, converted the same way. Details in {@link Recorder}, {@link Player} and {@link LiveLine}.
 *
 * <p>Devices are mixers chosen by name; empty or {@code null} is the system default, and a named device that is not
 * present falls back to the default ({@link Devices}). The names are read each time a recording or playback starts,
 * so {@link #following} sees a change in settings at once.
 *
 * <p>Threads: {@link #record}, {@link #play} and {@link #openStream} open the line on the caller's thread (so a
 * missing or busy device is a {@link VoiceUnavailableException} right away, never a half-started capture) and
 * return at once; the sound itself moves on the daemon threads {@code parley-recorder} and {@code parley-player},
 * which also deliver the events, and a live stream on the thread that writes to it.
 */
public final class JavaSoundVoiceIo implements VoiceIo {
    private static final Logger log = LoggerFactory.getLogger(JavaSoundVoiceIo.class);
    /** Line buffers: long enough to ride out a busy moment, short enough that pause and stop feel immediate. */
    private static final int RECORD_BUFFER_MILLIS = 200;
    private static final int PLAY_BUFFER_MILLIS = 200;

    private final Supplier<String> input;
    private final Supplier<String> output;
    private final BooleanSupplier soundServer;
    /** What goes wrong, said in the app's language. */
    private final SoundTexts texts;

    /**
     * @param inputName  the microphone's mixer name; empty or {@code null} for the system default
     * @param outputName the speaker's mixer name; empty or {@code null} for the system default
     */
    public JavaSoundVoiceIo(String inputName, String outputName) {
        this(() -> inputName, () -> outputName, JavaSoundVoiceIo::soundServerRunning, SoundTexts.ENGLISH);
    }

    /** @param soundServer whether a sound server (PulseAudio, PipeWire) hides the devices behind ALSA's default */
    JavaSoundVoiceIo(Supplier<String> input, Supplier<String> output, BooleanSupplier soundServer, SoundTexts texts) {
        this.texts = texts;
        this.input = input;
        this.output = output;
        this.soundServer = soundServer;
    }

    private static boolean soundServerRunning() {
        return DeviceNames.soundServerRunning(System.getProperty("os.name", ""), System.getenv(), Files::exists);
    }

    /** As {@link #following(Supplier, Supplier, Messages)}, saying what goes wrong in English. */
    public static VoiceIo following(Supplier<String> input, Supplier<String> output) {
        return following(input, output, SoundTexts.ENGLISH);
    }

    /**
     * Sound on the devices named by {@code input} and {@code output}, asked again at each recording and playback (for
     * example the settings' properties, so a new choice needs no restart), saying what goes wrong in
     * {@code language}. If Java Sound itself cannot start, a {@link NoVoiceIo} that says so.
     */
    public static VoiceIo following(Supplier<String> input, Supplier<String> output, Messages language) {
        return following(input, output, new SoundTexts(language));
    }

    private static VoiceIo following(Supplier<String> input, Supplier<String> output, SoundTexts texts) {
        try {
            AudioSystem.getMixerInfo();
        } catch (RuntimeException | LinkageError e) {
            log.warn("Java Sound is not available", e);
            return new NoVoiceIo(texts.get(SoundTexts.NO_SOUND_SYSTEM));
        }
        return new JavaSoundVoiceIo(input, output, JavaSoundVoiceIo::soundServerRunning, texts);
    }

    @Override
    public boolean hasInput() {
        return !Devices.names(TargetDataLine.class).isEmpty();
    }

    @Override
    public boolean hasOutput() {
        return !Devices.names(SourceDataLine.class).isEmpty();
    }

    /** The microphones, without the system default's other names (the settings offer "System default" itself). */
    @Override
    public List<String> inputNames() {
        return listed(TargetDataLine.class);
    }

    @Override
    public List<String> outputNames() {
        return listed(SourceDataLine.class);
    }

    private static List<String> listed(Class<? extends DataLine> kind) {
        return Devices.names(kind).stream().filter(n -> !DeviceNames.isDefaultAlias(n)).toList();
    }

    /** An ALSA device's description rather than its card number; with the mixer name where two would look alike. */
    @Override
    public String label(String name) {
        Map<String, String> labels = new LinkedHashMap<>(); // mixer name -> label, microphones and speakers
        for (Class<? extends DataLine> kind : List.of(TargetDataLine.class, SourceDataLine.class)) {
            for (Mixer.Info info : Devices.infos(kind)) {
                labels.putIfAbsent(info.getName(), DeviceNames.label(info));
            }
        }
        String mine = labels.get(name);
        if (mine == null) {
            return name;
        }
        long alike = labels.values().stream().filter(mine::equals).count();
        return alike > 1 && !mine.equals(name) ? mine + " (" + name + ")" : mine;
    }

    @Override
    public String devicesNote() {
        return soundServer.getAsBoolean() ? texts.get(SoundTexts.SOUND_SERVER) : "";
    }

    @Override
    public Capture record(long maxMillis, CaptureEvents events) throws VoiceUnavailableException {
        if (maxMillis <= 0) {
            throw new IllegalArgumentException("maxMillis must be positive: " + maxMillis);
        }
        Devices.Opened<TargetDataLine> opened = Devices.open(TargetDataLine.class, input.get(), Formats.forRecording(),
                RECORD_BUFFER_MILLIS, Devices.Texts.INPUT, texts);
        Recorder recorder = new Recorder(opened, maxMillis, events);
        try {
            recorder.start();
        } catch (RuntimeException e) {
            opened.line().close();
            throw new VoiceUnavailableException(texts.get(SoundTexts.MICROPHONE_REFUSED), e);
        }
        log.debug("recording from {} in {}", opened.line().getLineInfo(), opened.format());
        return recorder;
    }

    @Override
    public Playback play(byte[] wav, double speed, PlaybackEvents events) throws VoiceUnavailableException {
        WavInfo info;
        try {
            info = Wav.inspect(ByteBuffer.wrap(wav));
        } catch (ProtocolException e) {
            throw new VoiceUnavailableException(texts.get(SoundTexts.BAD_CLIP), e);
        }
        Devices.Opened<SourceDataLine> opened = Devices.open(SourceDataLine.class, output.get(),
                Formats.forPlaying(info.sampleRate(), info.channels()), PLAY_BUFFER_MILLIS, Devices.Texts.OUTPUT, texts);
        byte[] pcm = Arrays.copyOfRange(wav, info.dataOffset(), info.dataOffset() + info.dataLength());
        Player player = new Player(opened, pcm, info.sampleRate(), info.channels(), info.durationMs(), speed, events);
        try {
            player.start();
        } catch (RuntimeException e) {
            opened.line().close();
            throw new VoiceUnavailableException(texts.get(SoundTexts.SPEAKER_REFUSED), e);
        }
        log.debug("playing {} ms at {}x on {} in {}", info.durationMs(), speed, opened.line().getLineInfo(), opened.format());
        return player;
    }

    /**
     * Opens the chosen speaker for a live stream, with a buffer of {@link LiveLine#BUFFER_MILLIS} (live: what sits
     * in the buffer is delay). The line starts playing once the first {@link LiveLine#CUSHION_MILLIS} are written.
     */
    @Override
    public Stream openStream(int sampleRate, int channels) throws VoiceUnavailableException {
        if (sampleRate <= 0 || channels < 1 || channels > 2) {
            log.info("a live stream of {} Hz, {} channels cannot be played", sampleRate, channels);
            throw new VoiceUnavailableException(texts.get(SoundTexts.SPEAKER_REFUSED), null);
        }
        Devices.Opened<SourceDataLine> opened = Devices.open(SourceDataLine.class, output.get(),
                Formats.forPlaying(sampleRate, channels), LiveLine.BUFFER_MILLIS, Devices.Texts.OUTPUT, texts);
        try {
            LiveLine stream = new LiveLine(opened, sampleRate, channels);
            log.debug("live stream of {} Hz, {} channels on {} in {}", sampleRate, channels,
                    opened.line().getLineInfo(), opened.format());
            return stream;
        } catch (RuntimeException e) {
            opened.line().close();
            throw new VoiceUnavailableException(texts.get(SoundTexts.SPEAKER_REFUSED), e);
        }
    }
}
