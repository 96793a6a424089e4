package org.vae4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products of the CPU build on two cores, where {@link Nd4jRuntime} runs BLAS on one thread
 * (two BLAS threads beside the JVM's own made training slower, not faster). A large product is cut
 * into two halves along the longer side of the result, written straight into it by BLAS's {@code
 * gemm} on disjoint rows or columns, one half on each core ({@link SecondCore}). A product of a
 * given shape is always cut the same way and each half is the same single-threaded {@code gemm}
 * call whichever thread runs it, so the bits do not depend on timing; they may differ in the last
 * place from one uncut call, as BLAS blocks the work by the sizes it is given.
 */
final class Nd4jGemm {
    /** Products below this many multiply-adds are not worth a hand-over (about 25 us of work). */
    private static final long MIN_SPLIT_MACS = 1L << 21;

    private Nd4jGemm() {}

    /** Returns whether products should be split on a machine: two cores, BLAS on one thread. */
    static boolean worthSplitting(int cores, int blasThreads) {
        return cores == 2 && blasThreads == 1;
    }

    /**
     * Writes {@code op(a) @ op(b)} into {@code c}, or adds it to {@code c} when {@code accumulate}
     * is set; all three dense, row-major float or double CPU arrays of one dtype, {@code op(a)}
     * {@code [m, k]}, {@code op(b)} {@code [k, n]}, {@code c} {@code [m, n]}, none empty. Large
     * products are split across the two cores when {@code split} is set.
     */
    static void multiply(
            INDArray a,
            INDArray b,
            INDArray c,
            boolean ta,
            boolean tb,
            boolean accumulate,
            boolean split) {
        Product p = new Product(a, b, c, ta, tb, accumulate);
        boolean rows = p.m >= p.n;
        long macs = (long) p.m * p.n * p.k;
        SecondCore.shared()
                .forHalves(
                        rows ? p.m : p.n,
                        split && macs >= MIN_SPLIT_MACS,
                        (from, to) -> p.run(rows, (int) from, (int) to));
    }

    /** One product's operands and BLAS's view of them. */
    private static final class Product {
        private final INDArray a;
        private final INDArray b;
        private final INDArray c;
        private final boolean ta;
        private final boolean tb;
        private final int k;
        private final int m;
        private final int n;
        private final boolean accumulate;

        Product(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, boolean acc) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.ta = ta;
            this.tb = tb;
            this.k = (int) (ta ? a.size(0) : a.size(1));
            this.m = (int) c.size(0);
            this.n = (int) c.size(1);
            this.accumulate = acc;
        }

        /**
         * Computes result rows (or columns) {@code [from, to)}: row-major addressing of the
         * sub-matrices, with each operand's full row length as its leading dimension.
         */
        void run(boolean rows, int from, int to) {
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            long aOffset = rows ? (ta ? from : (long) from * k) : 0;
            long bOffset = rows ? 0 : (tb ? (long) from * k : from);
            long cOffset = rows ? (long) from * n : from;
            int mm = rows ? to - from : m;
            int nn = rows ? n : to - from;
            int transA = ta ? CblasTrans : CblasNoTrans;
            int transB = tb ? CblasTrans : CblasNoTrans;
            if (c.dataType() == DataType.FLOAT) {
                FloatPointer pa = new FloatPointer(a.data().addressPointer()).position(aOffset);
                FloatPointer pb = new FloatPointer(b.data().addressPointer()).position(bOffset);
                FloatPointer pc = new FloatPointer(c.data().addressPointer()).position(cOffset);
                openblas_nolapack.cblas_sgemm(
                        CblasRowMajor,
                        transA,
                        transB,
                        mm,
                        nn,
                        k,
                        1f,
                        pa,
                        lda,
                        pb,
                        ldb,
                        accumulate ? 1f : 0f,
                        pc,
                        n);
            } else {
                DoublePointer pa = new DoublePointer(a.data().addressPointer()).position(aOffset);
                DoublePointer pb = new DoublePointer(b.data().addressPointer()).position(bOffset);
                DoublePointer pc = new DoublePointer(c.data().addressPointer()).position(cOffset);
                openblas_nolapack.cblas_dgemm(
                        CblasRowMajor,
                        transA,
                        transB,
                        mm,
                        nn,
                        k,
                        1.0,
                        pa,
                        lda,
                        pb,
                        ldb,
                        accumulate ? 1.0 : 0.0,
                        pc,
                        n);
            }
        }
    }
}
