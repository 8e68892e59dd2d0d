package dev.parley.relay.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's files, by the path they are served at: exactly the files under the {@code web/} resource folder
 * (or a development folder), nothing else. A request path is looked up as it is, never resolved against a file
 * system, so {@code ..}, encoded or not, finds nothing. {@code /} is {@code index.html}; files whose names start with
 * a dot, {@code README.md} and files of a type the client has no use for are not served.
 */
public final class WebFiles {
    /** The resource folder the web client is built into. */
    public static final String RESOURCE_FOLDER = "web";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wav", "audio/wav"));

    private final Map<String, StaticFile> files;
    private final Path folder;

    private WebFiles(Map<String, StaticFile> files, Path folder) {
        this.files = files;
        this.folder = folder;
    }

    /**
     * The files built into the relay, read once: from the relay's jar (through {@link JarFile}, so it works in a
     * trimmed runtime without the zip file system), or from the resource folder when run from classes.
     */
    public static WebFiles builtIn() {
        return builtIn(WebFiles.class.getClassLoader());
    }

    static WebFiles builtIn(ClassLoader loader) {
        URL index = loader.getResource(RESOURCE_FOLDER + "/index.html");
        if (index == null) {
            throw new IllegalStateException("the web client's files are missing from the relay (no "
                    + RESOURCE_FOLDER + "/index.html on the class path)");
        }
        try {
            URLConnection connection = index.openConnection();
            if (connection instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    return new WebFiles(load(file), null);
                }
            }
            return new WebFiles(load(Path.of(index.toURI()).getParent()), null);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the web client's files: " + e, e);
        }
    }

    private static Map<String, StaticFile> load(JarFile jar) throws IOException {
        Map<String, StaticFile> found = new TreeMap<>();
        String prefix = RESOURCE_FOLDER + "/";
        for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
            String name = entry.getName();
            if (entry.isDirectory() || !name.startsWith(prefix) || !served(name.substring(prefix.length()))) {
                continue;
            }
            String path = name.substring(prefix.length() - 1); // web/js/app.js is served at /js/app.js
            try (InputStream in = jar.getInputStream(entry)) {
                found.put(path, file(path, in.readAllBytes()));
            }
        }
        return found;
    }

    /** Files read from {@code folder} at every lookup: for development, so an edit shows on reload. */
    public static WebFiles fromFolder(Path folder) {
        if (!Files.isRegularFile(folder.resolve("index.html"))) {
            throw new IllegalArgumentException(folder + " holds no index.html");
        }
        return new WebFiles(null, folder.toAbsolutePath().normalize());
    }

    /** The file served at {@code path} (the request's path without its query), if there is one. */
    public Optional<StaticFile> find(String path) {
        String key = path.equals("/") ? "/index.html" : path;
        if (files != null) {
            return Optional.ofNullable(files.get(key));
        }
        try {
            Path file = listing(folder).get(key); // only what is in the folder's listing is ever read
            return file == null ? Optional.empty() : Optional.of(read(key, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every served path, sorted. */
    public Iterable<String> paths() {
        try {
            return files != null ? files.keySet() : listing(folder).keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files below {@code root} that are served, by path, not read. */
    private static Map<String, Path> listing(Path root) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (served(relative)) {
                    found.put("/" + relative, p);
                }
            }
        }
        return found;
    }

    private static Map<String, StaticFile> load(Path root) throws IOException {
        Map<String, StaticFile> files = new TreeMap<>();
        for (Map.Entry<String, Path> e : listing(root).entrySet()) {
            files.put(e.getKey(), read(e.getKey(), e.getValue()));
        }
        return files;
    }

    private static StaticFile read(String path, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return file(path, in.readAllBytes());
        }
    }

    /** Whether a file at this path below the web folder is one of the client's: a served type, not hidden. */
    private static boolean served(String relative) {
        return typeOf(relative) != null && !hidden(relative);
    }

    private static StaticFile file(String path, byte[] bytes) {
        String type = typeOf(path);
        return new StaticFile(path, bytes, gzip(type, bytes), type, etag(bytes));
    }

    private static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.equals("README.md")) {
                return true;
            }
        }
        return false;
    }

    /** The media type served for a file name, or {@code null} when such files are not served. */
    static String typeOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static byte[] gzip(String type, byte[] bytes) {
        if (bytes.length < 256 || type.startsWith("image/png") || type.startsWith("audio/")) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] compressed = out.toByteArray();
        return compressed.length < bytes.length * 9 / 10 ? compressed : null;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
