package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.TrainingConfig;

/**
 * {@code --data} beyond MNIST, in-process: colour IDX images, {@code .npy} arrays and a folder of
 * PNGs train both architectures and are drawn in their own shape; data and models that do not fit
 * fail in one line.
 */
class ImageDataCliTest {
    private static final Path HOME = Path.of("..");
    private static final String[] SMALL = {
        "--epochs",
        "1",
        "--limit",
        "40",
        "--latent",
        "2",
        "--hidden",
        "16",
        "--batch-size",
        "20",
        "--quiet"
    };
    private static final String[] CONV = {"--arch", "conv", "--channels", "4,8", "--kernel", "3"};

    @TempDir static Path dir;

    /** 60 training and 20 test colour images of 32x32 in 3 classes, as [n, h, w, c] IDX files. */
    private static Path colourIdx;

    private static InProcess.Result vae(String... args) {
        return InProcess.vae(HOME, args);
    }

    private static InProcess.Result train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString()));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return vae(args.toArray(String[]::new));
    }

    /** Checks a failure's exit code and single line; returns the line. */
    private static String fails(int code, InProcess.Result r) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        String line = r.err().strip();
        assertThat(line).isNotEmpty().doesNotContain("\n").doesNotContain("internal error");
        return line;
    }

    @BeforeAll
    static void writeColourIdx() throws IOException {
        colourIdx = Files.createDirectories(dir.resolve("colour-idx"));
        Random random = new Random(1);
        writeIdx(
                colourIdx.resolve("train-images-idx4-ubyte.gz"),
                0x08,
                bytes(random, 60 * 3072),
                60,
                32,
                32,
                3);
        writeIdx(
                colourIdx.resolve("t10k-images-idx4-ubyte.gz"),
                0x08,
                bytes(random, 20 * 3072),
                20,
                32,
                32,
                3);
        writeIdx(colourIdx.resolve("train-labels-idx1-ubyte.gz"), 0x08, labels(60, 3), 60);
        writeIdx(colourIdx.resolve("t10k-labels-idx1-ubyte.gz"), 0x08, labels(20, 3), 20);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] labels(int n, int classes) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % classes);
        }
        return b;
    }

    private static void writeIdx(Path path, int type, byte[] data, int... dims) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(header.array());
            out.write(data);
        }
    }

    /** Writes a version 1.0 .npy file as numpy.save does. */
    private static void writeNpy(Path path, String descr, byte[] data, int... shape)
            throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header =
                "{'descr': '"
                        + descr
                        + "', 'fortran_order': False, 'shape': ("
                        + dims.toString().strip()
                        + "), }";
        int pad = (64 - (10 + header.length() + 1) % 64) % 64;
        byte[] h = (header + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b =
                ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) h.length).put(h).put(data);
        Files.write(path, b.array());
    }

    private static boolean anyColour(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if ((rgb >> 16 & 0xFF) != (rgb >> 8 & 0xFF)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void colourIdxImagesTrainBothArchitecturesAndAreDrawnInColour() throws IOException {
        for (String arch : List.of("conv", "mlp")) {
            Path run = dir.resolve("colour-" + arch);
            InProcess.Result r = train(colourIdx, run, arch.equals("conv") ? CONV : new String[0]);
            assertThat(r.code()).as(r.err()).isZero();
            BufferedImage samples = ImageIO.read(run.resolve("samples.png").toFile());
            // 64 samples in 8 columns of 32x32 images at scale 2, with 2-pixel separators
            assertThat(samples.getWidth()).isEqualTo(2 + 8 * (64 + 2));
            assertThat(anyColour(samples)).isTrue();
            assertThat(run.resolve("reconstructions.png")).isNotEmptyFile();
            assertThat(run.resolve("manifold.png")).isNotEmptyFile();

            String model = run.toString();
            String data = colourIdx.toString();
            InProcess.Result eval =
                    vae(
                            "eval",
                            "--model",
                            model,
                            "--data",
                            data,
                            "--iw-samples",
                            "2",
                            "--limit",
                            "10");
            assertThat(eval.code()).as(eval.err()).isZero();
            assertThat(eval.out()).contains("10 test images");
            Path recon = dir.resolve(arch + "-recon.png");
            InProcess.Result rec =
                    vae(
                            "reconstruct",
                            "--model",
                            model,
                            "--data",
                            data,
                            "--count",
                            "4",
                            "--out",
                            recon.toString());
            assertThat(rec.code()).as(rec.err()).isZero();
            Path sample = dir.resolve(arch + "-sample.png");
            InProcess.Result s =
                    vae("sample", "--model", model, "--count", "4", "--out", sample.toString());
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(ImageIO.read(sample.toFile()).getWidth()).isEqualTo(2 + 2 * (64 + 2));
            Path manifold = dir.resolve(arch + "-manifold.png");
            InProcess.Result m =
                    vae("manifold", "--model", model, "--grid", "3", "--out", manifold.toString());
            assertThat(m.code()).as(m.err()).isZero();
            assertThat(ImageIO.read(manifold.toFile()).getWidth()).isEqualTo(3 * 32);

            String mismatch = fails(1, vae("eval", "--model", model, "--iw-samples", "2"));
            assertThat(mismatch)
                    .contains(
                            "takes 3x32x32 images (3072 values)",
                            "the data are 1x28x28 images (784 values)");
            assertThat(fails(1, vae("reconstruct", "--model", model, "--out", recon.toString())))
                    .isEqualTo(mismatch.replaceFirst("^vae eval", "vae reconstruct"));
            assertThat(fails(1, vae("train", "--resume", model, "--epochs", "2")))
                    .isEqualTo(mismatch.replaceFirst("^vae eval", "vae train"));
        }
    }

    @Test
    void aConditionalModelTakesItsClassesFromTheData() throws IOException {
        Path run = dir.resolve("colour-cvae");
        InProcess.Result r = train(colourIdx, run, "--conditional");
        assertThat(r.code()).as(r.err()).isZero();
        Path png = dir.resolve("cvae.png");
        InProcess.Result s =
                vae("sample", "--model", run.toString(), "--count", "2", "--out", png.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("2 samples of each of 3 classes");
        Path onnx = dir.resolve("cvae-onnx");
        InProcess.Result export =
                vae("export", "--model", run.toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        Path fromOnnx = dir.resolve("cvae-onnx.png");
        InProcess.Result o =
                vae(
                        "sample",
                        "--model",
                        onnx.resolve("decoder.onnx").toString(),
                        "--label",
                        "2",
                        "--count",
                        "3",
                        "--out",
                        fromOnnx.toString());
        assertThat(o.code()).as(o.err()).isZero();
        BufferedImage image = ImageIO.read(fromOnnx.toFile());
        assertThat(image.getWidth())
                .as("three 32x32 images in 2 columns, drawn from the recorded shape")
                .isEqualTo(2 + 2 * (64 + 2));
        assertThat(anyColour(image)).isTrue();
    }

    @Test
    void npyArraysTrainAndUnlabelledDataRefuseConditioning() throws IOException {
        Path npy = Files.createDirectories(dir.resolve("npy"));
        Random random = new Random(2);
        for (String split : List.of("train", "test")) {
            ByteBuffer floats =
                    ByteBuffer.allocate(4 * 30 * 12 * 12).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 30 * 12 * 12; i++) {
                floats.putFloat(random.nextFloat());
            }
            writeNpy(npy.resolve(split + "-images.npy"), "<f4", floats.array(), 30, 12, 12);
        }
        Path run = dir.resolve("npy-run");
        InProcess.Result r = train(npy, run, CONV);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ImageIO.read(run.resolve("samples.png").toFile()).getWidth())
                .isEqualTo(2 + 8 * (24 + 2));
        InProcess.Result conditional = train(npy, dir.resolve("never"), "--conditional");
        assertThat(fails(2, conditional)).contains("needs labelled data");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    private static void png(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void aFolderOfPngsTrainsAndMixedSizesAreNamed() throws IOException {
        Path images = dir.resolve("pngs");
        Random random = new Random(3);
        for (String label : List.of("circles", "squares")) {
            for (int i = 0; i < 18; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 256; p++) {
                    image.setRGB(p % 16, p / 16, random.nextInt(1 << 24));
                }
                png(images.resolve(label).resolve(label + i + ".png"), image);
            }
        }
        Path run = dir.resolve("png-run");
        InProcess.Result r =
                train(
                        images,
                        run,
                        "--arch",
                        "conv",
                        "--channels",
                        "4",
                        "--kernel",
                        "3",
                        "--conditional");
        assertThat(r.code()).as(r.err()).isZero();
        InProcess.Result s =
                vae(
                        "sample",
                        "--model",
                        run.toString(),
                        "--count",
                        "2",
                        "--out",
                        dir.resolve("png-s.png").toString());
        assertThat(s.out()).contains("of each of 2 classes");

        Path odd = images.resolve("squares").resolve("odd.png");
        png(odd, new BufferedImage(15, 16, BufferedImage.TYPE_INT_RGB));
        InProcess.Result mixed = train(images, dir.resolve("mixed"));
        assertThat(fails(1, mixed)).contains(odd.toString(), "is 15x16 pixels, but", "is 16x16");
        assertThat(dir.resolve("mixed")).doesNotExist();
    }

    @Test
    void badShapesAreOneLineErrors() throws IOException {
        Path rgba = Files.createDirectories(dir.resolve("rgba"));
        writeIdx(
                rgba.resolve("train-images-idx4-ubyte"), 0x08, new byte[2 * 4 * 4 * 4], 2, 4, 4, 4);
        writeIdx(rgba.resolve("t10k-images-idx4-ubyte"), 0x08, new byte[2 * 4 * 4 * 4], 2, 4, 4, 4);
        assertThat(fails(1, train(rgba, dir.resolve("rgba-run")))).contains("4 channels", "1 or 3");

        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        writeIdx(tiny.resolve("train-images-idx3-ubyte"), 0x08, new byte[2 * 4], 2, 2, 2);
        writeIdx(tiny.resolve("t10k-images-idx3-ubyte"), 0x08, new byte[2 * 4], 2, 2, 2);
        assertThat(fails(2, train(tiny, dir.resolve("tiny-run"), "--arch", "conv")))
                .contains("too small");
    }

    @Test
    void aModelOfNoImageShapeCannotBeDrawn() throws IOException {
        Path other = Files.createDirectories(dir.resolve("ninety-nine"));
        MlpVaeConfig model = new MlpVaeConfig(99, 2, new int[] {8}, Activation.RELU, "bernoulli");
        TrainingConfig training = TrainingConfig.defaults();
        try (Backend b = Backends.open("nd4j", Device.CPU);
                Vae vae = model.build(Init.on(b, DType.FLOAT32, Rng.seeded(1)));
                Optimizer opt = training.buildOptimizer(vae.namedParameters())) {
            Checkpoints.save(
                    other.resolve(Checkpoints.FILE_NAME),
                    vae,
                    opt,
                    new RunInfo(model, training, 0, List.of(), Map.of()));
        }
        String png = dir.resolve("never.png").toString();
        assertThat(fails(1, vae("sample", "--model", other.toString(), "--out", png)))
                .contains("takes 99 values per example", "cannot be drawn");
        assertThat(fails(1, vae("manifold", "--model", other.toString(), "--out", png)))
                .contains("cannot be drawn");
        assertThat(dir.resolve("never.png")).doesNotExist();
    }
}
