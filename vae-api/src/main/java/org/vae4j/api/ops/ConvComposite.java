package org.vae4j.api.ops;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The convolutions written in primitive ops, for backends without a kernel of their own. A
 * convolution gathers each kernel offset's strided window of the zero-padded input into columns and
 * multiplies them by the flattened kernel; a transposed convolution spreads the input out with
 * zeros between its pixels, pads (or crops) it and convolves it at stride 1 with the kernel flipped
 * and its channel axes swapped. Every intermediate tensor is closed when this object is.
 */
final class ConvComposite implements AutoCloseable {
    private final TensorOps ops;
    private final List<Tensor> temps = new ArrayList<>();

    ConvComposite(TensorOps ops) {
        this.ops = ops;
    }

    private Tensor temp(Tensor t) {
        temps.add(t);
        return t;
    }

    /** {@code x [n, c, h, w]} with {@code weight [o, c, kH, kW]}; arguments already checked. */
    Tensor conv2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        Shape xs = x.shape();
        Shape ws = weight.shape();
        int n = xs.dim(0);
        int c = xs.dim(1);
        int o = ws.dim(0);
        int kh = ws.dim(2);
        int kw = ws.dim(3);
        int ho = spec.convOutput(0, xs.dim(2), kh);
        int wo = spec.convOutput(1, xs.dim(3), kw);
        // Pad so that every offset's window of stride * outSize elements fits.
        Tensor padded = x;
        for (int axis = 0; axis < 2; axis++) {
            int k = axis == 0 ? kh : kw;
            int out = axis == 0 ? ho : wo;
            int need = spec.dilation(axis) * (k - 1) + spec.stride(axis) * out;
            int after = Math.max(need - xs.dim(2 + axis) - spec.pad(axis), spec.pad(axis));
            padded = padOrCrop(padded, 2 + axis, spec.pad(axis), after);
        }
        List<Tensor> columns = new ArrayList<>(kh * kw);
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                Tensor window = strided(padded, 2, i * spec.dilationH(), spec.strideH(), ho);
                window = strided(window, 3, j * spec.dilationW(), spec.strideW(), wo);
                columns.add(temp(ops.reshape(window, Shape.of(n, c, 1, ho * wo))));
            }
        }
        Tensor cols = temp(ops.concat(columns, 2)); // [n, c, kh * kw, ho * wo]
        Tensor byRow = temp(ops.permute(cols, 1, 2, 0, 3)); // [c, kh * kw, n, ho * wo]
        Tensor matrix = temp(ops.reshape(byRow, Shape.of(c * kh * kw, n * ho * wo)));
        Tensor kernel = temp(ops.reshape(weight, Shape.of(o, c * kh * kw)));
        Tensor product = temp(ops.matmul(kernel, matrix, false, false)); // [o, n * ho * wo]
        Tensor grid = temp(ops.reshape(product, Shape.of(o, n, ho, wo)));
        return ops.permute(grid, 1, 0, 2, 3);
    }

    /** {@code x [n, c, h, w]} with {@code weight [c, o, kH, kW]}; arguments already checked. */
    Tensor convTranspose2d(Tensor x, Tensor weight, Conv2dSpec spec) {
        Tensor spread = x;
        for (int axis = 0; axis < 2; axis++) {
            spread = spreadOut(spread, 2 + axis, spec.stride(axis));
        }
        for (int axis = 0; axis < 2; axis++) {
            int reach = spec.dilation(axis) * (weight.shape().dim(2 + axis) - 1);
            int before = reach - spec.pad(axis);
            spread = padOrCrop(spread, 2 + axis, before, before + spec.outPad(axis));
        }
        Tensor kernel = flippedAndSwapped(weight);
        Conv2dSpec unit = Conv2dSpec.DEFAULT.withDilation(spec.dilationH(), spec.dilationW());
        return conv2d(spread, kernel, unit);
    }

    /**
     * Elements {@code start, start + stride, ...} ({@code count} of them) of one axis, taken as a
     * contiguous slice viewed as {@code [count, stride]} whose first column is kept.
     */
    private Tensor strided(Tensor x, int axis, int start, int stride, int count) {
        Tensor range = temp(ops.slice(x, axis, start, start + stride * count));
        if (stride == 1) {
            return range;
        }
        Shape s = range.shape();
        int[] split = new int[s.rank() + 1];
        for (int a = 0, b = 0; a < s.rank(); a++) {
            if (a == axis) {
                split[b++] = count;
                split[b++] = stride;
            } else {
                split[b++] = s.dim(a);
            }
        }
        Tensor grid = temp(ops.reshape(range, Shape.of(split)));
        Tensor first = temp(ops.slice(grid, axis + 1, 0, 1));
        return temp(ops.reshape(first, s.withDim(axis, count)));
    }

    /** Puts {@code stride - 1} zeros between neighbours along an axis. */
    private Tensor spreadOut(Tensor x, int axis, int stride) {
        Shape s = x.shape();
        int size = s.dim(axis);
        if (stride == 1 || size == 0) {
            return x;
        }
        int[] withUnit = new int[s.rank() + 1];
        for (int a = 0, b = 0; a < s.rank(); a++) {
            withUnit[b++] = s.dim(a);
            if (a == axis) {
                withUnit[b++] = 1;
            }
        }
        Shape unit = Shape.of(withUnit);
        Tensor column = temp(ops.reshape(x, unit));
        Tensor zeros = temp(ops.zeros(unit.withDim(axis + 1, stride - 1), x.dtype()));
        Tensor joined = temp(ops.concat(List.of(column, zeros), axis + 1));
        Tensor flat = temp(ops.reshape(joined, s.withDim(axis, size * stride)));
        return temp(ops.slice(flat, axis, 0, (size - 1) * stride + 1));
    }

    /** Adds zeros before and after an axis's elements, or removes elements where negative. */
    private Tensor padOrCrop(Tensor x, int axis, int before, int after) {
        Shape s = x.shape();
        Tensor cropped = x;
        if (before < 0 || after < 0) {
            int start = Math.max(-before, 0);
            int end = s.dim(axis) - Math.max(-after, 0);
            cropped = temp(ops.slice(x, axis, start, end));
        }
        List<Tensor> parts = new ArrayList<>(3);
        if (before > 0) {
            parts.add(temp(ops.zeros(s.withDim(axis, before), x.dtype())));
        }
        parts.add(cropped);
        if (after > 0) {
            parts.add(temp(ops.zeros(s.withDim(axis, after), x.dtype())));
        }
        return parts.size() == 1 ? cropped : temp(ops.concat(parts, axis));
    }

    /** {@code [c, o, kH, kW]} to {@code [o, c, kH, kW]} with both window axes reversed. */
    private Tensor flippedAndSwapped(Tensor weight) {
        Shape s = weight.shape();
        Tensor rows = temp(ops.permute(weight, 2, 3, 1, 0)); // [kh, kw, o, c]
        Tensor rowsFlipped = temp(ops.take(rows, reversed(s.dim(2))));
        Tensor cols = temp(ops.permute(rowsFlipped, 1, 0, 2, 3)); // [kw, kh, o, c]
        Tensor colsFlipped = temp(ops.take(cols, reversed(s.dim(3))));
        return temp(ops.permute(colsFlipped, 2, 3, 1, 0)); // [o, c, kh, kw]
    }

    private static int[] reversed(int size) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = size - 1 - i;
        }
        return idx;
    }

    @Override
    public void close() {
        for (int i = temps.size() - 1; i >= 0; i--) {
            temps.get(i).close();
        }
    }
}
