package org.vae4j.samples.research;

import org.vae4j.api.ops.Elementwise;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.model.Encoder;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Linear;
import org.vae4j.core.nn.Module;

/**
 * An encoder of one's own: one shared layer with an activation of its own (Swish, written as an
 * elementwise expression) and two linear heads, one for the mean of q(z|x) and one for its
 * log-variance. Registered children become named parameters ({@code hidden.weight}, {@code
 * mean.bias}, ...), trained and saved with the rest of the model.
 */
// snippet:encoder
public final class TwoHeadEncoder extends Module implements Encoder {
    /** Swish, {@code x sigmoid(x)}: one pass over memory forward and one backward. */
    private static final Elementwise SWISH;

    static {
        Elementwise.Builder b = Elementwise.builder(1);
        SWISH = b.build(b.input(0).mul(b.input(0).sigmoid()));
    }

    private final Linear hidden;
    private final Linear mean;
    private final Linear logVar;

    /** An encoder from {@code features} inputs through {@code units} to {@code latent}. */
    public TwoHeadEncoder(Init init, int features, int units, int latent) {
        this.hidden = register("hidden", new Linear(init, features, units));
        this.mean = register("mean", new Linear(init, units, latent));
        this.logVar = register("log_var", new Linear(init, units, latent));
    }

    @Override
    public Distribution encode(Variable x) {
        Variable h = Fused.elementwise(SWISH, hidden.forward(x));
        return new DiagonalGaussian(mean.forward(h), logVar.forward(h));
    }
}
// end:encoder
