package org.vae4j.core.autograd;

import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.tensor.Shape;

/**
 * The backward rules of the two convolutions. The gradient with respect to a convolution's input is
 * the transposed convolution of the output gradient with the same kernel (and the other way round);
 * the gradient with respect to the kernel is the SPI's {@code conv2dKernelGradient} of the input
 * and the output gradient (of the output gradient and the input for the transposed one), whose
 * composite default is a convolution, so any backend that computes both convolutions has their
 * gradients. The kernel gradient is differentiable in turn: its own gradients are the two
 * convolutions again.
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
            dx = inputGradient(g, k, s, xs);
        }
        if (n.input(1).requiresGrad()) {
            dk = new KernelGradient(s, ks.dim(2), ks.dim(3)).apply(x, g);
        }
        return new Variable[] {dx, dk};
    }

    /** The transposed convolution of g with k, output-padded to reach the input's shape. */
    private static Variable inputGradient(Variable g, Variable k, Conv2dSpec s, Shape input) {
        Shape ks = k.shape();
        int[] outPad = new int[2];
        for (int axis = 0; axis < 2; axis++) {
            int reached =
                    s.transposedOutput(axis, g.shape().dim(2 + axis), ks.dim(2 + axis))
                            - s.outPad(axis);
            outPad[axis] = input.dim(2 + axis) - reached;
        }
        return g.convTranspose2d(k, s.withOutputPadding(outPad[0], outPad[1]));
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
            Shape ks = k.shape();
            dk = new KernelGradient(s.withOutputPadding(0, 0), ks.dim(2), ks.dim(3)).apply(g, x);
        }
        return new Variable[] {dx, dk};
    }

    /**
     * {@code conv2dKernelGradient(input, grad)} as a differentiable op. With {@code h} the gradient
     * reaching its result, the input's gradient is the transposed convolution of {@code grad} with
     * {@code h} and the gradient's is the convolution of the input with {@code h}, cut to the
     * gradient's size.
     */
    private static final class KernelGradient extends CustomFunction {
        private final Conv2dSpec spec;
        private final int kernelH;
        private final int kernelW;

        KernelGradient(Conv2dSpec spec, int kernelH, int kernelW) {
            this.spec = spec;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
        }

        @Override
        protected Variable forward(Context ctx, Variable... in) {
            ctx.save(in);
            return Variable.constant(
                    in[0].backend()
                            .conv2dKernelGradient(
                                    in[0].value(), in[1].value(), spec, kernelH, kernelW));
        }

        @Override
        protected Variable[] backward(Context ctx, Variable h) {
            Variable input = ctx.saved(0);
            Variable grad = ctx.saved(1);
            Variable dInput =
                    input.requiresGrad() ? inputGradient(grad, h, spec, input.shape()) : null;
            Variable dGrad = null;
            if (grad.requiresGrad()) {
                Shape gs = grad.shape();
                dGrad = input.conv2d(h, spec).slice(2, 0, gs.dim(2)).slice(3, 0, gs.dim(3));
            }
            return new Variable[] {dInput, dGrad};
        }
    }
}
