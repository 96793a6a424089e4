package org.vae4j.backend.nd4j;

import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * libnd4j's exp, log, tanh and sigmoid kernels, which cost nanoseconds per element where the
 * arithmetic kernels cost fractions of one: where libnd4j runs on one thread, a large array is cut
 * into pieces of its elements, one per worker ({@link Nd4jHostWork}). Each element's value does not
 * depend on the cut. tanh is the CUDA build's; the CPU build has the faster {@link Nd4jTanh}.
 */
final class Nd4jTranscendentals {
    private Nd4jTranscendentals() {}

    /** {@code z = e^x}; {@code z} may be {@code x}. */
    static INDArray exp(INDArray x, INDArray z, Nd4jHostWork host) {
        return apply(x, z, host, Exp::new);
    }

    /** {@code z = log(x)}; {@code z} may be {@code x}. */
    static INDArray log(INDArray x, INDArray z, Nd4jHostWork host) {
        return apply(x, z, host, Log::new);
    }

    /** {@code z = tanh(x)}, on the CUDA build; {@code z} may be {@code x}. */
    static INDArray tanh(INDArray x, INDArray z, Nd4jHostWork host) {
        return apply(x, z, host, Tanh::new);
    }

    /** {@code z = 1 / (1 + e^-x)}; {@code z} may be {@code x}. */
    static INDArray sigmoid(INDArray x, INDArray z, Nd4jHostWork host) {
        return apply(x, z, host, Sigmoid::new);
    }

    /**
     * Runs {@code kernel} from {@code x} into {@code z} (dense row-major arrays of one length),
     * whole or in pieces.
     */
    private static INDArray apply(
            INDArray x, INDArray z, Nd4jHostWork host, BiFunction<INDArray, INDArray, Op> kernel) {
        host.engineElements(
                x.length(),
                (from, to) -> Nd4j.exec(kernel.apply(range(x, from, to), range(z, from, to))));
        return z;
    }

    /** The elements {@code [from, to)} of a dense row-major array: itself, or a flat view. */
    private static INDArray range(INDArray x, long from, long to) {
        return from == 0 && to == x.length()
                ? x
                : x.reshape(x.length()).get(NDArrayIndex.interval(from, to));
    }
}
