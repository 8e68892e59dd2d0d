package dev.parley.relay.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay's TLS key and certificate: a PKCS12 keystore the operator brings, or a self-signed EC P-256
 * certificate generated on first start into the data directory (with a random keystore password beside it,
 * both readable by the owner only) and reused afterwards.
 */
public record RelayIdentity(KeyStore keyStore, char[] password, X509Certificate certificate) {
    private static final Logger log = LoggerFactory.getLogger(RelayIdentity.class);
    static final String KEYSTORE_FILE = "relay-certificate.p12";
    static final String PASSWORD_FILE = "relay-certificate.password";
    private static final String ALIAS = "parley-relay";

    /** Loads an operator's PKCS12 keystore (its first key entry). */
    public static RelayIdentity load(Path keystore, char[] password) throws IOException {
        if (!Files.isRegularFile(keystore) || !Files.isReadable(keystore)) {
            throw new IOException("keystore " + keystore + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate cert) {
                    return new RelayIdentity(onlyEntry(ks, alias, password), password, cert);
                }
            }
            throw new IOException("keystore " + keystore + " holds no private key with an X.509 certificate");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IOException("wrong password for keystore " + keystore, e);
            }
            throw new IOException("cannot read keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** Reuses the certificate generated earlier in {@code dataDir}, or generates one now. */
    public static RelayIdentity loadOrGenerate(Path dataDir) throws IOException {
        Path keystore = dataDir.resolve(KEYSTORE_FILE);
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            return load(keystore, password);
        }
        Files.createDirectories(dataDir);
        try {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            char[] password = HexFormat.of().formatHex(random).toCharArray();
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            X509Certificate cert = selfSign(pair);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[]{cert});
            writePrivate(passwordFile, new String(password).getBytes(StandardCharsets.UTF_8));
            try (OutputStream out = openPrivate(keystore)) {
                ks.store(out, password);
            }
            log.debug("generated a self-signed certificate in {}", keystore);
            return new RelayIdentity(ks, password, cert);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the relay's certificate: " + e.getMessage(), e);
        }
    }

    private static KeyStore onlyEntry(KeyStore source, String alias, char[] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, (PrivateKey) source.getKey(alias, password), password, source.getCertificateChain(alias));
        return ks;
    }

    private static X509Certificate selfSign(KeyPair pair) throws GeneralSecurityException, OperatorCreationException, IOException {
        String host = hostName();
        X500Name subject = new X500Name("CN=Parley relay on " + host.replaceAll("[,+=\"\\\\<>;]", "_") + ",O=Parley");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames(host)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static GeneralName[] alternativeNames(String host) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        if (!host.isBlank()) {
            dns.add(host);
            if (!host.contains(".")) {
                dns.add(host + ".local");
            }
        }
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        ips.add(a.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces for the certificate: {}", e.getMessage());
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return names.toArray(GeneralName[]::new);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        try (OutputStream out = openPrivate(file)) {
            out.write(content);
        }
    }

    private static OutputStream openPrivate(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
