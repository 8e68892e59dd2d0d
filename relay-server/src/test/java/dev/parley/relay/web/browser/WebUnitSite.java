package dev.parley.relay.web.browser;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder a relay serves for the web client's unit tests: the production client files at their real paths (so the
 * tests import {@code /js/audio/wav.js} as the page does), the tests from {@code src/test/resources/web-unit/} under
 * {@code /web-unit/}, and {@code /web-unit/fixtures/java.json}: what the Java side of Parley makes of the same inputs
 * (WAV files from the relay's writer and from Java Sound, a voice frame, played receipts as the relay encodes them, the
 * relay's verdicts on nicks, rooms and chat texts), so the JavaScript is checked against the code it talks to, not only against itself.
 */
final class WebUnitSite {
    /** The folder under the site the tests are served from. */
    static final String UNIT_FOLDER = "web-unit";
    /** Chat text limit of the verdicts in the fixture (small, so that "too long" is cheap to reach). */
    static final int FIXTURE_MAX_TEXT_CHARS = 10;

    private WebUnitSite() {
    }

    /** Fills {@code site} (created) and returns it. */
    static Path assemble(Path site) throws IOException {
        copyTree(productionWebFolder(), site);
        Path unit = site.resolve(UNIT_FOLDER);
        copyTree(resourceFolder(UNIT_FOLDER), unit);
        Path fixtures = unit.resolve("fixtures");
        Files.createDirectories(fixtures);
        Files.writeString(fixtures.resolve("java.json"), javaFixtures(), StandardCharsets.UTF_8);
        Files.writeString(fixtures.resolve("client-files.json"), clientFiles(site), StandardCharsets.UTF_8);
        return site;
    }

    /** The {@code *.test.js} files of the unit folder (each must show up in the results). */
    static List<String> testModules(Path site) throws IOException {
        try (Stream<Path> files = Files.list(site.resolve(UNIT_FOLDER))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.js")).sorted().toList();
        }
    }

    /**
     * The client files under test: the folder named by {@value WebClientFixture#WEB_DIR_PROPERTY} (files being
     * written in another work tree), else the {@code web/} folder on the class path (this module's resources).
     */
    static Path productionWebFolder() throws IOException {
        String folder = System.getProperty(WebClientFixture.WEB_DIR_PROPERTY);
        if (folder != null && !folder.isBlank()) {
            return Path.of(folder);
        }
        return resourceFolder("web");
    }

    private static Path resourceFolder(String name) throws IOException {
        URL index = WebUnitSite.class.getResource("/" + name + "/index.html");
        if (index == null || !"file".equals(index.getProtocol())) {
            throw new IOException("no folder " + name + "/ with an index.html on the test class path (" + index + ")");
        }
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The client's own .js and .html files as served paths (the tests' folder left out), for checks over all of them. */
    private static String clientFiles(Path site) throws IOException {
        JsonArray paths = new JsonArray();
        try (Stream<Path> files = Files.walk(site)) {
            files.filter(Files::isRegularFile)
                    .map(p -> site.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(UNIT_FOLDER + "/") && (p.endsWith(".js") || p.endsWith(".html")))
                    .sorted()
                    .forEach(p -> paths.add("/" + p));
        }
        return paths.toString();
    }

    /** Samples both sides compute alike: sample i of a 16-bit array is (short) (i × step), wrapping. */
    private static short[] ramp(int n, int step) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * step);
        }
        return s;
    }

    private static String javaFixtures() throws IOException {
        JsonObject out = new JsonObject();
        // the relay's writer (live streams become clips through it), 1000 samples of 16 kHz mono, sample i = i × 997
        out.addProperty("wavWrite16kMono", base64(Wav.write(ramp(1000, 997), 16000, 1)));
        // Java Sound, as a desktop recording could be written: 500 frames of 44.1 kHz stereo, left i × 997, right i × -31
        short[] stereo = new short[1000];
        for (int i = 0; i < 500; i++) {
            stereo[2 * i] = (short) (i * 997);
            stereo[2 * i + 1] = (short) (i * -31);
        }
        out.addProperty("javaSound44kStereo", base64(javaSoundWav(stereo, 44100, 2)));
        // a voice frame as the relay builds one, with a header in more than ASCII
        String header = "{\"type\":\"voice\",\"seq\":7,\"id\":\"v-1\",\"from\":\"张伟\",\"ts\":1796304951732}";
        byte[] clip = Wav.write(ramp(4, 1000), 8000, 1);
        out.addProperty("voiceFrameHeader", header);
        out.addProperty("voiceFrame", base64(bytes(VoiceFrame.encode(header, clip))));
        // played receipts as the relay encodes them: live (no replay field) and replayed, a nick in more than ASCII
        out.addProperty("playedLive", ServerCodec.encode(new ServerMessage.Played(57, "bob", 1765090000123L, 812, false)));
        out.addProperty("playedReplay", ServerCodec.encode(new ServerMessage.Played(3, "张伟", 1765090000456L, 9, true)));
        out.add("durations", durations());
        out.add("nicks", nickVerdicts());
        out.add("rooms", roomVerdicts());
        out.add("texts", textVerdicts());
        return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(out);
    }

    private static byte[] javaSoundWav(short[] samples, int rate, int channels) throws IOException {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format,
                samples.length / channels)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav);
        }
        return wav.toByteArray();
    }

    /** [frames, sampleRate, milliseconds] as the relay computes a clip's duration. */
    private static JsonArray durations() {
        JsonArray rows = new JsonArray();
        long[][] cases = {{0, 8000}, {4, 8000}, {3, 8000}, {7, 16000}, {8, 16000}, {960, 16000}, {22050, 44100},
                {22051, 44100}, {1, 48000}, {24, 48000}, {23, 48000}, {4_800_000, 16000}, {13_230_000, 44100}};
        for (long[] c : cases) {
            JsonArray row = new JsonArray();
            row.add(c[0]);
            row.add(c[1]);
            row.add(Wav.durationMillis(c[0], (int) c[1]));
            rows.add(row);
        }
        return rows;
    }

    /** [nick, accepted] by the relay's rule (Names.nickProblem), for nicks as the web client sends them (trimmed). */
    private static JsonArray nickVerdicts() {
        List<String> nicks = List.of("alice", "Zoë", "张伟", "al ice", "a.b_c-d", "٣٤", "ǅemal", "ʰa", "alice!",
                "<b>", "a\tb", "a\u00a0b", "a\u200bb", "²", "😀", "x".repeat(32), "x".repeat(33),
                "𠀀".repeat(32), "𠀀".repeat(33), "e\u0301", "Ⅻ", "a/b", "a@b", "a\nb");
        JsonArray rows = new JsonArray();
        for (String n : nicks) {
            JsonArray row = new JsonArray();
            row.add(n);
            row.add(Names.nickProblem(n).isEmpty());
            rows.add(row);
        }
        return rows;
    }

    /** [room, accepted] by the relay's rule (Names.roomProblem), for rooms as they go on the wire. */
    private static JsonArray roomVerdicts() {
        List<String> rooms = List.of("lobby", "my-room", "a_b", "0", "Lobby", "my room", "café", "a.b", "",
                "r".repeat(64), "r".repeat(65), "-", "_", "ı");
        JsonArray rows = new JsonArray();
        for (String r : rooms) {
            JsonArray row = new JsonArray();
            row.add(r);
            row.add(Names.roomProblem(r).isEmpty());
            rows.add(row);
        }
        return rows;
    }

    /**
     * [text, verdict] for chat texts with {@value #FIXTURE_MAX_TEXT_CHARS} characters allowed: null when the relay
     * accepts the message, else the error code it answers (bad_request for text that is only white space, too_large).
     */
    private static JsonArray textVerdicts() {
        List<String> texts = List.of("hi", " hi ", "<b>hi</b>", " ", "\n\t ", "\u00a0", "\u2007", "\u202f", "\u3000",
                "\u2028", "\u1680", "\u0085", "\u001c", "\u001f", "\ufeff", "\u200b", "x".repeat(10), "x".repeat(11),
                "😀".repeat(10), "😀".repeat(11), "e\u0301".repeat(5));
        Limits limits = new Limits(FIXTURE_MAX_TEXT_CHARS, Limits.DEFAULTS.maxClipBytes(), Limits.DEFAULTS.maxClipMillis());
        JsonArray rows = new JsonArray();
        for (String text : texts) {
            JsonObject chat = new JsonObject();
            chat.addProperty("type", "chat");
            chat.addProperty("id", "c-1");
            chat.addProperty("text", text);
            JsonArray row = new JsonArray();
            row.add(text);
            try {
                ClientCodec.decode(chat.toString(), limits);
                row.add((String) null);
            } catch (ProtocolException e) {
                row.add(e.code().wire());
            }
            rows.add(row);
        }
        return rows;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
