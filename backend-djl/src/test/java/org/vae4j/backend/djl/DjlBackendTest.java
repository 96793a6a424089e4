package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.host.ElementCut;
import org.vae4j.host.HostArray;

/**
 * What is particular to DJL: the provider and its reports, offline loading and the thread default,
 * every native handle freed with its scope, the ops composed here (log1p, softplus above PyTorch's
 * threshold, Adam in place, the transposed convolution through autograd), products with transpose
 * flags, inputs copied in chunks, and views that must not share storage.
 */
final class DjlBackendTest {
    private static DjlBackend backend;
    private Scope scope;

    @BeforeAll
    static void open() {
        backend = (DjlBackend) new DjlBackendProvider().open(Device.CPU);
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

    private static int attachedArrays() {
        return backend.manager().getManagedArrays().size();
    }

    // ---- provider and reports -------------------------------------------------------------------

    @Test
    void theProviderDescribesTheCpuBuild() {
        DjlBackendProvider provider = new DjlBackendProvider();
        assertThat(provider.name()).isEqualTo("djl");
        assertThat(provider.priority()).isEqualTo(10);
        assertThat(provider.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(provider.probe().available()).as("%s", provider.probe()).isTrue();
        assertThat(provider.devices()).containsExactly(Device.CPU);
    }

    @Test
    void openingAMissingDeviceNamesTheDevicesThatExist() {
        assertThatThrownBy(() -> new DjlBackendProvider().open(Device.cuda(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Device cuda:0 is not available to backend 'djl'; devices here: cpu");
    }

    @Test
    void theCpuBackendDeclaresEverythingButCuda() {
        assertThat(backend.capabilities())
                .containsExactlyInAnyOrder(
                        Capability.FLOAT64, Capability.READ_VALUES, Capability.TRAINING);
    }

    @Test
    void infoReportsVersionsBuildThreadsAndOfflineMode() {
        Map<String, String> info = backend.info();
        assertThat(info)
                .containsEntry("device", "cpu")
                .containsEntry("djl.version", "0.36.0")
                .containsEntry("pytorch.version", "2.7.1")
                .containsEntry("native.build", "cpu")
                .containsEntry("native.classifier", "linux-x86_64")
                .containsEntry("djl.offline", "true")
                .containsEntry("cuda", "false")
                .containsEntry(
                        "products",
                        "OpenBLAS gemm, cut over "
                                + org.vae4j.api.support.ParallelFor.shared().workers()
                                + " workers (-Dvae4j.djl.products=openblas|pytorch)")
                .containsEntry(
                        "elementwise",
                        "fused on the host, cut over "
                                + org.vae4j.api.support.ParallelFor.shared().workers()
                                + " workers; sigmoid by PyTorch, and expressions of up to 3"
                                + " exact ops as its kernels; sums, maxima and the finiteness"
                                + " check on the host (-Dvae4j.djl.elementwise=host|pytorch)")
                .containsKeys(
                        "openmp.wait", "pytorch.features", "intraop.threads.source", "djl.cache");
        assertThat(Path.of(info.get("native.library"))).isDirectory();
        assertThat(info.get("intraop.threads")).containsOnlyDigits();
        assertThat(info.get("interop.threads")).containsOnlyDigits();
    }

    @Test
    void theHostLoopsWorkOnTheTensorsOwnStorage() {
        DjlTensor t =
                (DjlTensor) backend.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        HostArray[] views = DjlHost.views(t.array());
        assertThat(views[0].shape()).containsExactly(2, 3);
        assertThat(views[0].floats().get(5)).isEqualTo(6f);
        views[0].floats().put(4, -1f);
        assertThat(t.toFloats()).containsExactly(1, 2, 3, 4, -1, 6);
    }

    @Test
    void aReshapeSharesTheStorageUntilOneOfThemIsWritten() {
        DjlTensor source = (DjlTensor) t(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        DjlTensor flat = (DjlTensor) backend.reshape(source, Shape.of(6));
        assertThat(DjlArrays.storage(flat.array()).asFloatBuffer().get(5)).isEqualTo(6f);
        DjlArrays.storage(source.array()).asFloatBuffer().put(5, -6f);
        assertThat(flat.toFloats()).as("a view, not a copy").containsExactly(1, 2, 3, 4, 5, -6);

        var shared = flat.array();
        assertThat(flat.writable()).as("copied while the source holds it").isNotSameAs(shared);
        DjlTensor again = (DjlTensor) backend.reshape(flat, Shape.of(3, 2));
        again.close();
        var own = flat.array();
        assertThat(flat.writable()).as("no copy once the other holder closed").isSameAs(own);
    }

    @Test
    void sigmoidInsideExpressionsIsPyTorchsKernelAndLeavesNoArrays() {
        float[] a = new float[37 * 53];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (8 * Math.sin(i));
        }
        Tensor l = backend.fromFloats(a, Shape.of(37, 53));
        Tensor g = backend.fromFloats(new float[] {0.25f, 3f}, Shape.of(2, 1, 1));
        Elementwise.Builder eb = Elementwise.builder(2);
        Elementwise.Term s = eb.input(0).mul(eb.input(1)).sigmoid();
        Elementwise e = eb.build(s.add(1).mul(s));
        Elementwise.Builder ob = Elementwise.builder(1);
        Elementwise alone = ob.build(ob.input(0).sigmoid());
        int before = attachedArrays();

        float[] fused = backend.elementwise(e, l, g).toFloats();
        float[] sigmoid = backend.elementwise(alone, l).toFloats();

        assertThat(attachedArrays()).as("arrays left attached").isEqualTo(before + 2);
        DjlTensor lg = (DjlTensor) backend.binary(Op.MUL, l, g);
        try (var torchS = JniUtils.sigmoid(lg.array());
                var one = DjlArrays.scalar(backend.manager(), 1, DType.FLOAT32);
                var plusOne = JniUtils.add(torchS, one);
                var expected = JniUtils.mul(plusOne, torchS);
                var torchAlone = JniUtils.sigmoid(((DjlTensor) l).array())) {
            assertThat(fused).containsExactly(expected.toFloatArray());
            assertThat(sigmoid).containsExactly(torchAlone.toFloatArray());
        }
    }

    @Test
    void shortExpressionsOfExactOpsRunAsKernelsWithTheHostPassesBits() {
        DjlHost threeKernels = new DjlHost(new ElementCut(new ParallelFor(2), 1), 3);
        Elementwise.Builder b = Elementwise.builder(3);
        Elementwise.Term x = b.input(0);
        Elementwise.Term y = b.input(1);
        Elementwise.Term g = b.input(2);
        Elementwise logitsGradient = b.build(g.sub(x.sigmoid()).mul(y));
        assertThat(threeKernels.asKernels(logitsGradient)).isTrue();
        assertThat(threeKernels.asKernels(b.build(x.add(y)))).isTrue();
        assertThat(threeKernels.asKernels(b.build(x.sub(y).mul(g).add(x).neg())))
                .as("4 ops")
                .isFalse();
        assertThat(threeKernels.asKernels(b.build(x.mul(y).add(1).div(2))))
                .as("a constant counts")
                .isFalse();
        assertThat(threeKernels.asKernels(b.build(x.exp().add(y))))
                .as("exp has other bits")
                .isFalse();
        assertThat(threeKernels.asKernels(b.build(x.mul(y.greater(0)))))
                .as("greater is two")
                .isFalse();
        assertThat(threeKernels.asKernels(b.build(y))).as("nothing to compute").isFalse();
        assertThat(new DjlHost(new ElementCut(new ParallelFor(2), 1), 0).asKernels(logitsGradient))
                .isFalse();

        float[] l = new float[37 * 53];
        float[] t = new float[37 * 53];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (8 * Math.sin(i));
            t[i] = (float) Math.cos(3 * i);
        }
        Tensor[] in = {
            backend.fromFloats(l, Shape.of(37, 53)),
            backend.fromFloats(new float[] {0.5f, -3f}, Shape.of(2, 1, 1)),
            backend.fromFloats(t, Shape.of(37, 53))
        };
        float[] kernels = backend.elementwise(logitsGradient, in).toFloats();
        try (Backend hostOnly =
                new DjlBackendProvider(null, new DjlHost(new ElementCut(new ParallelFor(2), 1), 0))
                        .open(Device.CPU)) {
            Tensor[] again = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                again[k] = hostOnly.fromFloats(in[k].toFloats(), in[k].shape());
            }
            assertThat(hostOnly.elementwise(logitsGradient, again).toFloats())
                    .containsExactly(kernels);
        }
    }

    @Test
    void theHostAndPyTorchGiveTheSameExpressionsAndABadChoiceIsOneLine() {
        float[] a = new float[37 * 53];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (8 * Math.sin(i));
        }
        Elementwise.Builder eb = Elementwise.builder(2);
        Elementwise.Term l = eb.input(0);
        Elementwise e =
                eb.build(
                        eb.where(
                                l.greater(0),
                                l.softplus().mul(eb.input(1)),
                                l.tanh().add(l.neg().exp().log1p())));
        Tensor x = backend.fromFloats(a, Shape.of(37, 53));
        Tensor y = backend.fromFloats(new float[] {0.5f}, Shape.of(1));
        float[] fused = backend.elementwise(e, x, y).toFloats();
        float[] softplus = backend.unary(Op.SOFTPLUS, x).toFloats();
        String before = System.getProperty(DjlHost.PROPERTY);
        try {
            System.setProperty(DjlHost.PROPERTY, "pytorch");
            try (Backend torch = new DjlBackendProvider().open(Device.CPU)) {
                assertThat(torch.info())
                        .containsEntry(
                                "elementwise",
                                "PyTorch, op by op (-D" + DjlHost.PROPERTY + "=host|pytorch)");
                Tensor tx = torch.fromFloats(a, Shape.of(37, 53));
                Tensor ty = torch.fromFloats(new float[] {0.5f}, Shape.of(1));
                assertThat(torch.elementwise(e, tx, ty).toFloats())
                        .containsExactly(fused, within(1e-5f));
                assertThat(torch.unary(Op.SOFTPLUS, tx).toFloats())
                        .containsExactly(softplus, within(1e-5f));
            }
            System.setProperty(DjlHost.PROPERTY, "torch");
            assertThatThrownBy(() -> new DjlBackendProvider().open(Device.CPU))
                    .hasMessage("-Dvae4j.djl.elementwise must be host or pytorch, not 'torch'");
        } finally {
            if (before == null) {
                System.clearProperty(DjlHost.PROPERTY);
            } else {
                System.setProperty(DjlHost.PROPERTY, before);
            }
        }
    }

    @Test
    void openBlasAndPyTorchGiveTheSameProductsAndABadChoiceIsOneLine() {
        float[] a = new float[37 * 53];
        float[] b = new float[29 * 53];
        float[] bias = new float[29];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.cos(i * 0.7);
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = i - 14;
        }
        Tensor x = backend.fromFloats(a, Shape.of(37, 53));
        Tensor w = backend.fromFloats(b, Shape.of(29, 53));
        Tensor bt = backend.fromFloats(bias, Shape.of(29));
        float[] linear = backend.linear(x, w, bt).toFloats();
        float[] product = backend.matmul(w, x, false, true).toFloats();
        String before = System.getProperty(DjlBlas.PROPERTY);
        try {
            System.setProperty(DjlBlas.PROPERTY, "pytorch");
            try (Backend torch = new DjlBackendProvider().open(Device.CPU)) {
                assertThat(torch.info())
                        .containsEntry(
                                "products",
                                "PyTorch (-D" + DjlBlas.PROPERTY + "=openblas|pytorch)");
                Tensor tx = torch.fromFloats(a, Shape.of(37, 53));
                Tensor tw = torch.fromFloats(b, Shape.of(29, 53));
                Tensor tb = torch.fromFloats(bias, Shape.of(29));
                assertThat(torch.linear(tx, tw, tb).toFloats())
                        .containsExactly(linear, within(1e-4f));
                assertThat(torch.matmul(tw, tx, false, true).toFloats())
                        .containsExactly(product, within(1e-4f));
            }
            System.setProperty(DjlBlas.PROPERTY, "mkl");
            assertThatThrownBy(() -> new DjlBackendProvider().open(Device.CPU))
                    .hasMessage("-Dvae4j.djl.products must be openblas or pytorch, not 'mkl'");
        } finally {
            if (before == null) {
                System.clearProperty(DjlBlas.PROPERTY);
            } else {
                System.setProperty(DjlBlas.PROPERTY, before);
            }
        }
    }

    @Test
    void anOpRestoresTheIntraOpThreadsAnotherLibraryChanged() {
        int configured = Integer.parseInt(backend.info().get("intraop.threads"));
        JniUtils.setNumThreads(configured + 1); // as ND4J does when it loads on this thread
        try (Scope s = backend.openScope()) {
            backend.binary(
                    Op.ADD, backend.scalar(1, DType.FLOAT32), backend.scalar(2, DType.FLOAT32));
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(configured);
    }

    @Test
    void libtorchIsExtractedToDjlsCache() throws Exception {
        Path library = Path.of(backend.info().get("native.library"));
        assertThat(library).startsWith(Path.of(backend.info().get("djl.cache")));
        try (var files = Files.list(library)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("libtorch_cpu.so")
                    .anyMatch(name -> name.endsWith("libdjl_torch.so"));
        }
    }

    @Test
    void onTwoCoresPyTorchGetsOneIntraOpThreadUnlessTheUserChose() {
        boolean chosen =
                System.getProperty("ai.djl.pytorch.num_threads") != null
                        || System.getenv("OMP_NUM_THREADS") != null
                        || System.getenv("MKL_NUM_THREADS") != null;
        if (!chosen && Runtime.getRuntime().availableProcessors() <= 2) {
            assertThat(backend.info()).containsEntry("intraop.threads", "1");
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
        }
    }

    @Test
    void resultsNeverAskPyTorchForGradients() {
        Tensor x = t(Shape.of(2, 2), 1, 2, 3, 4);
        Tensor y = backend.matmul(backend.unary(Op.SOFTPLUS, x), x, false, true);
        assertThat(JniUtils.requiresGrad(((DjlTensor) x).array())).isFalse();
        assertThat(JniUtils.requiresGrad(((DjlTensor) y).array())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void theTransposedConvolutionLeavesGradModeAsItFoundIt(DType dtype) {
        Tensor x = t(dtype, Shape.of(1, 1, 1, 2), 1, 2);
        Tensor k = t(dtype, Shape.of(1, 1, 1, 2), 1, 10);
        Conv2dSpec spec = Conv2dSpec.of(2, 0).withOutputPadding(0, 1);
        boolean before = JniUtils.isGradMode();
        try {
            for (boolean mode : new boolean[] {false, true}) {
                JniUtils.setGradMode(mode);
                Tensor y = backend.convTranspose2d(x, k, spec);
                assertThat(JniUtils.isGradMode()).isEqualTo(mode);
                assertThat(JniUtils.requiresGrad(((DjlTensor) y).array())).isFalse();
                expect(y, Shape.of(1, 1, 1, 5), 1, 10, 2, 20, 0);
            }
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    // ---- memory
    // -----------------------------------------------------------------------------------

    @Test
    void everyNativeHandleOfAnOpIsFreedWithItsScope() {
        int before = attachedArrays();
        Tensor param = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor m = backend.zeros(Shape.of(2, 3), DType.FLOAT64);
        Tensor v = backend.zeros(Shape.of(2, 3), DType.FLOAT64);
        try (Scope inner = backend.openScope()) {
            Tensor x = t(DType.FLOAT64, Shape.of(2, 3), -1, 0, 25, 3, -40, 1e-9);
            backend.unary(Op.SOFTPLUS, x);
            backend.unary(Op.LOG1P, backend.unary(Op.ABS, x));
            backend.binary(Op.GREATER, x, param);
            backend.where(x, param, x);
            backend.reduce(Op.MAX, x, new int[] {0, 1}, false);
            backend.matmul(x, param, true, false);
            backend.linear(x, param, backend.zeros(Shape.of(2), DType.FLOAT64));
            backend.permute(x, 1, 0);
            backend.take(x, new int[] {1, 0, 1});
            backend.slice(x, 1, 1, 3);
            backend.broadcastTo(x, Shape.of(4, 2, 3));
            backend.concat(List.of(x, x), 0);
            backend.cast(x, DType.FLOAT32);
            backend.adamUpdate(param, x, m, v, new AdamStep(0.1, 0.9, 0.999, 1e-8, 0.01, 1));
            backend.assign(m, x);
            Tensor image = backend.reshape(x, Shape.of(1, 1, 2, 3));
            Tensor kernel = t(DType.FLOAT64, Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
            backend.conv2d(image, kernel, Conv2dSpec.of(1, 1));
            backend.convTranspose2d(image, kernel, Conv2dSpec.of(2, 1));
            backend.convTranspose2d(
                    image, kernel, Conv2dSpec.of(1, 0).withDilation(2, 2).withOutputPadding(1, 1));
            assertThat(attachedArrays()).isEqualTo(before + 3 + inner.size());
        }
        assertThat(attachedArrays()).isEqualTo(before + 3);
        param.close();
        m.close();
        v.close();
        assertThat(attachedArrays()).isEqualTo(before);
    }

    @Test
    void closingTheBackendFreesWhatItStillHolds() {
        Backend other = new DjlBackendProvider().open(Device.CPU);
        Tensor x = other.fromFloats(new float[] {1, 2}, Shape.of(2));
        other.close();
        assertThatThrownBy(x::toFloats)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed backend");
        x.close();
        assertThat(x.isClosed()).isTrue();
    }

    @Test
    void inputsLargerThanTheStagingBufferArriveWhole() {
        float[] floats = new float[300_001];
        double[] doubles = new double[200_003];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i * 0.5f - 7;
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = Math.sqrt(i) + 1e-12 * i;
        }
        assertThat(backend.fromFloats(floats, Shape.of(300_001)).toFloats()).isEqualTo(floats);
        Tensor d = backend.fromDoubles(doubles, Shape.of(1, 200_003, 1));
        assertThat(d.toDoubles()).isEqualTo(doubles);
    }

    // ---- the composed math
    // ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(DType.class)
    void softplusIsAccurateAboveTheThresholdOfPyTorch(DType dtype) {
        double[] x = {-1000, -20, 0, 20, 20.5, 25, 29.9, 1000};
        double[] y = backend.unary(Op.SOFTPLUS, t(dtype, Shape.of(x.length), x)).toDoubles();
        for (int i = 0; i < x.length; i++) {
            double v = dtype == DType.FLOAT32 ? (float) x[i] : x[i];
            double expected = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
            double rel = dtype == DType.FLOAT32 ? 1e-7 : 1e-15;
            assertThat(y[i]).as("softplus(%s)", v).isCloseTo(expected, within(rel * expected));
        }
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
    void adamInPlaceEqualsTheCompositeStep(DType dtype) {
        double[] p = {0.5, -1, 2, 0};
        double[] g = {0.1, -0.2, 3, 0};
        Tensor fused = t(dtype, Shape.of(2, 2), p);
        Tensor composite = t(dtype, Shape.of(2, 2), p);
        Tensor[] moments = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            moments[i] = backend.zeros(Shape.of(2, 2), dtype);
        }
        for (int step = 1; step <= 3; step++) {
            AdamStep s = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.1, step);
            Tensor grad = t(dtype, Shape.of(2, 2), g);
            backend.adamUpdate(fused, grad, moments[0], moments[1], s);
            org.vae4j.api.ops.CompositeOps.adamUpdate(
                    backend, composite, grad, moments[2], moments[3], s);
        }
        assertThat(fused.toDoubles()).containsExactly(composite.toDoubles());
        assertThat(moments[0].toDoubles()).containsExactly(moments[2].toDoubles());
        assertThat(moments[1].toDoubles()).containsExactly(moments[3].toDoubles());
    }

    // ---- products
    // ---------------------------------------------------------------------------------

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
        expect(backend.matmul(at, at, true, false), Shape.of(2, 2), 14, 32, 32, 77);
    }

    @Test
    void linearAddsTheBiasToTheProductWithTheTransposedWeight() {
        Tensor x = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor w = t(DType.FLOAT64, Shape.of(2, 3), 1, 0, 1, 0, 1, 1);
        Tensor bias = t(DType.FLOAT64, Shape.of(2), 0.5, -1);
        expect(backend.linear(x, w, bias), Shape.of(2, 2), 4.5, 4, 10.5, 10);
        expect(backend.linear(x, w, null), Shape.of(2, 2), 4, 5, 10, 11);
        Tensor noInputs = backend.zeros(Shape.of(1, 0), DType.FLOAT64);
        Tensor noWeights = backend.zeros(Shape.of(2, 0), DType.FLOAT64);
        expect(backend.linear(noInputs, noWeights, bias), Shape.of(1, 2), 0.5, -1);
    }

    // ---- storage
    // ----------------------------------------------------------------------------------

    @Test
    void assignWritesInPlaceAndResultsNeverShareTheInputsStorage() {
        Tensor x = t(Shape.of(2, 1, 2), 1, 2, 3, 4);
        List<Tensor> derived =
                List.of(
                        backend.reshape(x, Shape.of(4)),
                        backend.permute(x, 1, 0, 2), // moves no element: a reshape
                        backend.permute(x, 2, 1, 0),
                        backend.slice(x, 0, 0, 1),
                        backend.take(x, new int[] {1}),
                        backend.broadcastTo(x, Shape.of(2, 1, 2)),
                        backend.cast(x, DType.FLOAT32),
                        backend.concat(List.of(x), 1),
                        backend.reduce(Op.SUM, x, new int[0], false),
                        backend.reduce(Op.MAX, x, new int[] {1}, true));
        backend.assign(x, t(Shape.of(2, 1, 2), -1, -2, -3, -4));
        expect(x, Shape.of(2, 1, 2), -1, -2, -3, -4);
        expect(derived.get(0), Shape.of(4), 1, 2, 3, 4);
        expect(derived.get(1), Shape.of(1, 2, 2), 1, 2, 3, 4);
        expect(derived.get(2), Shape.of(2, 1, 2), 1, 3, 2, 4);
        expect(derived.get(3), Shape.of(1, 1, 2), 1, 2);
        expect(derived.get(4), Shape.of(1, 1, 2), 3, 4);
        for (Tensor d : derived.subList(5, derived.size())) {
            expect(d, Shape.of(2, 1, 2), 1, 2, 3, 4);
        }
    }

    @Test
    void rankZeroAndEmptyTensorsGoThroughEveryKindOfOp() {
        Tensor s = backend.scalar(2.5, DType.FLOAT64);
        backend.assign(s, backend.scalar(-1.5, DType.FLOAT64));
        expect(s, Shape.scalar(), -1.5);
        expect(backend.reshape(s, Shape.of(1, 1)), Shape.of(1, 1), -1.5);
        expect(backend.take(t(Shape.of(3), 7, 8, 9), new int[] {2, 0}), Shape.of(2), 9, 7);
        Tensor e = backend.zeros(Shape.of(2, 0, 3), DType.FLOAT32);
        expect(backend.unary(Op.SOFTPLUS, e), Shape.of(2, 0, 3));
        expect(backend.reduce(Op.SUM, e, new int[] {1}, false), Shape.of(2, 3), 0, 0, 0, 0, 0, 0);
        expect(backend.permute(e, 2, 0, 1), Shape.of(3, 2, 0));
        expect(
                backend.take(backend.zeros(Shape.of(3, 0), DType.FLOAT32), new int[] {1}),
                Shape.of(1, 0));
        Tensor noChannels = backend.zeros(Shape.of(1, 0, 2, 2), DType.FLOAT32);
        expect(
                backend.conv2d(
                        noChannels,
                        backend.zeros(Shape.of(2, 0, 1, 1), DType.FLOAT32),
                        Conv2dSpec.DEFAULT),
                Shape.of(1, 2, 2, 2),
                new double[8]);
        expect(
                backend.convTranspose2d(
                        noChannels,
                        backend.zeros(Shape.of(0, 1, 2, 1), DType.FLOAT32),
                        Conv2dSpec.DEFAULT),
                Shape.of(1, 1, 3, 2),
                new double[6]);
    }
}
