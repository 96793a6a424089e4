package org.vae4j.backend.reference;

import org.vae4j.api.ops.Conv2dSpec;

/**
 * The two convolutions as direct loops over row-major NCHW arrays in float64, straight from their
 * definitions: output pixel {@code (y, x)} of a convolution reads input pixel {@code (y stride -
 * pad + i dilation, x stride - pad + j dilation)} for kernel offset {@code (i, j)}, a transposed
 * convolution adds each input pixel's contribution to exactly those output pixels, and the kernel
 * gradient sums over the batch and the gradient's pixels the products of each gradient pixel with
 * the input pixel the offset reads.
 */
final class Convolutions {
    private Convolutions() {}

    /** Either convolution, over input, its dimensions, kernel, its dimensions and the output's. */
    @FunctionalInterface
    interface Kernel {
        double[] apply(double[] x, int[] xd, double[] k, int[] kd, Conv2dSpec s, int[] od);
    }

    /** {@code x [n, c, h, w]} with {@code k [o, c, kh, kw]} to {@code [n, o, ho, wo]}. */
    static double[] conv2d(double[] x, int[] xd, double[] k, int[] kd, Conv2dSpec s, int[] od) {
        int n = xd[0];
        int c = xd[1];
        int o = kd[0];
        double[] out = new double[n * o * od[2] * od[3]];
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < o; f++) {
                for (int y = 0; y < od[2]; y++) {
                    for (int xo = 0; xo < od[3]; xo++) {
                        double sum = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < kd[2]; i++) {
                                int row = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (row < 0 || row >= xd[2]) {
                                    continue;
                                }
                                for (int j = 0; j < kd[3]; j++) {
                                    int col = xo * s.strideW() - s.padW() + j * s.dilationW();
                                    if (col >= 0 && col < xd[3]) {
                                        sum +=
                                                x[((b * c + ch) * xd[2] + row) * xd[3] + col]
                                                        * k[((f * c + ch) * kd[2] + i) * kd[3] + j];
                                    }
                                }
                            }
                        }
                        out[((b * o + f) * od[2] + y) * od[3] + xo] = sum;
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code x [n, c, h, w]} and the gradient {@code g [n, o, gh, gw]} to {@code [o, c, kh, kw]}.
     */
    static double[] kernelGradient(
            double[] x, int[] xd, double[] g, int[] gd, Conv2dSpec s, int[] od) {
        int n = xd[0];
        int c = xd[1];
        int o = gd[1];
        double[] out = new double[o * c * od[2] * od[3]];
        for (int f = 0; f < o; f++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < od[2]; i++) {
                    for (int j = 0; j < od[3]; j++) {
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            for (int y = 0; y < gd[2]; y++) {
                                int row = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (row < 0 || row >= xd[2]) {
                                    continue;
                                }
                                for (int xo = 0; xo < gd[3]; xo++) {
                                    int col = xo * s.strideW() - s.padW() + j * s.dilationW();
                                    if (col >= 0 && col < xd[3]) {
                                        sum +=
                                                g[((b * o + f) * gd[2] + y) * gd[3] + xo]
                                                        * x[
                                                                ((b * c + ch) * xd[2] + row) * xd[3]
                                                                        + col];
                                    }
                                }
                            }
                        }
                        out[((f * c + ch) * od[2] + i) * od[3] + j] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** {@code x [n, c, h, w]} with {@code k [c, o, kh, kw]} to {@code [n, o, ho, wo]}. */
    static double[] convTranspose2d(
            double[] x, int[] xd, double[] k, int[] kd, Conv2dSpec s, int[] od) {
        int n = xd[0];
        int c = xd[1];
        int o = kd[1];
        double[] out = new double[n * o * od[2] * od[3]];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < xd[2]; y++) {
                    for (int xi = 0; xi < xd[3]; xi++) {
                        double v = x[((b * c + ch) * xd[2] + y) * xd[3] + xi];
                        for (int f = 0; f < o; f++) {
                            for (int i = 0; i < kd[2]; i++) {
                                int row = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (row < 0 || row >= od[2]) {
                                    continue;
                                }
                                for (int j = 0; j < kd[3]; j++) {
                                    int col = xi * s.strideW() - s.padW() + j * s.dilationW();
                                    if (col >= 0 && col < od[3]) {
                                        out[((b * o + f) * od[2] + row) * od[3] + col] +=
                                                v * k[((ch * o + f) * kd[2] + i) * kd[3] + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
