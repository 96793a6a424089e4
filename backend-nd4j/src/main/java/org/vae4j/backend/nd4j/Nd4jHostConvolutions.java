package org.vae4j.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.support.ParallelFor;

/**
 * Both convolutions of the CPU build as BLAS products around data movement, the lowering most CPU
 * frameworks use: per image, {@code conv2d} gathers the input's windows into columns (im2col) and
 * multiplies the kernel matrix {@code [o, c kH kW]} by them, straight into the image's rows of the
 * result; the transpose multiplies the transposed kernel matrix by the image and adds the columns
 * back into their windows (col2im); the kernel gradient multiplies each image's gradient by its
 * columns. Which input element each column entry holds is one index map per call, shared by every
 * image. Images are cut into pieces over cores ({@link Nd4jHostWork}), each product a
 * single-threaded {@link Nd4jGemm#call}. libnd4j's own conv2d and deconv2d kernels took 80% of a
 * convolutional VAE's training step on two cores; the products here run at BLAS speed. The input
 * gradients are these convolutions too (vae-core's rules).
 */
final class Nd4jHostConvolutions {
    private Nd4jHostConvolutions() {}

    /** {@code x [n, c, h, w]} with {@code weight [o, c, kH, kW]} into a new {@code out}. */
    static INDArray conv2d(
            INDArray x, INDArray weight, Conv2dSpec s, long[] out, Nd4jHostWork host) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int o = (int) weight.size(0);
        int kh = (int) weight.size(2);
        int kw = (int) weight.size(3);
        int ho = (int) out[2];
        int wo = (int) out[3];
        int rows = c * kh * kw;
        int cells = ho * wo;
        INDArray z = Nd4jArrays.uninitialized(x.dataType(), out);
        if (z.length() == 0 || x.length() == 0) {
            return z.assign(
                    0); // nothing to sum: no channels, an input of padding only, or no result
        }
        int[] map = windows(c, kh, kw, ho, wo, h, w, s);
        host.rows(
                n,
                (long) rows * cells,
                (from, to) -> {
                    Moves moves = new Moves(x.dataType(), c * h * w, map.length);
                    INDArray cols =
                            Nd4jArrays.uninitialized(x.dataType(), new long[] {rows, cells});
                    for (int i = (int) from; i < to; i++) {
                        moves.gather(x, (long) i * c * h * w, map, cols);
                        Nd4jGemm.call(
                                false,
                                false,
                                o,
                                cells,
                                rows,
                                weight,
                                0,
                                rows,
                                cols,
                                0,
                                cells,
                                false,
                                z,
                                (long) i * o * cells,
                                cells);
                    }
                    Nd4jArrays.recycle(cols);
                });
        return z;
    }

    /** {@code x [n, c, h, w]} with {@code weight [c, o, kH, kW]} into a new {@code out}. */
    static INDArray convTranspose2d(
            INDArray x, INDArray weight, Conv2dSpec s, long[] out, Nd4jHostWork host) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int o = (int) weight.size(1);
        int kh = (int) weight.size(2);
        int kw = (int) weight.size(3);
        int ho = (int) out[2];
        int wo = (int) out[3];
        int rows = o * kh * kw;
        int cells = h * w;
        INDArray z = Nd4jArrays.uninitialized(x.dataType(), out);
        if (z.length() == 0 || x.length() == 0) {
            return z.assign(0); // nothing to add: no channels, an empty input, or no result
        }
        int[] map = windows(o, kh, kw, h, w, ho, wo, s);
        host.rows(
                n,
                (long) rows * cells,
                (from, to) -> {
                    Moves moves = new Moves(x.dataType(), o * ho * wo, map.length);
                    INDArray cols =
                            Nd4jArrays.uninitialized(x.dataType(), new long[] {rows, cells});
                    for (int i = (int) from; i < to; i++) {
                        Nd4jGemm.call(
                                true,
                                false,
                                rows,
                                cells,
                                c,
                                weight,
                                0,
                                rows,
                                x,
                                (long) i * c * cells,
                                cells,
                                false,
                                cols,
                                0,
                                cells);
                        moves.scatter(cols, map, z, (long) i * o * ho * wo);
                    }
                    Nd4jArrays.recycle(cols);
                });
        return z;
    }

    /**
     * The kernel gradient {@code [o, c, kH, kW]} of {@code x [n, c, h, w]} and the gradient {@code
     * g [n, o, gh, gw]}: the sum over images of {@code g_i [o, cells] x cols_i^T}, with {@code
     * cols_i} the image's columns as {@link #conv2d} gathers them for a grid of {@code gh x gw}
     * cells. Each piece of images sums into a partial result of its own; the partials are added in
     * piece order, so the bits depend on the worker count only.
     */
    static INDArray kernelGradient(
            INDArray x, INDArray g, Conv2dSpec s, long[] out, Nd4jHostWork host) {
        int n = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int o = (int) g.size(1);
        int gh = (int) g.size(2);
        int gw = (int) g.size(3);
        int kh = (int) out[2];
        int kw = (int) out[3];
        int rows = c * kh * kw;
        int cells = gh * gw;
        INDArray z = Nd4jArrays.uninitialized(x.dataType(), out);
        if (z.length() == 0 || n == 0 || cells == 0 || h * w == 0) {
            return z.assign(0); // nothing to sum: no images, no gradient pixels or no input
        }
        int[] map = windows(c, kh, kw, gh, gw, h, w, s);
        long perImage = (long) rows * cells;
        long grain = Math.max(1, (host.elementGrain() + perImage - 1) / perImage);
        int pieces = host.parallel().pieces(n, grain);
        INDArray[] partial = new INDArray[pieces];
        host.parallel()
                .runPieces(
                        pieces,
                        p -> {
                            int from = (int) ParallelFor.start(p, pieces, n);
                            int to = (int) ParallelFor.start(p + 1, pieces, n);
                            INDArray sum =
                                    p == 0
                                            ? z
                                            : Nd4jArrays.uninitialized(
                                                    x.dataType(), new long[] {o, rows});
                            Moves moves = new Moves(x.dataType(), c * h * w, map.length);
                            INDArray cols =
                                    Nd4jArrays.uninitialized(
                                            x.dataType(), new long[] {rows, cells});
                            for (int i = from; i < to; i++) {
                                moves.gather(x, (long) i * c * h * w, map, cols);
                                Nd4jGemm.call(
                                        false,
                                        true,
                                        o,
                                        rows,
                                        cells,
                                        g,
                                        (long) i * o * cells,
                                        cells,
                                        cols,
                                        0,
                                        cells,
                                        i > from,
                                        sum,
                                        0,
                                        rows);
                            }
                            Nd4jArrays.recycle(cols);
                            partial[p] = sum;
                        });
        for (int p = 1; p < pieces; p++) {
            addInto(z, partial[p]);
            Nd4jArrays.recycle(partial[p]);
        }
        return z;
    }

    /** {@code z += y} over two dense arrays of one dtype and length. */
    private static void addInto(INDArray z, INDArray y) {
        int len = (int) z.length();
        if (z.dataType() == DataType.FLOAT) {
            float[] a = new float[len];
            float[] b = new float[len];
            z.data().asNioFloat().get(0, a);
            y.data().asNioFloat().get(0, b);
            for (int i = 0; i < len; i++) {
                a[i] += b[i];
            }
            z.data().asNioFloat().put(0, a);
        } else {
            double[] a = new double[len];
            double[] b = new double[len];
            z.data().asNioDouble().get(0, a);
            y.data().asNioDouble().get(0, b);
            for (int i = 0; i < len; i++) {
                a[i] += b[i];
            }
            z.data().asNioDouble().put(0, a);
        }
    }

    /**
     * Returns, for each entry {@code (ch kH kW + i kW + j) cells + (y gridW + x)} of the columns,
     * the offset in an image {@code [channels, imageH, imageW]} of the element the window at grid
     * cell {@code (y, x)} sees through kernel tap {@code (i, j)} of channel {@code ch}: row {@code
     * y strideH - padH + i dilationH}, column likewise; -1 where that falls in the padding.
     */
    private static int[] windows(
            int channels,
            int kh,
            int kw,
            int gridH,
            int gridW,
            int imageH,
            int imageW,
            Conv2dSpec s) {
        int cells = gridH * gridW;
        int[] map = new int[channels * kh * kw * cells];
        int q = 0;
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    for (int y = 0; y < gridH; y++) {
                        int row = y * s.strideH() - s.padH() + i * s.dilationH();
                        for (int xx = 0; xx < gridW; xx++) {
                            int col = xx * s.strideW() - s.padW() + j * s.dilationW();
                            boolean inside = row >= 0 && row < imageH && col >= 0 && col < imageW;
                            map[q++] = inside ? (ch * imageH + row) * imageW + col : -1;
                        }
                    }
                }
            }
        }
        return map;
    }

    /** One piece's Java arrays for an image and its columns, in the dtype of the work. */
    private static final class Moves {
        private final float[] fImage;
        private final float[] fCols;
        private final double[] dImage;
        private final double[] dCols;

        Moves(DataType type, int imageSize, int colsSize) {
            boolean isFloat = type == DataType.FLOAT;
            fImage = isFloat ? new float[imageSize] : null;
            fCols = isFloat ? new float[colsSize] : null;
            dImage = isFloat ? null : new double[imageSize];
            dCols = isFloat ? null : new double[colsSize];
        }

        /** Fills {@code cols} from the image at {@code offset} of {@code x} through {@code map}. */
        void gather(INDArray x, long offset, int[] map, INDArray cols) {
            if (fImage != null) {
                x.data().asNioFloat().get((int) offset, fImage, 0, fImage.length);
                for (int q = 0; q < map.length; q++) {
                    int at = map[q];
                    fCols[q] = at < 0 ? 0f : fImage[at];
                }
                cols.data().asNioFloat().put(0, fCols);
            } else {
                x.data().asNioDouble().get((int) offset, dImage, 0, dImage.length);
                for (int q = 0; q < map.length; q++) {
                    int at = map[q];
                    dCols[q] = at < 0 ? 0.0 : dImage[at];
                }
                cols.data().asNioDouble().put(0, dCols);
            }
        }

        /**
         * Writes into the image at {@code offset} of {@code z} the sum of the columns each of its
         * elements receives through {@code map}.
         */
        void scatter(INDArray cols, int[] map, INDArray z, long offset) {
            if (fImage != null) {
                Arrays.fill(fImage, 0f);
                cols.data().asNioFloat().get(0, fCols);
                for (int q = 0; q < map.length; q++) {
                    int at = map[q];
                    if (at >= 0) {
                        fImage[at] += fCols[q];
                    }
                }
                z.data().asNioFloat().put((int) offset, fImage);
            } else {
                Arrays.fill(dImage, 0.0);
                cols.data().asNioDouble().get(0, dCols);
                for (int q = 0; q < map.length; q++) {
                    int at = map[q];
                    if (at >= 0) {
                        dImage[at] += dCols[q];
                    }
                }
                z.data().asNioDouble().put((int) offset, dImage);
            }
        }
    }
}
