package org.vae4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.support.GemmPiece;
import org.vae4j.api.support.ProductCut;

/**
 * Matrix products of the CPU build through BLAS's {@code gemm}, written straight into the result.
 * Where BLAS runs on one thread ({@link Nd4jRuntime} holds it there on small machines: BLAS threads
 * beside the JVM's own made training slower), products are cut into pieces of disjoint rows or
 * columns over the workers ({@link ProductCut}, {@link Nd4jHostWork}); products that do not read
 * each other's results share the workers side by side. Products of given shapes are always cut the
 * same way for a given worker count and each piece is the same single-threaded {@code gemm} call
 * whichever thread runs it, so the bits do not depend on timing; they may differ in the last place
 * from one uncut call, as BLAS blocks the work by the sizes it is given.
 */
final class Nd4jGemm {
    private Nd4jGemm() {}

    /**
     * Writes {@code op(a) @ op(b)} into {@code c}, or adds it to {@code c} when {@code accumulate}
     * is set ({@link Product}); a large product is cut into pieces as {@code host} says.
     */
    static void multiply(
            INDArray a,
            INDArray b,
            INDArray c,
            boolean ta,
            boolean tb,
            boolean accumulate,
            Nd4jHostWork host) {
        multiply(List.of(new Product(a, b, c, ta, tb, accumulate)), host);
    }

    /**
     * Computes products that do not read each other's results, side by side as {@code host} says.
     */
    static void multiply(List<Product> products, Nd4jHostWork host) {
        List<ProductCut.Size> sizes = new ArrayList<>(products.size());
        for (Product p : products) {
            sizes.add(new ProductCut.Size(p.m, p.n, p.k));
        }
        host.products(sizes)
                .run(host.parallel(), (i, rows, from, to) -> products.get(i).run(rows, from, to));
    }

    /**
     * One product: {@code c} (=|+=) {@code op(a) @ op(b)}, all three dense, row-major float or
     * double CPU arrays of one dtype, {@code op(a)} {@code [m, k]}, {@code op(b)} {@code [k, n]},
     * {@code c} {@code [m, n]}, none empty.
     */
    static final class Product {
        private final INDArray a;
        private final INDArray b;
        private final INDArray c;
        private final boolean ta;
        private final boolean tb;
        private final int k;
        private final int m;
        private final int n;
        private final boolean accumulate;

        Product(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, boolean accumulate) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.ta = ta;
            this.tb = tb;
            this.k = (int) (ta ? a.size(0) : a.size(1));
            this.m = (int) c.size(0);
            this.n = (int) c.size(1);
            this.accumulate = accumulate;
        }

        /**
         * Computes result rows (or columns) {@code [from, to)}: row-major addressing of the
         * sub-matrices, with each operand's full row length as its leading dimension.
         */
        void run(boolean rows, int from, int to) {
            GemmPiece p = GemmPiece.of(ta, tb, m, n, k, rows, from, to);
            call(
                    ta,
                    tb,
                    p.m(),
                    p.n(),
                    k,
                    a,
                    p.aOffset(),
                    p.lda(),
                    b,
                    p.bOffset(),
                    p.ldb(),
                    accumulate,
                    c,
                    p.cOffset(),
                    n);
        }
    }

    /**
     * One single-threaded BLAS {@code gemm} on row-major sub-matrices of dense CPU arrays of one
     * dtype, float or double: {@code c[cOffset..] (=|+=) op(a[aOffset..]) op(b[bOffset..])} with
     * {@code op(a)} {@code [m, k]}, {@code op(b)} {@code [k, n]} and the given leading dimensions.
     */
    static void call(
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            INDArray a,
            long aOffset,
            int lda,
            INDArray b,
            long bOffset,
            int ldb,
            boolean accumulate,
            INDArray c,
            long cOffset,
            int ldc) {
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
                    m,
                    n,
                    k,
                    1f,
                    pa,
                    lda,
                    pb,
                    ldb,
                    accumulate ? 1f : 0f,
                    pc,
                    ldc);
        } else {
            DoublePointer pa = new DoublePointer(a.data().addressPointer()).position(aOffset);
            DoublePointer pb = new DoublePointer(b.data().addressPointer()).position(bOffset);
            DoublePointer pc = new DoublePointer(c.data().addressPointer()).position(cOffset);
            openblas_nolapack.cblas_dgemm(
                    CblasRowMajor,
                    transA,
                    transB,
                    m,
                    n,
                    k,
                    1.0,
                    pa,
                    lda,
                    pb,
                    ldb,
                    accumulate ? 1.0 : 0.0,
                    pc,
                    ldc);
        }
    }
}
