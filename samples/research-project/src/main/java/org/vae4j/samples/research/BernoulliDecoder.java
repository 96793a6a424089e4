package org.vae4j.samples.research;

import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.model.Decoder;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Mlp;
import org.vae4j.core.nn.Module;

/** A decoder of one's own: an MLP from z to the logits of a Bernoulli per pixel. */
// snippet:decoder
public final class BernoulliDecoder extends Module implements Decoder {
    private final Mlp net;

    /** A decoder from {@code latent} through {@code units} to {@code features} pixels. */
    public BernoulliDecoder(Init init, int latent, int units, int features) {
        this.net = register("net", new Mlp(init, Activation.TANH, false, latent, units, features));
    }

    @Override
    public Distribution decode(Variable z) {
        return Bernoulli.ofLogits(net.forward(z));
    }
}
// end:decoder
