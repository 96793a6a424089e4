package org.vae4j.backend.djl;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products of CPU tensors that run on one thread, through OpenBLAS's {@code gemm} on the
 * tensors' own storage (the BLAS PyTorch's Debian build and nd4j use) instead of the MKL libtorch
 * links: on CPUs MKL does not run its AVX-512 kernels on (an AMD EPYC), its single-threaded sgemm
 * reached about 95 GFLOP/s at the canonical model's shapes where OpenBLAS's reached 185-220.
 * Products of several threads ({@link DjlThreads}) stay PyTorch's, whose OpenMP threads would
 * otherwise spin beside OpenBLAS's. OpenBLAS is put on one thread when first used, unless {@code
 * OPENBLAS_NUM_THREADS} is set. {@value #PROPERTY}{@code =pytorch} turns this off.
 */
final class DjlBlas {
    /** The system property that chooses the single-threaded products' library. */
    static final String PROPERTY = "vae4j.djl.products";

    private static final Logger LOG = LoggerFactory.getLogger(DjlBlas.class);

    private DjlBlas() {}

    /**
     * Returns whether products go to OpenBLAS: {@value #PROPERTY} is {@code openblas} (the default)
     * and the library loaded.
     *
     * @throws IllegalArgumentException if the property names neither library
     */
    static boolean enabled() {
        String chosen = System.getProperty(PROPERTY, "openblas");
        if (chosen.equals("pytorch")) {
            return false;
        }
        if (!chosen.equals("openblas")) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be openblas or pytorch, not '" + chosen + "'");
        }
        return Library.LOADED;
    }

    /** Loads OpenBLAS once, on first use. */
    private static final class Library {
        static final boolean LOADED = load();

        private static boolean load() {
            try {
                if (System.getenv("OPENBLAS_NUM_THREADS") == null) {
                    openblas_nolapack.blas_set_num_threads(1);
                }
                return true;
            } catch (LinkageError e) {
                LOG.warn("OpenBLAS did not load ({}); products stay PyTorch's", e.toString());
                return false;
            }
        }
    }

    /**
     * Returns {@code op(a) @ op(b)}, or null when an operand's storage is not dense (then PyTorch
     * computes it).
     */
    static PtNDArray matmul(PtNDArray a, PtNDArray b, boolean ta, boolean tb) {
        long[] as = a.getShape().getShape();
        long[] bs = b.getShape().getShape();
        int m = (int) (ta ? as[1] : as[0]);
        int k = (int) (ta ? as[0] : as[1]);
        int n = (int) (tb ? bs[0] : bs[1]);
        return product(a, b, null, ta, tb, m, n, k);
    }

    /** Returns {@code x @ weight^T + bias} ({@code bias} may be null), or null as above. */
    static PtNDArray linear(PtNDArray x, PtNDArray weight, PtNDArray bias) {
        long[] xs = x.getShape().getShape();
        int n = (int) weight.getShape().get(0);
        return product(x, weight, bias, false, true, (int) xs[0], n, (int) xs[1]);
    }

    /**
     * The product into a new {@code [m, n]} array, which starts as the bias in every row when there
     * is one ({@code gemm}'s beta then adds the product to it).
     */
    private static PtNDArray product(
            PtNDArray a, PtNDArray b, PtNDArray bias, boolean ta, boolean tb, int m, int n, int k) {
        if (k == 0) {
            return null; // gemm refuses a leading dimension of 0; PyTorch gives the zeros
        }
        ByteBuffer as = storage(a);
        ByteBuffer bs = storage(b);
        ByteBuffer biases = bias == null ? null : storage(bias);
        if (as == null || bs == null || (bias != null && biases == null)) {
            return null;
        }
        PtNDManager mgr = a.getManager();
        DataType dt = a.getDataType();
        PtNDArray c =
                JniUtils.createEmptyNdArray(
                        mgr,
                        new ai.djl.ndarray.types.Shape(m, n),
                        dt,
                        mgr.getDevice(),
                        SparseFormat.DENSE);
        ByteBuffer cs = storage(c);
        if (cs == null) {
            c.close();
            return null;
        }
        int opA = ta ? CblasTrans : CblasNoTrans;
        int opB = tb ? CblasTrans : CblasNoTrans;
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        if (dt == DataType.FLOAT32) {
            if (biases != null) {
                FloatBuffer rows = cs.asFloatBuffer();
                FloatBuffer row = biases.asFloatBuffer();
                for (int i = 0; i < m; i++) {
                    rows.put(i * n, row, 0, n);
                }
            }
            openblas_nolapack.cblas_sgemm(
                    CblasRowMajor,
                    opA,
                    opB,
                    m,
                    n,
                    k,
                    1f,
                    new FloatPointer(as.asFloatBuffer()),
                    lda,
                    new FloatPointer(bs.asFloatBuffer()),
                    ldb,
                    biases == null ? 0f : 1f,
                    new FloatPointer(cs.asFloatBuffer()),
                    n);
        } else {
            if (biases != null) {
                DoubleBuffer rows = cs.asDoubleBuffer();
                DoubleBuffer row = biases.asDoubleBuffer();
                for (int i = 0; i < m; i++) {
                    rows.put(i * n, row, 0, n);
                }
            }
            openblas_nolapack.cblas_dgemm(
                    CblasRowMajor,
                    opA,
                    opB,
                    m,
                    n,
                    k,
                    1,
                    new DoublePointer(as.asDoubleBuffer()),
                    lda,
                    new DoublePointer(bs.asDoubleBuffer()),
                    ldb,
                    biases == null ? 0 : 1,
                    new DoublePointer(cs.asDoubleBuffer()),
                    n);
        }
        return c;
    }

    /** The array's own dense storage in native byte order, or null if PyTorch gave a copy. */
    private static ByteBuffer storage(PtNDArray x) {
        ByteBuffer b = JniUtils.getByteBuffer(x, true);
        return b.isDirect() ? b.order(ByteOrder.nativeOrder()) : null;
    }
}
