package org.vae4j.core.model;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Module;

/**
 * The likelihood {@code p(x|h1)} of a VAE with stochastic layers: an {@link MlpDecoder} that reads
 * only the lowest layer {@code h1} of the code {@code z = [h1, ..., hL]}. Parameters: {@code
 * net.*}.
 */
public final class HierarchicalDecoder extends Module implements Decoder {
    private final MlpDecoder net;
    private final int lowest;

    /** Decodes with {@code net}, which takes the lowest layer's {@code lowest} values. */
    public HierarchicalDecoder(MlpDecoder net, int lowest) {
        this.net = register("net", net);
        this.lowest = lowest;
    }

    @Override
    public Distribution decode(Variable z) {
        int axis = z.shape().rank() - 1;
        return net.decode(z.slice(axis, 0, lowest));
    }

    /** Returns {@code p(x|h1)}'s network. */
    public MlpDecoder net() {
        return net;
    }
}
