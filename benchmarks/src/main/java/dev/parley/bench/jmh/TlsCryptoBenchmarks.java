package dev.parley.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The floor under "relay CPU per delivered MB": JSSE's AES-GCM (the TLS 1.3 record cipher) encrypting one full
 * 16 KiB record, as the relay does once per receiver per record. µs per op × 64 = µs per MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TlsCryptoBenchmarks {
    @Param({"128", "256"})
    public int keyBits;

    private Cipher cipher;
    private SecretKeySpec key;
    private final byte[] iv = new byte[12];
    private long counter;
    private ByteBuffer record;
    private ByteBuffer out;

    @Setup
    public void setUp() throws GeneralSecurityException {
        byte[] k = new byte[keyBits / 8];
        new Random(3).nextBytes(k);
        key = new SecretKeySpec(k, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] plain = new byte[16 * 1024];
        new Random(4).nextBytes(plain);
        record = ByteBuffer.allocateDirect(plain.length).put(plain).flip();
        out = ByteBuffer.allocateDirect(plain.length + 64);
    }

    /** One 16 KiB TLS record's worth of AES-GCM (a fresh nonce each time, as TLS does). */
    @Benchmark
    public int encrypt16KiBRecord() throws GeneralSecurityException {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        record.rewind();
        out.clear();
        return cipher.doFinal(record, out);
    }
}
