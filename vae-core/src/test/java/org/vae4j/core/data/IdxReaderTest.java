package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.vae4j.core.data.IdxFiles.gzip;
import static org.vae4j.core.data.IdxFiles.header;
import static org.vae4j.core.data.IdxFiles.idx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Reads a file that must fail; checks the message is one line naming the file. */
    private static DataFormatException failure(Path file) {
        DataFormatException e =
                catchThrowableOfType(() -> IdxReader.read(file), DataFormatException.class);
        assertThat(e).as("reading %s should fail", file).isNotNull();
        assertThat(e.getMessage())
                .startsWith(file + ": ")
                .doesNotContain("\n")
                .doesNotContain("\r");
        assertThat(e.path()).isEqualTo(file);
        return e;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unsignedBytesRoundTrip(boolean gzipped) throws IOException {
        byte[] data = new byte[3 * 4 * 5];
        new Random(1).nextBytes(data);
        byte[] file = idx(0x08, new int[] {3, 4, 5}, data);
        // the name says nothing: gzip is recognised by its magic bytes
        Path p = write("images", gzipped ? gzip(file) : file);

        IdxArray a = IdxReader.read(p);

        assertThat(a.type()).isEqualTo(IdxType.UNSIGNED_BYTE);
        assertThat(a.dims()).containsExactly(3, 4, 5);
        assertThat(a.data()).isEqualTo(data);
        assertThat(a.toInts()[7]).isEqualTo(data[7] & 0xFF);
        assertThat(a.toFloats()[7]).isEqualTo(data[7] & 0xFF);
    }

    @Test
    void everyTypeCodeDecodes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        assertThat(read(0x09, new byte[] {-3}).toInts()).containsExactly(-3);
        assertThat(read(0x0B, b.clear().putShort((short) -300).array(), 2).toInts())
                .containsExactly(-300);
        assertThat(read(0x0C, b.clear().putInt(-70000).array(), 4).toInts())
                .containsExactly(-70000);
        assertThat(read(0x0D, b.clear().putFloat(1.5f).array(), 4).toFloats())
                .containsExactly(1.5f);
        assertThat(read(0x0E, b.clear().putDouble(-0.25).array(), 8).toFloats())
                .containsExactly(-0.25f);
    }

    private IdxArray read(int code, byte[] buf, int bytes) throws IOException {
        return read(code, Arrays.copyOf(buf, bytes));
    }

    private IdxArray read(int code, byte[] data) throws IOException {
        return IdxReader.read(write("t" + code, gzip(idx(code, new int[] {1}, data))));
    }

    @Test
    void rankFourAndEmptyArraysAreFine() throws IOException {
        assertThat(
                        IdxReader.read(write("r4", idx(0x08, new int[] {1, 2, 1, 2}, new byte[4])))
                                .rank())
                .isEqualTo(4);
        assertThat(
                        IdxReader.read(write("zero", idx(0x08, new int[] {0, 28, 28}, new byte[0])))
                                .size())
                .isZero();
    }

    @Test
    void floatsCannotBeReadAsInts() throws IOException {
        IdxArray a = read(0x0D, new byte[4]);
        assertThat(catchThrowableOfType(a::toInts, IllegalStateException.class))
                .hasMessageContaining("not integers");
    }

    @Test
    void emptyFile() throws IOException {
        assertThat(failure(write("empty", new byte[0])).getMessage()).contains("empty");
    }

    @Test
    void missingFileAndFolder() {
        assertThat(failure(dir.resolve("nope")).getMessage()).contains("no such file");
        assertThat(failure(dir).getMessage()).contains("folder");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wrongMagic(boolean gzipped) throws IOException {
        byte[] text = "hello, world\n".getBytes();
        Path p = write("text", gzipped ? gzip(text) : text);
        assertThat(failure(p).getMessage()).contains("not an IDX file", "0x68656C6C");
    }

    @Test
    void shorterThanMagic() throws IOException {
        assertThat(failure(write("tiny", new byte[] {0, 0})).getMessage()).contains("2 bytes long");
    }

    @Test
    void unknownTypeCode() throws IOException {
        assertThat(failure(write("t", idx(0x0A, new int[] {1}, new byte[1]))).getMessage())
                .contains("unknown IDX type code 0x0A", "0x08 (unsigned byte)");
    }

    @Test
    void rankZeroAndFive() throws IOException {
        assertThat(failure(write("r0", header(0x08))).getMessage()).contains("rank 0");
        assertThat(
                        failure(write("r5", idx(0x08, new int[] {1, 1, 1, 1, 1}, new byte[1])))
                                .getMessage())
                .contains("rank 5", "1 to 4");
    }

    @Test
    void headerCutShort() throws IOException {
        byte[] h = header(0x08, 10, 10, 10);
        assertThat(failure(write("h", Arrays.copyOf(h, 9))).getMessage())
                .contains("ends inside the header");
    }

    @Test
    void negativeDimension() throws IOException {
        assertThat(failure(write("neg", idx(0x08, new int[] {2, -1}, new byte[0]))).getMessage())
                .contains("dimension 1 is negative");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overflowingDimensionProduct(boolean gzipped) throws IOException {
        byte[] h = header(0x0E, 65536, 65536, 65536, 65536); // 2^64 elements: a long overflows
        Path p = write("huge", gzipped ? gzip(h) : h);
        assertThat(failure(p).getMessage()).contains("more than the", "one Java array holds");
    }

    @Test
    void headerClaimingMoreThanTheFileHolds() throws IOException {
        // 1 GB declared by a 16-byte file: rejected from the file size, nothing allocated
        byte[] h = header(0x08, 1000, 1000, 1000);
        assertThat(failure(write("liar", h)).getMessage())
                .contains("truncated", "1000000000 data bytes", "only 0");
    }

    @Test
    void gzipHeaderClaimingMoreThanDeflateCanHold() throws IOException {
        Path p = write("liar.gz", gzip(header(0x0E, 1000, 1000, 200)));
        assertThat(failure(p).getMessage()).contains("more than a gzip file of");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gzipped) throws IOException {
        byte[] file = idx(0x08, new int[] {10, 10}, new byte[100]);
        byte[] cut = Arrays.copyOf(file, file.length - 7);
        Path p = write("cut", gzipped ? gzip(cut) : cut);
        assertThat(failure(p).getMessage()).contains("truncated", "only 93");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trailingGarbage(boolean gzipped) throws IOException {
        byte[] file = IdxFiles.concat(idx(0x08, new int[] {10}, new byte[10]), new byte[3]);
        Path p = write("long", gzipped ? gzip(file) : file);
        assertThat(failure(p).getMessage()).containsAnyOf("3 bytes of trailing data", "goes on");
    }

    @Test
    void gzipCutShort() throws IOException {
        byte[] data = new byte[5000];
        new Random(2).nextBytes(data);
        byte[] gz = gzip(idx(0x08, new int[] {5000}, data));
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThat(failure(p).getMessage()).contains("gzip data is corrupt or cut short");
    }

    @Test
    void gzipCorrupted() throws IOException {
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        byte[] gz = gzip(idx(0x08, new int[] {5000}, data));
        gz[gz.length - 6] ^= 0x55; // inside the CRC-32 of the trailer
        assertThat(failure(write("crc.gz", gz)).getMessage()).contains("gzip data is corrupt");
        byte[] bad = gzip(idx(0x08, new int[] {5000}, data));
        bad[10] = (byte) 0xFF; // first byte of the deflate stream: an invalid block type
        assertThat(failure(write("bad.gz", bad)).getMessage()).contains("gzip data is corrupt");
    }

    @Test
    void messageIsProblemThenFix() {
        DataFormatException e =
                new DataFormatException(Path.of("a", "b"), "it broke.\nbadly", "Fix it");
        assertThat(e.getMessage()).isEqualTo(Path.of("a", "b") + ": it broke. badly. Fix it");
        assertThat(e.problem()).isEqualTo("it broke. badly");
        assertThat(e.fix()).isEqualTo("Fix it");
    }
}
