package org.vae4j.core.autograd;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;

/**
 * The backward rules of the two convolutions, in the convolutions themselves. The gradient with
 * respect to a convolution's input is the transposed convolution of the output gradient with the
 * same kernel (and the other way round); the gradient with respect to the kernel is a convolution
 * of the batch-transposed input with the batch-transposed output gradient, stride and dilation
 * swapped, cut to the kernel's window. So any backend that computes both ops has their gradients.
 */
final class ConvolutionRules {
    private ConvolutionRules() {}

    /** y = conv2d(x [n, c, h, w], k [o, c, kh, kw]); g is [n, o, ho, wo]. */
    static Variable[] conv2d(Variable g, Node n) {
        Conv2dSpec s = n.attrs(Conv2dSpec.class);
        Variable x = n.input(0);
        Variable k = n.input(1);
        Shape xs = x.shape();
        Shape ks = k.shape();
        Variable dx = null;
        Variable dk = null;
        if (n.input(0).requiresGrad()) {
            int[] outPad = new int[2];
            for (int axis = 0; axis < 2; axis++) {
                int reached =
                        s.transposedOutput(axis, g.shape().dim(2 + axis), ks.dim(2 + axis))
                                - s.outPad(axis);
                outPad[axis] = xs.dim(2 + axis) - reached;
            }
            dx = g.convTranspose2d(k, s.withOutputPadding(outPad[0], outPad[1]));
        }
        if (n.input(1).requiresGrad()) {
            Variable perKernel = x.permute(1, 0, 2, 3).conv2d(g.permute(1, 0, 2, 3), swapped(s));
            dk = window(perKernel, ks).permute(1, 0, 2, 3);
        }
        return new Variable[] {dx, dk};
    }

    /** y = convTranspose2d(x [n, c, h, w], k [c, o, kh, kw]); g is [n, o, ho, wo]. */
    static Variable[] convTranspose2d(Variable g, Node n) {
        Conv2dSpec s = n.attrs(Conv2dSpec.class);
        Variable x = n.input(0);
        Variable k = n.input(1);
        Shape xs = x.shape();
        Variable dx = null;
        Variable dk = null;
        if (n.input(0).requiresGrad()) {
            Variable full = g.conv2d(k, s.withOutputPadding(0, 0));
            // An output padding of a stride or more reaches past the input's last row.
            dx = full.slice(2, 0, xs.dim(2)).slice(3, 0, xs.dim(3));
        }
        if (n.input(1).requiresGrad()) {
            Variable perKernel = g.permute(1, 0, 2, 3).conv2d(x.permute(1, 0, 2, 3), swapped(s));
            dk = window(perKernel, k.shape()).permute(1, 0, 2, 3);
        }
        return new Variable[] {dx, dk};
    }

    /** Stride and dilation exchanged, padding kept, no output padding. */
    private static Conv2dSpec swapped(Conv2dSpec s) {
        return new Conv2dSpec(
                s.dilationH(), s.dilationW(), s.padH(), s.padW(), s.strideH(), s.strideW(), 0, 0);
    }

    /** The first kH x kW offsets; the kernel-gradient convolution may reach a few more. */
    private static Variable window(Variable v, Shape kernel) {
        return v.slice(2, 0, kernel.dim(2)).slice(3, 0, kernel.dim(3));
    }
}
