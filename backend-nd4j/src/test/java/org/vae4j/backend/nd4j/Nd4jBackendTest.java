package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The cases where ND4J needs help: empty and rank-0 tensors, extreme inputs of the composed math,
 * NumPy broadcasting, products with transpose flags, float64, freeing memory, and the reports.
 */
final class Nd4jBackendTest {
    private static Backend backend;
    private Scope scope;

    @BeforeAll
    static void open() {
        backend = new Nd4jBackendProvider().open(Device.CPU);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @BeforeEach
    void openScope() {
        scope = backend.openScope();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    private static Tensor t(DType dtype, Shape shape, double... values) {
        if (dtype == DType.FLOAT64) {
            return backend.fromDoubles(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return backend.fromFloats(f, shape);
    }

    private static Tensor t(Shape shape, double... values) {
        return t(DType.FLOAT32, shape, values);
    }

    private static void expect(Tensor actual, Shape shape, double... values) {
        assertThat(actual.shape()).isEqualTo(shape);
        assertThat(actual.toDoubles()).containsExactly(values);
    }

    // ---- provider -------------------------------------------------------------------------------

    @Test
    void theProviderDescribesTheCpuBuild() {
        Nd4jBackendProvider provider = new Nd4jBackendProvider();
        assertThat(provider.name()).isEqualTo("nd4j");
        assertThat(provider.priority()).isEqualTo(20);
        assertThat(provider.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(provider.probe().available()).as("%s", provider.probe()).isTrue();
        assertThat(provider.devices()).containsExactly(Device.CPU);
    }

    @Test
    void openingAMissingDeviceNamesTheDevicesThatExist() {
        assertThatThrownBy(() -> new Nd4jBackendProvider().open(Device.cuda(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Device cuda:0 is not available to backend 'nd4j'; devices here: cpu");
    }

    @Test
    void theCpuBackendDeclaresEverythingButCuda() {
        assertThat(backend.capabilities())
                .containsExactlyInAnyOrder(
                        Capability.FLOAT64, Capability.READ_VALUES, Capability.TRAINING);
    }

    @Test
    void infoReportsVersionBuildBlasAndThreads() {
        Map<String, String> info = backend.info();
        assertThat(info)
                .containsEntry("device", "cpu")
                .containsEntry("nd4j.version", "1.0.0-M2.1")
                .containsEntry("cuda", "false")
                .containsKeys("blas.vendor", "cpu.best.build");
        assertThat(info.get("nd4j.backend")).endsWith("CpuBackend");
        assertThat(info.get("native.build")).isIn("generic", "avx2", "avx512");
        assertThat(info.get("native.classifier")).startsWith("linux-x86_64");
        assertThat(info.get("omp.threads")).containsOnlyDigits();
        assertThat(info.get("blas.threads")).containsOnlyDigits();
    }

    @Test
    void aBuildTheCpuCannotRunIsReportedBeforeLoading() {
        String avx512 = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx512/";
        assertThat(
                        Nd4jNativeBuild.cpuMismatch(
                                "linux-x86_64", r -> r.startsWith(avx512), Set.of("avx", "avx2")))
                .contains("linux-x86_64-avx512")
                .contains("AVX-512")
                .contains("-Dnd4j.classifier=linux-x86_64");
        Set<String> skylake = Set.of("avx2", "avx512f", "avx512bw", "avx512dq", "avx512vl");
        assertThat(Nd4jNativeBuild.cpuMismatch("linux-x86_64", r -> true, skylake)).isNull();
        assertThat(Nd4jNativeBuild.cpuMismatch("linux-x86_64", r -> false, Set.of("sse2")))
                .isNull();
    }

    // ---- empty and rank-0 tensors -------------------------------------------------------------

    @Test
    void emptyTensorsGoThroughEveryKindOfOp() {
        Tensor e = backend.zeros(Shape.of(2, 0, 3), DType.FLOAT32);
        assertThat(e.toFloats()).isEmpty();
        expect(backend.unary(Op.SOFTPLUS, e), Shape.of(2, 0, 3));
        expect(backend.binary(Op.ADD, e, t(Shape.of(3), 1, 2, 3)), Shape.of(2, 0, 3));
        expect(backend.reduce(Op.SUM, e, new int[] {1}, false), Shape.of(2, 3), 0, 0, 0, 0, 0, 0);
        expect(backend.reduce(Op.MAX, e, new int[] {2}, true), Shape.of(2, 0, 1));
        expect(backend.reshape(e, Shape.of(0, 6)), Shape.of(0, 6));
        expect(backend.take(e, new int[0]), Shape.of(0, 0, 3));
        expect(backend.slice(t(Shape.of(2), 1, 2), 0, 1, 1), Shape.of(0));
        Tensor x = t(Shape.of(1, 3), 1, 2, 3);
        expect(
                backend.concat(List.of(backend.zeros(Shape.of(0, 3), DType.FLOAT32), x), 0),
                x.shape(),
                1,
                2,
                3);
    }

    @Test
    void anInnerSizeOfZeroGivesZerosAndAnOuterOneGivesAnEmptyProduct() {
        Tensor a = backend.zeros(Shape.of(2, 0), DType.FLOAT64);
        Tensor b = backend.zeros(Shape.of(0, 3), DType.FLOAT64);
        expect(backend.matmul(a, b, false, false), Shape.of(2, 3), 0, 0, 0, 0, 0, 0);
        expect(backend.matmul(b, b, false, true), Shape.of(0, 0));
        Tensor bias = t(DType.FLOAT64, Shape.of(2), 5, 6);
        expect(
                backend.linear(backend.zeros(Shape.of(1, 0), DType.FLOAT64), a, bias),
                Shape.of(1, 2),
                5,
                6);
    }

    @Test
    void convolutionsOfNoChannelsOrOnlyPaddingGiveZerosAndOfNoSamplesNothing() {
        Tensor noChannels = backend.zeros(Shape.of(1, 0, 2, 2), DType.FLOAT32);
        Tensor k = backend.zeros(Shape.of(1, 0, 1, 1), DType.FLOAT32);
        expect(
                backend.conv2d(noChannels, k, Conv2dSpec.DEFAULT),
                Shape.of(1, 1, 2, 2),
                new double[4]);
        expect(
                backend.convTranspose2d(
                        noChannels,
                        backend.zeros(Shape.of(0, 1, 1, 1), DType.FLOAT32),
                        Conv2dSpec.of(2, 0).withOutputPadding(1, 0)),
                Shape.of(1, 1, 4, 3),
                new double[12]);
        Tensor ones = t(Shape.of(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        expect(
                backend.conv2d(
                        backend.zeros(Shape.of(1, 1, 0, 0), DType.FLOAT32),
                        ones,
                        Conv2dSpec.of(1, 2)),
                Shape.of(1, 1, 2, 2),
                new double[4]);
        expect(
                backend.conv2d(
                        backend.zeros(Shape.of(0, 1, 3, 3), DType.FLOAT32),
                        ones,
                        Conv2dSpec.DEFAULT),
                Shape.of(0, 1, 1, 1));
    }

    @Test
    void rankZeroTensorsBroadcastReduceAndReshape() {
        Tensor s = backend.scalar(2.5, DType.FLOAT32);
        expect(s, Shape.scalar(), 2.5);
        assertThat(s.item()).isEqualTo(2.5);
        expect(
                backend.binary(Op.MUL, s, t(Shape.of(2, 2), 1, 2, 3, 4)),
                Shape.of(2, 2),
                2.5,
                5,
                7.5,
                10);
        expect(backend.reduce(Op.SUM, s, new int[0], false), Shape.scalar(), 2.5);
        expect(backend.reshape(s, Shape.of(1, 1)), Shape.of(1, 1), 2.5);
        expect(backend.reshape(t(Shape.of(1), 4), Shape.scalar()), Shape.scalar(), 4);
        expect(backend.permute(s), Shape.scalar(), 2.5);
        expect(backend.broadcastTo(s, Shape.of(3)), Shape.of(3), 2.5, 2.5, 2.5);
        expect(
                backend.reduce(Op.MAX, t(Shape.of(3), -1, -3, -2), new int[] {0}, false),
                Shape.scalar(),
                -1);
    }

    @Test
    void aReshapeHoldsTheBufferOfItsSourceUntilOneOfThemIsWritten() {
        Nd4jTensor source = (Nd4jTensor) t(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Nd4jTensor flat = (Nd4jTensor) backend.reshape(source, Shape.of(6));
        Nd4jTensor column = (Nd4jTensor) backend.reshape(flat, Shape.of(6, 1));
        long buffer = source.array().data().address();
        assertThat(flat.array().data().address()).isEqualTo(buffer);
        assertThat(column.array().data().address()).isEqualTo(buffer);
        expect(column, Shape.of(6, 1), 1, 2, 3, 4, 5, 6);

        backend.assign(flat, t(Shape.of(6), 0, 0, 0, 0, 0, 0));
        assertThat(flat.array().data().address()).isNotEqualTo(buffer);
        expect(source, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        backend.assign(column, t(Shape.of(6, 1), 9, 9, 9, 9, 9, 9));
        assertThat(column.array().data().address()).isNotEqualTo(buffer);
        backend.assign(source, t(Shape.of(2, 3), 7, 7, 7, 7, 7, 7));
        assertThat(source.array().data().address())
                .as("written in place once no other tensor holds its buffer")
                .isEqualTo(buffer);
        expect(flat, Shape.of(6), 0, 0, 0, 0, 0, 0);
    }

    // ---- math at extreme inputs ---------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(DType.class)
    void softplusNeitherOverflowsNorLosesTinyValues(DType dtype) {
        Tensor x = t(dtype, Shape.of(5), -1000, -20, 0, 20, 1000);
        double[] y = backend.unary(Op.SOFTPLUS, x).toDoubles();
        assertThat(y[0]).isZero();
        assertThat(y[1]).isCloseTo(2.0611536181902037e-9, within(1e-15));
        assertThat(y[2]).isCloseTo(Math.log(2), within(1e-7));
        assertThat(y[3]).isCloseTo(20.000000002061153, within(2e-6));
        assertThat(y[4]).isEqualTo(1000);
        expect(x, Shape.of(5), -1000, -20, 0, 20, 1000);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sigmoidSaturatesWithoutNaN(DType dtype) {
        double[] y =
                backend.unary(Op.SIGMOID, t(dtype, Shape.of(4), -1000, -20, 0, 1000)).toDoubles();
        assertThat(y[0]).isZero();
        assertThat(y[1]).isCloseTo(2.0611536181902037e-9, within(1e-15));
        assertThat(y[2]).isEqualTo(0.5);
        assertThat(y[3]).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void log1pIsExactForTinyInputsAndRightAtTheEnds(DType dtype) {
        double inf = Double.POSITIVE_INFINITY;
        double[] y =
                backend.unary(Op.LOG1P, t(dtype, Shape.of(5), 1e-10, -1, inf, -2, 1e30))
                        .toDoubles();
        assertThat(y[0])
                .isCloseTo(
                        dtype == DType.FLOAT32 ? (float) 1e-10 : 9.9999999995e-11, offset(1e-22));
        assertThat(y[1]).isEqualTo(-inf);
        assertThat(y[2]).isEqualTo(inf);
        assertThat(y[3]).isNaN();
        assertThat(y[4]).isCloseTo(Math.log(1e30), within(1e-4));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhKeepsItsRelativeAccuracyNearZero(DType dtype) {
        double[] x = {1e-8, -1e-3, 0.05, 0.5, 1000};
        double[] y = backend.unary(Op.TANH, t(dtype, Shape.of(5), x)).toDoubles();
        for (int i = 0; i < x.length; i++) {
            double v = dtype == DType.FLOAT32 ? (float) x[i] : x[i];
            assertThat(y[i]).isCloseTo(Math.tanh(v), within(Math.abs(Math.tanh(v)) * 1e-6));
        }
    }

    // ---- broadcasting -------------------------------------------------------------------------

    @Test
    void binaryOpsBroadcastAColumnAgainstARowInBothOrders() {
        Tensor column = t(Shape.of(2, 1), 100, 200);
        Tensor row = t(Shape.of(3), 1, 2, 3);
        expect(backend.binary(Op.ADD, column, row), Shape.of(2, 3), 101, 102, 103, 201, 202, 203);
        expect(
                backend.binary(Op.SUB, row, column),
                Shape.of(2, 3),
                -99,
                -98,
                -97,
                -199,
                -198,
                -197);
        expect(
                backend.binary(Op.POW, row, t(Shape.of(2, 1, 1), 2, 0)),
                Shape.of(2, 1, 3),
                1,
                4,
                9,
                1,
                1,
                1);
    }

    @Test
    void greaterGivesOnesAndZerosInTheInputDtype() {
        Tensor a = t(DType.FLOAT64, Shape.of(2, 1), 1, -1);
        Tensor b = t(DType.FLOAT64, Shape.of(3), 0, 1, -2);
        Tensor y = backend.binary(Op.GREATER, a, b);
        assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
        expect(y, Shape.of(2, 3), 1, 0, 1, 0, 0, 1);
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        Tensor condition = t(Shape.of(3), 1, 0, -0.5);
        Tensor a = t(Shape.of(2, 1), 10, 20);
        Tensor b = backend.scalar(-1, DType.FLOAT32);
        expect(backend.where(condition, a, b), Shape.of(2, 3), 10, -1, 10, 20, -1, 20);
    }

    // ---- products -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(DType.class)
    void matmulHonoursBothTransposeFlags(DType dtype) {
        Tensor a = t(dtype, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = t(dtype, Shape.of(3, 2), 1, 0, 0, 1, 1, 1);
        Tensor bt = t(dtype, Shape.of(2, 3), 1, 0, 1, 0, 1, 1);
        Tensor at = t(dtype, Shape.of(3, 2), 1, 4, 2, 5, 3, 6);
        expect(backend.matmul(a, b, false, false), Shape.of(2, 2), 4, 5, 10, 11);
        expect(backend.matmul(a, bt, false, true), Shape.of(2, 2), 4, 5, 10, 11);
        expect(backend.matmul(at, b, true, false), Shape.of(2, 2), 4, 5, 10, 11);
        expect(backend.matmul(at, bt, true, true), Shape.of(2, 2), 4, 5, 10, 11);
        expect(backend.matmul(b, a, true, true), Shape.of(2, 2), 4, 10, 5, 11);
    }

    @Test
    void linearAddsTheBiasToTheProductWithTheTransposedWeight() {
        Tensor x = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor w = t(DType.FLOAT64, Shape.of(2, 3), 1, 0, 1, 0, 1, 1);
        Tensor bias = t(DType.FLOAT64, Shape.of(2), 0.5, -1);
        expect(backend.linear(x, w, bias), Shape.of(2, 2), 4.5, 4, 10.5, 10);
        expect(backend.linear(x, w, null), Shape.of(2, 2), 4, 5, 10, 11);
    }

    // ---- float64, in place, memory ------------------------------------------------------------

    @Test
    void float64KeepsWhatFloat32WouldRound() {
        Tensor x = t(DType.FLOAT64, Shape.of(3), 0.1, 1 + 1e-15, 1e-300);
        expect(
                backend.cast(backend.cast(x, DType.FLOAT64), DType.FLOAT64),
                Shape.of(3),
                0.1,
                1 + 1e-15,
                1e-300);
        expect(backend.cast(x, DType.FLOAT32), Shape.of(3), (float) 0.1, 1, 0);
        expect(
                backend.reduce(Op.SUM, x, new int[] {0}, true),
                Shape.of(1),
                0.1 + (1 + 1e-15) + 1e-300);
    }

    @Test
    void assignWritesInPlaceAndLeavesWhatCameFromTheTarget() {
        Tensor x = t(Shape.of(2, 2), 1, 2, 3, 4);
        List<Tensor> derived =
                List.of(
                        backend.reshape(x, Shape.of(4)),
                        backend.permute(x, 1, 0),
                        backend.slice(x, 0, 0, 1),
                        backend.cast(x, DType.FLOAT32),
                        backend.reduce(Op.SUM, x, new int[0], false));
        backend.assign(x, t(Shape.of(2, 2), -1, -2, -3, -4));
        expect(x, Shape.of(2, 2), -1, -2, -3, -4);
        expect(derived.get(0), Shape.of(4), 1, 2, 3, 4);
        expect(derived.get(1), Shape.of(2, 2), 1, 3, 2, 4);
        expect(derived.get(2), Shape.of(1, 2), 1, 2);
        expect(derived.get(3), Shape.of(2, 2), 1, 2, 3, 4);
        expect(derived.get(4), Shape.of(2, 2), 1, 2, 3, 4);
    }

    @Test
    void closedBuffersServeTheNextResultsOfTheirSizeUntilABackendCloses() {
        Nd4jArrayPool.shared().clear();
        long baseline = backend.memory().nativeBytes();
        Tensor big = backend.zeros(Shape.of(1000, 1000), DType.FLOAT32);
        assertThat(backend.memory().nativeBytes())
                .isCloseTo(baseline + 4_000_000, within(1_000_000L));
        big.close();
        assertThat(Nd4jArrayPool.shared().bytes()).as("kept for reuse").isEqualTo(4_000_000);
        Tensor again = backend.zeros(Shape.of(500, 2000), DType.FLOAT32);
        assertThat(Nd4jArrayPool.shared().bytes()).as("taken again").isZero();
        assertThat(backend.memory().nativeBytes())
                .as("no new buffer")
                .isCloseTo(baseline + 4_000_000, within(1_000_000L));
        again.close();
        try (Scope inner = backend.openScope()) {
            backend.unary(Op.EXP, backend.zeros(Shape.of(500, 1000), DType.FLOAT64));
            assertThat(backend.memory().nativeBytes())
                    .as("float64 buffers of their own")
                    .isCloseTo(baseline + 12_000_000, within(1_000_000L));
        }
        assertThat(Nd4jArrayPool.shared().bytes()).isEqualTo(12_000_000);
        new Nd4jBackendProvider().open(Device.CPU).close();
        assertThat(Nd4jArrayPool.shared().bytes()).isZero();
        assertThat(backend.memory().nativeBytes()).isCloseTo(baseline, within(1_000_000L));
    }
}
