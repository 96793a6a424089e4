package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

class SafetensorsTest {
    @TempDir Path dir;

    /** A file made by hand: the 8-byte little-endian header length, the header, the data. */
    static byte[] raw(String header, int... data) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) data[i];
        }
        return raw(header, bytes);
    }

    /** A file made by hand from a header and the data buffer. */
    static byte[] raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void writesTheSafetensorsByteLayoutExactly() throws IOException {
        Path path = dir.resolve("tiny.safetensors");
        Safetensors.write(
                path,
                Map.of("a", HostArray.ofFloats(new float[] {1.0f, -2.0f}, Shape.of(2))),
                Map.of("k", "v"));
        String header =
                "{\"__metadata__\":{\"k\":\"v\"},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertThat(header).hasSize(79); // padded with one space to 80, so the data starts at 88
        byte[] expected =
                raw(
                        header + " ",
                        0x00,
                        0x00,
                        0x80,
                        0x3f, // 1.0f
                        0x00,
                        0x00,
                        0x00,
                        0xc0); // -2.0f
        assertThat(expected).hasSize(96).startsWith(0x50, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    @Test
    void readsAHandWrittenFile() throws IOException {
        Path path = dir.resolve("hand.safetensors");
        Files.write(
                path,
                raw(
                        "{\"x\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}   \n  ",
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0xf0,
                        0x3f)); // 1.0
        TensorFile file = Safetensors.read(path);
        assertThat(file.metadata()).isEmpty();
        assertThat(file.tensor("x").shape()).isEqualTo(Shape.scalar());
        assertThat(file.tensor("x").toDoubles()).containsExactly(1.0);
        assertThatThrownBy(() -> file.tensor("y"))
                .hasMessage("No tensor 'y' in this file; it holds [x]");
    }

    @Test
    void roundTripsMixedDtypesScalarsEmptyTensorsAndMetadata() {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        tensors.put(
                "enc.w",
                HostArray.ofFloats(new float[] {0.1f, -3e-7f, 1e30f, 4, 5, 6}, Shape.of(2, 3)));
        tensors.put("scalar", HostArray.ofDoubles(new double[] {Math.E}, Shape.scalar()));
        tensors.put("empty", HostArray.ofFloats(new float[0], Shape.of(0, 4)));
        tensors.put(
                "dec.b", HostArray.ofDoubles(new double[] {-0.0, Double.MAX_VALUE}, Shape.of(2)));
        tensors.put("naïve ✓", HostArray.ofFloats(new float[] {Float.NaN}, Shape.of(1, 1, 1)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vae4j.version", "0.1.0");
        metadata.put("config", "{\"latent\": 2}");
        Path path = dir.resolve("mixed.safetensors");
        Safetensors.write(path, tensors, metadata);
        TensorFile file = Safetensors.read(path);
        assertThat(file.tensors()).containsExactlyEntriesOf(tensors);
        assertThat(file.metadata()).containsExactlyEntriesOf(metadata);
        assertThat(file.tensor("scalar").dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void writesNoMetadataEntryWhenThereIsNoneAndAlignsTheData() throws IOException {
        Path path = dir.resolve("plain.safetensors");
        Safetensors.write(
                path, Map.of("w", HostArray.ofFloats(new float[3], Shape.of(3))), Map.of());
        byte[] bytes = Files.readAllBytes(path);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + n) % 8).isZero();
        assertThat(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
                .doesNotContain("__metadata__")
                .endsWith("} ");
        assertThat(Safetensors.read(path).metadata()).isEmpty();
        Safetensors.write(path, Map.of(), Map.of());
        assertThat(Safetensors.read(path).tensors()).isEmpty();
    }

    @Test
    void placesFloat64DataFirstSoEveryTensorIsAlignedButKeepsTheHeaderOrder() throws IOException {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        tensors.put("odd", HostArray.ofFloats(new float[] {1, 2, 3}, Shape.of(3)));
        tensors.put("wide", HostArray.ofDoubles(new double[] {4, 5}, Shape.of(2)));
        Path path = dir.resolve("aligned.safetensors");
        Safetensors.write(path, tensors, Map.of());
        byte[] bytes = Files.readAllBytes(path);
        int n = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(new String(bytes, 8, n, StandardCharsets.UTF_8).trim())
                .isEqualTo(
                        "{\"odd\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]},"
                                + "\"wide\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        TensorFile file = Safetensors.read(path);
        assertThat(file.tensors()).containsExactlyEntriesOf(tensors);
    }

    @Test
    void roundTripsManyTensorsInOrder() {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            tensors.put(
                    "layer" + (299 - i) + ".w",
                    i % 2 == 0
                            ? HostArray.ofFloats(new float[] {i, -i, i / 7f}, Shape.of(3))
                            : HostArray.ofDoubles(new double[] {i / 3.0}, Shape.of(1, 1)));
        }
        Path path = dir.resolve("many.safetensors");
        Safetensors.write(path, tensors, Map.of("n", "300"));
        TensorFile file = Safetensors.read(path);
        assertThat(file.tensors()).containsExactlyEntriesOf(tensors);
    }

    @Test
    void acceptsTensorsListedOutOfOffsetOrderAsTheReferenceReaderDoes() throws IOException {
        Path path = dir.resolve("order.safetensors");
        Files.write(
                path,
                raw(
                        "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        0,
                        0,
                        0x80,
                        0x3f,
                        0,
                        0,
                        0,
                        0x40));
        TensorFile file = Safetensors.read(path);
        assertThat(file.tensors().keySet()).containsExactly("b", "a");
        assertThat(file.tensor("a").toFloats()).containsExactly(1f);
        assertThat(file.tensor("b").toFloats()).containsExactly(2f);
    }

    @Test
    void writeRejectsTheReservedNameAndLeavesAnOldFileWhenItCannotWrite() throws IOException {
        assertThatThrownBy(
                        () ->
                                Safetensors.write(
                                        dir.resolve("x"),
                                        Map.of(
                                                "__metadata__",
                                                HostArray.ofFloats(new float[1], Shape.of(1))),
                                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserves it");
        Path missing = dir.resolve("no-such-dir/x.safetensors");
        assertThatThrownBy(() -> Safetensors.write(missing, Map.of(), Map.of()))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(
                        "cannot write "
                                + missing
                                + ": the folder "
                                + missing.getParent()
                                + " does not exist. Nothing was written in its place. Create it,"
                                + " or choose another path");
    }
}
