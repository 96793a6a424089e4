package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.vae4j.core.io.SafetensorsTest.raw;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.tensor.Shape;

/** One test per way a safetensors file can be broken; each must fail with a one-line message. */
class SafetensorsCorruptionTest {
    private static final String CORRUPT = ". The file is corrupt or not a safetensors file";
    private static final byte[] EIGHT = new byte[8];

    @TempDir Path dir;

    private Path file(byte[] bytes) throws IOException {
        Path path = dir.resolve("bad.safetensors");
        Files.write(path, bytes);
        return path;
    }

    private static String f32(String name, String shape, long begin, long end) {
        return "\""
                + name
                + "\":{\"dtype\":\"F32\",\"shape\":"
                + shape
                + ",\"data_offsets\":["
                + begin
                + ","
                + end
                + "]}";
    }

    /** Reads bytes that must fail; checks the exception type, the one-line form and the path. */
    private AbstractThrowableAssert<?, ?> failsReading(byte[] bytes, Safetensors.Limits limits)
            throws IOException {
        Path path = file(bytes);
        return assertThatThrownBy(() -> Safetensors.read(path, limits))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageNotContaining("\n");
    }

    private AbstractThrowableAssert<?, ?> failsReading(byte[] bytes) throws IOException {
        return failsReading(bytes, Safetensors.Limits.DEFAULT);
    }

    private static String problem(Throwable e) {
        return e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        failsReading(new byte[5])
                .satisfies(
                        e ->
                                assertThat(problem(e))
                                        .isEqualTo(
                                                "the file has 5 bytes, fewer than the 8-byte header length that starts a"
                                                        + " safetensors file. It is truncated or not a safetensors file"));
        failsReading(new byte[0]).hasMessageContaining("the file has 0 bytes");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] bytes = raw("{}");
        bytes[0] = 100;
        failsReading(bytes)
                .hasMessageEndingWith(
                        "the header length field says 100 bytes, but only 2 bytes follow it. The"
                                + " file is truncated or not a safetensors file");
        Arrays.fill(bytes, 0, 8, (byte) 0xff);
        failsReading(bytes).hasMessageContaining("says 18446744073709551615 bytes");
    }

    @Test
    void headerOverTheLimit() throws IOException {
        failsReading(
                        raw("{" + f32("a", "[2]", 0, 8) + "}", EIGHT),
                        new Safetensors.Limits(16, 1000))
                .hasMessageContaining("the header is 54 bytes, more than the limit of 16")
                .hasMessageEndingWith(
                        "Raise Safetensors.Limits.maxHeaderBytes if the file is trusted");
    }

    @Test
    void dataOverTheTotalLimit() throws IOException {
        failsReading(raw("{" + f32("a", "[2]", 0, 8) + "}", EIGHT), new Safetensors.Limits(1000, 4))
                .hasMessageContaining("the tensor data is 8 bytes, more than the limit of 4")
                .hasMessageEndingWith(
                        "Raise Safetensors.Limits.maxTotalBytes if the file is trusted");
    }

    @Test
    void malformedJsonAndNonUtf8Headers() throws IOException {
        failsReading(raw("{" + f32("a", "[2]", 0, 8) + ",}", EIGHT))
                .hasMessageContaining(
                        "the header is not valid JSON: Invalid JSON at line 1, column 56")
                .hasMessageContaining("was expecting double-quote to start field name")
                .hasMessageEndingWith(CORRUPT);
        byte[] bytes = raw("{\"\u00e9\":1}");
        bytes[10] = (byte) 0xff;
        failsReading(bytes).hasMessageContaining("the header is not valid UTF-8" + CORRUPT);
        failsReading(raw("[]")).hasMessageContaining("the header is an array, not a JSON object");
        failsReading(raw("")).hasMessageContaining("no JSON value");
    }

    @Test
    void unknownDtypeNamesTheSupportedOnes() throws IOException {
        failsReading(raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}", EIGHT))
                .hasMessageEndingWith(
                        "tensor \"h\" has dtype \"F16\", which vae4j does not read; supported"
                                + " dtypes are F32 and F64. Convert the tensor to float32 or float64"
                                + " before saving");
    }

    @Test
    void malformedEntries() throws IOException {
        failsReading(raw("{\"a\":[]}"))
                .hasMessageContaining("tensor \"a\" is an array, not an object");
        failsReading(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}"))
                .hasMessageContaining("tensor \"a\" has no data_offsets" + CORRUPT);
        failsReading(
                        raw(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":1}}",
                                new byte[4]))
                .hasMessageContaining("unknown field \"x\"");
        failsReading(
                        raw(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                                new byte[4]))
                .hasMessageContaining("has the integer -1 at axis 0 of its shape");
        failsReading(
                        raw(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}",
                                new byte[4]))
                .hasMessageContaining("has the number 1.0 at axis 0");
        failsReading(
                        raw(
                                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
                                new byte[4]))
                .hasMessageContaining("expected two non-negative integers [begin, end]");
        failsReading(raw("{\"a\":{\"dtype\":1,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]))
                .hasMessageContaining("tensor \"a\" has a dtype that is not a string");
    }

    @Test
    void shapeWhoseSizeOverflows() throws IOException {
        String big = "[2147483647,2147483647,2147483647]";
        failsReading(raw("{" + f32("a", big, 0, 8) + "}", EIGHT))
                .hasMessageContaining(
                        "tensor \"a\" has shape "
                                + "[2147483647, 2147483647, 2147483647], whose size overflows a long");
    }

    @Test
    void offsetsThatDoNotMatchDtypeAndShape() throws IOException {
        failsReading(raw("{" + f32("a", "[2]", 0, 4) + "}", new byte[4]))
                .hasMessageEndingWith(
                        "tensor \"a\" (F32 [2]) needs 8 bytes, but its data_offsets [0, 4] span 4"
                                + CORRUPT);
    }

    @Test
    void offsetsThatEndBeforeTheyBegin() throws IOException {
        failsReading(raw("{" + f32("a", "[0]", 8, 0) + "}", EIGHT))
                .hasMessageContaining("data_offsets [8, 0] that end before they begin");
    }

    @Test
    void aHugeTensorClaimedByATinyFileFailsWithoutAllocating() throws IOException {
        long claimed = 4L << 40; // 2^40 float32 elements
        byte[] bytes = raw("{" + f32("huge", "[1048576,1048576]", 0, claimed) + "}", EIGHT);
        assertThat(bytes.length).isLessThan(100);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        failsReading(bytes)
                .hasMessageEndingWith(
                        "tensor \"huge\" (F32 [1048576, 1048576]) has data_offsets [0, "
                                + claimed
                                + "] beyond the 8-byte data buffer. The file is truncated or corrupt");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4L << 20);
    }

    @Test
    void overlappingTensors() throws IOException {
        failsReading(
                        raw(
                                "{" + f32("a", "[2]", 0, 8) + "," + f32("b", "[2]", 4, 12) + "}",
                                new byte[12]))
                .hasMessageEndingWith("tensors \"a\" and \"b\" overlap at bytes [4, 8)" + CORRUPT);
    }

    @Test
    void aGapBetweenTensors() throws IOException {
        failsReading(
                        raw(
                                "{" + f32("a", "[1]", 0, 4) + "," + f32("b", "[1]", 8, 12) + "}",
                                new byte[12]))
                .hasMessageEndingWith(
                        "bytes [4, 8) of the data buffer belong to no tensor (a gap before \"b\")"
                                + CORRUPT);
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        failsReading(raw("{" + f32("a", "[1]", 0, 4) + "}", EIGHT))
                .hasMessageEndingWith("4 trailing bytes follow the last tensor's data" + CORRUPT);
    }

    @Test
    void duplicateNames() throws IOException {
        failsReading(raw("{" + f32("a", "[1]", 0, 4) + "," + f32("a", "[1]", 4, 8) + "}", EIGHT))
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void metadataThatIsNotStrings() throws IOException {
        failsReading(raw("{\"__metadata__\":{\"epoch\":3}}"))
                .hasMessageContaining(
                        "metadata entry \"epoch\" is the integer 3, but metadata values must be strings");
        failsReading(raw("{\"__metadata__\":[]}"))
                .hasMessageContaining(
                        "the __metadata__ entry is an array, not an object of strings");
    }

    @Test
    void aMissingFile() {
        Path path = dir.resolve("missing.safetensors");
        assertThatThrownBy(() -> Safetensors.read(path))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(
                        path + ": cannot read the file (java.nio.file.NoSuchFileException")
                .hasMessageEndingWith("Check the path and permissions");
    }

    /**
     * Random byte changes and truncations of a valid file: reading either succeeds or throws
     * CheckpointException, never anything else (no IndexOutOfBounds, no OutOfMemoryError).
     */
    @Test
    void seededMutationsOnlyEverThrowCheckpointException() throws IOException {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        tensors.put("w", HostArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)));
        tensors.put("b", HostArray.ofDoubles(new double[] {0.5, -0.5}, Shape.of(2)));
        tensors.put("s", HostArray.ofFloats(new float[] {7}, Shape.scalar()));
        Path valid = dir.resolve("valid.safetensors");
        Safetensors.write(valid, tensors, Map.of("k", "v"));
        byte[] original = Files.readAllBytes(valid);
        byte[] digits = "0123456789[]{},\":-e".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(20240611L);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = original.clone();
            int kind = random.nextInt(4);
            if (kind == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            } else {
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    int at = kind == 1 ? random.nextInt(8) : random.nextInt(bytes.length);
                    bytes[at] =
                            kind == 3
                                    ? digits[random.nextInt(digits.length)]
                                    : (byte) random.nextInt(256);
                }
            }
            try {
                Safetensors.read(
                        new BytesChannel(bytes),
                        "mutant",
                        new Safetensors.Limits(1 << 16, 1 << 16));
            } catch (CheckpointException expected) {
                failures++;
                assertThat(expected.getMessage()).doesNotContain("\n");
            } catch (Throwable t) {
                fail("mutation " + i + " escaped as " + t, t);
            }
        }
        assertThat(failures).isGreaterThan(1500);
    }

    @Test
    void limitsMustBePositiveAndTheHeaderLimitFitAnArray() {
        assertThatThrownBy(() -> new Safetensors.Limits(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Safetensors.Limits(1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Safetensors.Limits(1L << 31, 1))
                .hasMessageContaining("maxHeaderBytes at most 2147483639");
    }
}
