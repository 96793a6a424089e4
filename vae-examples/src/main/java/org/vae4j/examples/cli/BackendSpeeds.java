package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;

/**
 * The training speeds {@link BackendChoice} timed, one entry per model and machine, kept in one
 * JSON file ({@code backend-speeds.json} in the cache directory) so that each model is timed once
 * per machine. A file that cannot be read or written costs a new timing, never a failure.
 */
final class BackendSpeeds {
    /** The system property naming the cache directory. */
    static final String DIRECTORY_PROPERTY = "vae4j.cache.dir";

    static final String FILE_NAME = "backend-speeds.json";
    private static final String FORMAT = "vae4j-backend-speeds-1";
    private static final int MAX_ENTRIES = 256;
    private static final Logger LOG = LoggerFactory.getLogger(BackendSpeeds.class);

    private final Path file;
    private boolean warned;

    /**
     * One timing.
     *
     * @param key what was timed, hashed: model, settings, machine, candidates
     * @param model the model and settings, for people
     * @param machine the machine, for people
     * @param timed when (ISO-8601)
     * @param secondsPerStep each candidate's seconds per training step, fastest wins
     */
    record Entry(
            String key,
            String model,
            String machine,
            String timed,
            Map<String, Double> secondsPerStep) {

        /** Returns the candidate with the fewest seconds per step. */
        String fastest() {
            return secondsPerStep.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
        }
    }

    BackendSpeeds(Path file) {
        this.file = file;
    }

    /**
     * The cache in {@code -Dvae4j.cache.dir}, else {@code $XDG_CACHE_HOME/vae4j}, else {@code
     * ~/.cache/vae4j}.
     */
    static BackendSpeeds inDefaultDirectory() {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        Path root;
        if (dir != null && !dir.isBlank()) {
            root = Path.of(dir);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            root =
                    xdg != null && !xdg.isBlank()
                            ? Path.of(xdg, "vae4j")
                            : Path.of(System.getProperty("user.home"), ".cache", "vae4j");
        }
        return new BackendSpeeds(root.resolve(FILE_NAME));
    }

    Path file() {
        return file;
    }

    /** Returns the hash that names what is timed, from its description's parts. */
    static String key(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Returns the entry for {@code key}, if one was kept. */
    Optional<Entry> find(String key) {
        return all().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Returns every entry kept, newest first; an unreadable file reads as empty. */
    List<Entry> all() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            warnOnce("Cannot read " + file + " (" + e + ")");
            return List.of();
        }
        try {
            JsonFields root = JsonFields.of(Json.parse(text));
            if (!FORMAT.equals(root.optionalString("format", null))) {
                return List.of();
            }
            List<Entry> entries = new ArrayList<>();
            for (Object o : root.requireList("entries")) {
                entries.add(read(JsonFields.of(o)));
            }
            return entries;
        } catch (RuntimeException e) {
            warnOnce("Ignoring " + file + ": " + e.getMessage());
            return List.of();
        }
    }

    private void warnOnce(String problem) {
        if (!warned) {
            warned = true;
            LOG.warn("{}; backends will be timed again", problem);
        }
    }

    /** Keeps {@code entry} first, replacing an older one of the same key; failures only warn. */
    void put(Entry entry) {
        List<Object> entries = new ArrayList<>();
        entries.add(write(entry));
        for (Entry e : all()) {
            if (!e.key().equals(entry.key()) && entries.size() < MAX_ENTRIES) {
                entries.add(write(e));
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("entries", entries);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, Json.writePretty(root) + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the backend timing in {} ({}); it will be timed again", file, e);
        }
    }

    private static Entry read(JsonFields f) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        JsonFields s = f.requireObject("seconds_per_step");
        for (String name : s.map().keySet()) {
            speeds.put(name, s.requireDouble(name));
        }
        if (speeds.isEmpty()) {
            throw new IllegalArgumentException("an entry has no timings");
        }
        return new Entry(
                f.requireString("key"),
                f.requireString("model"),
                f.requireString("machine"),
                f.requireString("timed"),
                speeds);
    }

    private static Map<String, Object> write(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", e.key());
        m.put("model", e.model());
        m.put("machine", e.machine());
        m.put("timed", e.timed());
        m.put("seconds_per_step", new LinkedHashMap<>(e.secondsPerStep()));
        m.put("fastest", e.fastest());
        return m;
    }
}
