package dev.parley.relay.web.browser;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness itself, on a bare page of its own (plain HTTP on 127.0.0.1 is a secure context too): the fake
 * microphone delivers the WAV it was given, a blocked microphone is refused, audio runs without a gesture, and the
 * phone option gives a small touch screen whose touches reach the page as pointer events. When a page test fails,
 * this one says whether the browser or the page is to blame.
 */
class HarnessBrowserTest {
    private static final String PAGE = """
            <!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>harness</title></head><body>
            <button id="big" style="position:absolute;left:40px;top:200px;width:200px;height:120px">hold</button>
            <script>
              window.pointerEvents = [];
              const big = document.getElementById('big');
              for (const type of ['pointerdown', 'pointerup']) {
                big.addEventListener(type, e => window.pointerEvents.push(type + ':' + e.pointerType));
              }
            </script></body></html>""";

    /** Records {@code arguments[0]} ms from the microphone through an AudioWorklet, at the context's rate. */
    private static final String RECORD = """
            const ms = arguments[0], done = arguments[arguments.length - 1];
            (async () => {
              const stream = await navigator.mediaDevices.getUserMedia(
                  {audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
              const ctx = new AudioContext();
              const tap = `registerProcessor('tap', class extends AudioWorkletProcessor {
                  process(inputs) { const c = inputs[0][0]; if (c) this.port.postMessage(c.slice(0)); return true; } });`;
              await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([tap], {type: 'text/javascript'})));
              const node = new AudioWorkletNode(ctx, 'tap');
              const chunks = [];
              node.port.onmessage = e => chunks.push(e.data);
              ctx.createMediaStreamSource(stream).connect(node);
              const mute = ctx.createGain();
              mute.gain.value = 0;
              node.connect(mute).connect(ctx.destination);
              await new Promise(r => setTimeout(r, ms));
              stream.getTracks().forEach(t => t.stop());
              const n = chunks.reduce((a, c) => a + c.length, 0);
              const pcm = new Int16Array(n);
              let o = 0;
              for (const c of chunks) for (const v of c) pcm[o++] = Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
              const bytes = new Uint8Array(pcm.buffer);
              let s = '';
              for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
              done({rate: ctx.sampleRate, state: ctx.state, secure: window.isSecureContext, pcm: btoa(s)});
            })().catch(e => done({error: e.name + ': ' + e.message}));
            """;

    @TempDir
    static Path dir;
    private static HttpServer site;
    private static short[] voice;
    private static Path wav;

    @BeforeAll
    static void serve() throws IOException {
        voice = SpeechLikeSignal.samples(6, 1);
        wav = SpeechLikeSignal.writeWav(dir.resolve("voice.wav"), voice);
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stop() {
        site.stop(0);
    }

    private static URI page() {
        return URI.create("http://127.0.0.1:" + site.getAddress().getPort() + "/");
    }

    @Test
    void theFakeMicrophonePlaysTheWavItWasGiven() {
        try (Browser browser = Browser.start(BrowserOptions.desktop(wav))) {
            browser.open(page());
            Map<String, Object> r = browser.jsAsync(RECORD, 2000);
            assertThat(r).as(browser.log().toString()).doesNotContainKey("error");
            assertThat(r.get("secure")).isEqualTo(true);
            assertThat(r.get("state")).as("an AudioContext runs without a gesture").isEqualTo("running");
            int rate = ((Number) r.get("rate")).intValue();
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode((String) r.get("pcm"))).order(ByteOrder.LITTLE_ENDIAN);
            short[] recorded = new short[bytes.remaining() / 2];
            bytes.asShortBuffer().get(recorded);
            assertThat(recorded.length).as("samples in 2 s at %d Hz", rate).isGreaterThan(rate);
            PcmMatch.Result match = PcmMatch.compare(voice, SpeechLikeSignal.SAMPLE_RATE, recorded, rate, 0.25);
            System.out.printf("fake microphone at %d Hz against its WAV: %s%n", rate, match);
            assertThat(match.median()).as(match.toString()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void aDeniedMicrophoneIsRefusedWithoutAPrompt() {
        try (Browser browser = Browser.start(BrowserOptions.desktop(wav).microphoneDenied())) {
            browser.open(page());
            Map<String, Object> r = browser.jsAsync(RECORD, 100);
            assertThat(r.get("error")).asString().startsWith("NotAllowedError");
        }
    }

    @Test
    void thePhoneIsASmallTouchScreenWhoseTouchesArePointerEvents() {
        try (Browser browser = Browser.start(BrowserOptions.desktop(wav).onPhone())) {
            browser.open(page());
            Map<String, Object> screen = browser.js("""
                    return {width: innerWidth, height: innerHeight, touchPoints: navigator.maxTouchPoints,
                            coarse: matchMedia('(pointer: coarse)').matches, mobile: navigator.userAgentData
                                ? navigator.userAgentData.mobile : /Mobile/.test(navigator.userAgent)};""");
            System.out.println("phone screen: " + screen);
            assertThat(((Number) screen.get("width")).intValue()).isEqualTo(360);
            assertThat(((Number) screen.get("touchPoints")).intValue()).isPositive();
            Touch touch = new Touch(browser);
            touch.start(browser.find("#big"));
            touch.end();
            List<String> events = browser.js("return window.pointerEvents");
            assertThat(events).containsExactly("pointerdown:touch", "pointerup:touch");
        }
    }
}
