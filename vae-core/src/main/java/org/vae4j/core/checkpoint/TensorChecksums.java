package org.vae4j.core.checkpoint;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonException;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.io.TensorFile;

/**
 * The CRC32C of every tensor's bytes, kept in a checkpoint's metadata under {@link
 * Checkpoints#CHECKSUMS} as a JSON object from tensor name to eight hex digits, so that bytes
 * changed on disk are found when the file is read instead of silently becoming the model. A file
 * without the entry (written before checksums were recorded) is read as it is.
 */
final class TensorChecksums {
    private static final String DAMAGED =
            "the file is damaged; restore it from a copy or use another checkpoint";

    private TensorChecksums() {}

    /** Returns the metadata value recording the checksum of each tensor. */
    static String record(Map<String, HostArray> tensors) {
        Map<String, Object> sums = new LinkedHashMap<>();
        tensors.forEach((name, t) -> sums.put(name, crc32c(t)));
        return Json.write(sums);
    }

    /**
     * Checks every tensor of {@code contents} against the recorded checksums, if it has any.
     *
     * @throws org.vae4j.core.io.CheckpointException naming the first tensor whose bytes differ, or
     *     that has no checksum, or whose checksum has no tensor
     */
    static void verify(Path file, TensorFile contents) {
        String recorded = contents.metadata().get(Checkpoints.CHECKSUMS);
        if (recorded == null) {
            return;
        }
        Map<String, Object> sums;
        try {
            sums = JsonFields.of(Json.parse(recorded), Checkpoints.CHECKSUMS).map();
        } catch (JsonException e) {
            throw Checkpoints.problem(
                    file, "metadata '" + Checkpoints.CHECKSUMS + "' is malformed", DAMAGED);
        }
        for (Map.Entry<String, HostArray> e : contents.tensors().entrySet()) {
            Object expected = sums.get(e.getKey());
            if (expected == null) {
                throw Checkpoints.problem(
                        file, "tensor '" + e.getKey() + "' has no recorded checksum", DAMAGED);
            }
            String actual = crc32c(e.getValue());
            if (!actual.equals(expected)) {
                throw Checkpoints.problem(
                        file,
                        "tensor '"
                                + e.getKey()
                                + "' does not match its recorded CRC32C checksum ("
                                + expected
                                + ", the bytes give "
                                + actual
                                + ")",
                        DAMAGED);
            }
        }
        for (String name : sums.keySet()) {
            if (!contents.tensors().containsKey(name)) {
                throw Checkpoints.problem(
                        file, "tensor '" + name + "' has a checksum but is missing", DAMAGED);
            }
        }
    }

    private static String crc32c(HostArray tensor) {
        CRC32C crc = new CRC32C();
        crc.update(tensor.data());
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
