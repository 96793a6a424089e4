package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads .npy files as numpy.save writes them, and refuses malformed ones in one line. */
class NpyReaderTest {
    @TempDir Path dir;

    private Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("a.npy"), content);
    }

    private String failure(byte[] content) throws IOException {
        Path p = write(content);
        DataFormatException e =
                catchThrowableOfType(() -> NpyReader.read(p), DataFormatException.class);
        assertThat(e).as("no failure").isNotNull();
        assertThat(e.getMessage()).startsWith(p + ": ").doesNotContain("\n");
        return e.getMessage();
    }

    @Test
    void readsBytesFloatsAndLongs() throws IOException {
        NpyArray bytes =
                NpyReader.read(
                        write(
                                NpyFiles.npy(
                                        "|u1",
                                        new int[] {2, 3},
                                        new byte[] {1, 2, 3, 4, 5, (byte) 255})));
        assertThat(bytes.dtype()).isEqualTo(NpyArray.Dtype.UINT8);
        assertThat(bytes.shape()).containsExactly(2, 3);
        assertThat(bytes.toLongs()).containsExactly(1, 2, 3, 4, 5, 255);
        NpyArray floats =
                NpyReader.read(
                        write(NpyFiles.npy("<f4", new int[] {2}, NpyFiles.floats(0.5f, -2f))));
        assertThat(floats.toFloats()).containsExactly(0.5f, -2f);
        NpyArray longs =
                NpyReader.read(
                        write(NpyFiles.npy("<i8", new int[] {2}, NpyFiles.longs(7, 1L << 40))));
        assertThat(longs.toLongs()).containsExactly(7, 1L << 40);
    }

    @Test
    void headerParsingToleratesVersionsSpacingQuotesAndKeyOrder() throws IOException {
        String header = "{\"shape\":(3 ,),'fortran_order' :False,  'descr':'|u1'}";
        for (int major : new int[] {1, 2, 3}) {
            NpyArray a = NpyReader.read(write(NpyFiles.npy(major, header, new byte[] {4, 5, 6})));
            assertThat(a.shape()).containsExactly(3);
            assertThat(a.toLongs()).containsExactly(4, 5, 6);
        }
        NpyHeader scalar =
                NpyHeader.parse(dir, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }");
        assertThat(scalar.shape()).isEmpty();
    }

    @Test
    void fortranOrderIsRefusedWithTheFix() throws IOException {
        String header = "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }";
        assertThat(failure(NpyFiles.npy(1, header, new byte[4])))
                .contains("Fortran", "numpy.ascontiguousarray");
    }

    @Test
    void unknownTypesAndMalformedHeadersAreNamed() throws IOException {
        assertThat(failure(NpyFiles.npy("<f8", new int[] {1}, new byte[8])))
                .contains("'<f8'", "|u1", "<f4");
        assertThat(failure(NpyFiles.npy(1, "{'descr': '|u1', 'shape': (1,), }", new byte[1])))
                .contains("no 'fortran_order'");
        assertThat(
                        failure(
                                NpyFiles.npy(
                                        1,
                                        "{'descr': '|u1', 'fortran_order': False, 'shape': 3}",
                                        new byte[3])))
                .contains("malformed 'shape'");
        assertThat(
                        failure(
                                NpyFiles.npy(
                                        1,
                                        "{'descr': '|u1', 'fortran_order': False, 'shape': (-1,)}",
                                        new byte[1])))
                .contains("not a Python dict literal", "integer");
        assertThat(failure(NpyFiles.npy(1, "['descr']", new byte[0]))).contains("expected '{'");
        assertThat(failure(NpyFiles.npy(1, "{'descr': '|u1", new byte[0]))).contains("not closed");
    }

    @Test
    void truncatedTrailingAndForeignFilesAreNamed() throws IOException {
        byte[] good = NpyFiles.npy("<f4", new int[] {2, 2}, new byte[16]);
        assertThat(failure(Arrays.copyOf(good, good.length - 3)))
                .contains("16 data bytes, but 13 follow", "truncated");
        assertThat(failure(Arrays.copyOf(good, good.length + 1))).contains("but 17 follow");
        assertThat(failure(Arrays.copyOf(good, 9))).contains("preamble");
        assertThat(failure(Arrays.copyOf(good, 40))).contains("more than the file holds");
        assertThat(failure("PK\u0003\u0004 not numpy".getBytes())).contains("\\x93NUMPY");
        byte[] v4 = good.clone();
        v4[6] = 4;
        assertThat(failure(v4)).contains("version 4.0");
    }

    @Test
    void sizesAreCheckedBeforeAllocating() throws IOException {
        String huge = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 3), }";
        assertThat(failure(NpyFiles.npy(1, huge, new byte[0]))).contains("one Java array");
        String wide = "{'descr': '|u1', 'fortran_order': False, 'shape': (0, 99999999999), }";
        assertThat(failure(NpyFiles.npy(1, wide, new byte[0]))).contains("more than an int");
        byte[] longHeader =
                NpyFiles.npy(2, "{" + " ".repeat(NpyReader.MAX_HEADER_BYTES) + "}", new byte[0]);
        assertThat(failure(longHeader)).contains("header is said to be");
    }
}
