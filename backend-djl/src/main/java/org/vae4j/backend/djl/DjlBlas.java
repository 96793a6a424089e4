package org.vae4j.backend.djl;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.support.GemmPiece;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.api.support.ProductCut;

/**
 * Matrix products of CPU tensors through OpenBLAS's {@code gemm} on the tensors' own storage (the
 * BLAS of PyTorch's Debian build and of nd4j) instead of the MKL libtorch links: on CPUs MKL does
 * not run its AVX-512 kernels on (an AMD EPYC), its single-threaded sgemm reached about 95 GFLOP/s
 * at the canonical model's shapes where OpenBLAS's reached 185-220. OpenBLAS runs on one thread
 * (unless {@code OPENBLAS_NUM_THREADS} is set) and products are cut along the longer side of their
 * results into pieces of at least {@code grain} multiply-adds on vae4j's workers, independent
 * products side by side, as nd4j cuts its products ({@link ProductCut}): each piece is the same
 * single-threaded call whichever worker runs it, so the bits depend on the sizes and the worker
 * count only. {@value #PROPERTY}{@code =pytorch} turns this off.
 */
final class DjlBlas {
    /** The system property that chooses the products' library. */
    static final String PROPERTY = "vae4j.djl.products";

    /**
     * About 25 microseconds of single-threaded {@code sgemm}: the smallest piece worth a worker.
     */
    static final long PRODUCT_GRAIN = 1L << 21;

    private static final Logger LOG = LoggerFactory.getLogger(DjlBlas.class);

    private final ParallelFor parallel;
    private final long grain;

    /** Products cut into pieces of at least {@code grain} multiply-adds on {@code parallel}. */
    DjlBlas(ParallelFor parallel, long grain) {
        this.parallel = parallel;
        this.grain = grain;
    }

    /**
     * Returns the products of this JVM: null when {@value #PROPERTY} is {@code pytorch} or OpenBLAS
     * did not load; else cut on {@link ParallelFor#shared()} unless OpenBLAS runs its own threads.
     *
     * @throws IllegalArgumentException if the property names neither library
     */
    static DjlBlas fromSettings() {
        return fromSettings(System.getProperty(PROPERTY), System.getenv(), () -> Library.LOADED);
    }

    /**
     * {@link #fromSettings()} with the property's value, the environment and whether OpenBLAS loads
     * given (tests); {@code loads} is asked only when the settings choose OpenBLAS.
     */
    static DjlBlas fromSettings(String property, Map<String, String> env, BooleanSupplier loads) {
        String chosen = property == null ? "openblas" : property;
        if (chosen.equals("pytorch")) {
            return null;
        }
        if (!chosen.equals("openblas")) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be openblas or pytorch, not '" + chosen + "'");
        }
        if (!loads.getAsBoolean()) {
            return null;
        }
        boolean ownThreads = env.containsKey("OPENBLAS_NUM_THREADS");
        return new DjlBlas(ParallelFor.shared(), ownThreads ? Long.MAX_VALUE : PRODUCT_GRAIN);
    }

    /** Loads OpenBLAS once, on first use, and holds it at one thread unless told otherwise. */
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

    /** Describes the cut for {@code vae backends}. */
    String describe() {
        return "OpenBLAS gemm, "
                + (grain == Long.MAX_VALUE
                        ? "on OpenBLAS's threads"
                        : "cut over " + parallel.workers() + " workers");
    }

    /**
     * Returns {@code op(a) @ op(b)}, or null when the inner dimension is 0 (then PyTorch gives the
     * zeros).
     */
    PtNDArray matmul(PtNDArray a, PtNDArray b, boolean ta, boolean tb) {
        long[] as = a.getShape().getShape();
        long[] bs = b.getShape().getShape();
        int m = (int) (ta ? as[1] : as[0]);
        int k = (int) (ta ? as[0] : as[1]);
        int n = (int) (tb ? bs[0] : bs[1]);
        return product(a, b, null, ta, tb, m, n, k);
    }

    /** Returns {@code x @ weight^T + bias} ({@code bias} may be null), or null as above. */
    PtNDArray linear(PtNDArray x, PtNDArray weight, PtNDArray bias) {
        long[] xs = x.getShape().getShape();
        int n = (int) weight.getShape().get(0);
        return product(x, weight, bias, false, true, (int) xs[0], n, (int) xs[1]);
    }

    /**
     * The product into a new {@code [m, n]} array, which starts as the bias in every row when there
     * is one ({@code gemm}'s beta then adds the product to it).
     */
    private PtNDArray product(
            PtNDArray a, PtNDArray b, PtNDArray bias, boolean ta, boolean tb, int m, int n, int k) {
        if (k == 0) {
            return null; // gemm refuses a leading dimension of 0; PyTorch gives the zeros
        }
        PtNDArray c = DjlArrays.empty(a.getManager(), new long[] {m, n}, a.getDataType());
        if (bias != null) {
            fillRows(DjlArrays.storage(c), DjlArrays.storage(bias), a.getDataType(), m, n);
        }
        run(List.of(Operands.of(a, b, c, ta, tb, bias != null)));
        return c;
    }

    /**
     * Writes each product {@code op(a) @ op(b)} into its {@code c}, an array of the product's shape
     * whose sizes and inner size are all positive; products side by side over the workers ({@link
     * ProductCut}).
     */
    void multiply(List<Into> products) {
        List<Operands> ops = new ArrayList<>(products.size());
        for (Into p : products) {
            ops.add(Operands.of(p.a(), p.b(), p.c(), p.ta(), p.tb(), false));
        }
        run(ops);
    }

    private void run(List<Operands> ops) {
        List<ProductCut.Size> sizes = new ArrayList<>(ops.size());
        for (Operands o : ops) {
            sizes.add(new ProductCut.Size(o.m(), o.n(), o.k()));
        }
        ProductCut.of(sizes, parallel.workers(), grain)
                .run(parallel, (i, rows, from, to) -> ops.get(i).gemm(rows, from, to));
    }

    /**
     * A product of {@link #multiply}: {@code c = op(a) @ op(b)}.
     *
     * @param a the left operand
     * @param b the right operand
     * @param c the result, of the product's shape
     * @param ta whether {@code a} is used transposed
     * @param tb whether {@code b} is used transposed
     */
    record Into(PtNDArray a, PtNDArray b, PtNDArray c, boolean ta, boolean tb) {}

    private static void fillRows(ByteBuffer c, ByteBuffer bias, DataType dt, int m, int n) {
        if (dt == DataType.FLOAT32) {
            FloatBuffer rows = c.asFloatBuffer();
            FloatBuffer row = bias.asFloatBuffer();
            for (int i = 0; i < m; i++) {
                rows.put(i * n, row, 0, n);
            }
        } else {
            DoubleBuffer rows = c.asDoubleBuffer();
            DoubleBuffer row = bias.asDoubleBuffer();
            for (int i = 0; i < m; i++) {
                rows.put(i * n, row, 0, n);
            }
        }
    }

    /**
     * One product's storages and shapes: {@code op(a)} {@code [m, k]}, {@code op(b)} {@code [k,
     * n]}.
     */
    private record Operands(
            ByteBuffer a,
            ByteBuffer b,
            ByteBuffer c,
            DataType dt,
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            boolean accumulate) {

        /** The storages and sizes of {@code c (=|+=) op(a) @ op(b)}. */
        static Operands of(
                PtNDArray a, PtNDArray b, PtNDArray c, boolean ta, boolean tb, boolean accumulate) {
            long[] as = a.getShape().getShape();
            long[] cs = c.getShape().getShape();
            return new Operands(
                    DjlArrays.storage(a),
                    DjlArrays.storage(b),
                    DjlArrays.storage(c),
                    a.getDataType(),
                    ta,
                    tb,
                    (int) cs[0],
                    (int) cs[1],
                    (int) (ta ? as[0] : as[1]),
                    accumulate);
        }

        /**
         * Result rows (or columns) {@code [from, to)} as one single-threaded {@code gemm} on
         * row-major sub-matrices, each operand's full row length its leading dimension.
         */
        void gemm(boolean rows, int from, int to) {
            GemmPiece p = GemmPiece.of(ta, tb, m, n, k, rows, from, to);
            int opA = ta ? CblasTrans : CblasNoTrans;
            int opB = tb ? CblasTrans : CblasNoTrans;
            if (dt == DataType.FLOAT32) {
                openblas_nolapack.cblas_sgemm(
                        CblasRowMajor,
                        opA,
                        opB,
                        p.m(),
                        p.n(),
                        k,
                        1f,
                        new FloatPointer(a.asFloatBuffer()).position(p.aOffset()),
                        p.lda(),
                        new FloatPointer(b.asFloatBuffer()).position(p.bOffset()),
                        p.ldb(),
                        accumulate ? 1f : 0f,
                        new FloatPointer(c.asFloatBuffer()).position(p.cOffset()),
                        n);
            } else {
                openblas_nolapack.cblas_dgemm(
                        CblasRowMajor,
                        opA,
                        opB,
                        p.m(),
                        p.n(),
                        k,
                        1,
                        new DoublePointer(a.asDoubleBuffer()).position(p.aOffset()),
                        p.lda(),
                        new DoublePointer(b.asDoubleBuffer()).position(p.bOffset()),
                        p.ldb(),
                        accumulate ? 1 : 0,
                        new DoublePointer(c.asDoubleBuffer()).position(p.cOffset()),
                        n);
            }
        }
    }
}
