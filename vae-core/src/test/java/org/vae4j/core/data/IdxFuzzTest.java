package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.vae4j.core.data.IdxFiles.gzip;
import static org.vae4j.core.data.IdxFiles.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation loop over IDX files, plain and gzipped: the MNIST label files the repository
 * carries and small generated image files, with byte flips, truncations, header edits (also under
 * the gzip layer) and appended bytes. Reading a mutant either succeeds or throws {@link
 * DataFormatException} with a one-line message naming the file; nothing else ever escapes (no
 * IndexOutOfBounds, NegativeArraySize, OutOfMemoryError). Bounded by count and by time.
 */
class IdxFuzzTest {
    private static final Path MNIST = Path.of("..", "data", "mnist");
    private static final int MAX_MUTANTS = 4000;
    private static final long MAX_NANOS = 1_500_000_000L;

    @TempDir Path dir;

    /** A seed file, plain and gzipped (compressed once, for the mutations of gzip bytes). */
    private record Seed(String name, byte[] plain, byte[] gz) {
        Seed(String name, byte[] plain) {
            this(name, plain, gzip(plain));
        }
    }

    private static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (String f : List.of("t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz")) {
            Path p = MNIST.resolve(f);
            if (Files.isRegularFile(p)) {
                seeds.add(new Seed(f, gunzip(Files.readAllBytes(p))));
            }
        }
        SplittableRandom r = new SplittableRandom(7);
        byte[] pixels = new byte[6 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        seeds.add(new Seed("images", idx(0x08, new int[] {6, 28, 28}, pixels)));
        byte[] floats = new byte[3 * 5 * 4];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (byte) r.nextInt(256);
        }
        seeds.add(new Seed("floats", idx(0x0D, new int[] {3, 5}, floats)));
        return seeds;
    }

    @Test
    void seededMutationsOnlyEverThrowDataFormatException() throws IOException {
        List<Seed> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(2);
        SplittableRandom random = new SplittableRandom(20251124L);
        Path file = dir.resolve("mutant");
        long start = System.nanoTime();
        int tried = 0;
        int failures = 0;
        while (tried < MAX_MUTANTS && System.nanoTime() - start < MAX_NANOS) {
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            boolean gzipped = random.nextBoolean();
            byte[] bytes = mutate(seed, gzipped, random);
            Files.write(file, bytes);
            try {
                IdxArray a = IdxReader.read(file);
                assertThat(a.data()).isNotNull();
            } catch (DataFormatException expected) {
                failures++;
                assertThat(expected.getMessage())
                        .startsWith(file + ": ")
                        .doesNotContain("\n")
                        .doesNotContain("\r");
            } catch (Throwable t) {
                fail("mutant " + tried + " of " + seed.name() + " escaped as " + t, t);
            }
            tried++;
        }
        assertThat(tried).as("mutants tried").isGreaterThan(200);
        assertThat(failures).as("mutants rejected of %d", tried).isGreaterThan(tried / 3);
    }

    /** One mutant: plain bytes edited, then maybe gzipped, or gzip bytes edited after. */
    private static byte[] mutate(Seed seed, boolean gzipped, SplittableRandom r) {
        int kind = r.nextInt(6);
        byte[] bytes = gzipped && kind >= 3 ? seed.gz().clone() : seed.plain().clone();
        switch (kind) {
            case 0 -> editHeader(bytes, r); // also what a gzip wrapper would carry inside
            case 1 -> flip(bytes, Math.min(bytes.length, 4 + 4 * 4), r);
            case 2 -> bytes = appendOrCut(bytes, r);
            case 3 -> flip(bytes, bytes.length, r);
            case 4 -> flip(bytes, Math.min(bytes.length, 24), r); // gzip header, deflate start
            default -> bytes = appendOrCut(bytes, r);
        }
        return gzipped && kind < 3 ? gzip(bytes) : bytes;
    }

    private static void flip(byte[] bytes, int within, SplittableRandom r) {
        for (int k = 1 + r.nextInt(3); k > 0 && within > 0; k--) {
            bytes[r.nextInt(within)] ^= (byte) (1 + r.nextInt(255));
        }
    }

    private static byte[] appendOrCut(byte[] bytes, SplittableRandom r) {
        if (r.nextBoolean()) {
            return Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(64));
        for (int i = bytes.length; i < longer.length; i++) {
            longer[i] = (byte) r.nextInt(256);
        }
        return longer;
    }

    /** Rewrites the type code, the rank or one dimension with a plausible or extreme value. */
    private static void editHeader(byte[] bytes, SplittableRandom r) {
        int rank = bytes[3] & 0xFF;
        switch (r.nextInt(3)) {
            case 0 -> bytes[2] = (byte) (0x07 + r.nextInt(9));
            case 1 -> bytes[3] = (byte) r.nextInt(6);
            default -> {
                int at = 4 + 4 * r.nextInt(Math.max(1, Math.min(rank, 4)));
                if (at + 4 > bytes.length) {
                    return;
                }
                int[] candidates = {
                    0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 65536, r.nextInt(100_000)
                };
                int v = candidates[r.nextInt(candidates.length)];
                bytes[at] = (byte) (v >>> 24);
                bytes[at + 1] = (byte) (v >>> 16);
                bytes[at + 2] = (byte) (v >>> 8);
                bytes[at + 3] = (byte) v;
            }
        }
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
