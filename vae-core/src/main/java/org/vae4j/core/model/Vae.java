package org.vae4j.core.model;

import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.nn.Module;

/**
 * A variational auto-encoder (Kingma &amp; Welling, <i>Auto-Encoding Variational Bayes</i>, ICLR
 * 2014): an encoder q(z|x), a decoder p(x|z) and a prior p(z). Encoders and decoders that are
 * {@link Module}s contribute their parameters under {@code encoder.*} and {@code decoder.*}.
 */
public final class Vae extends Module {
    private final Encoder encoder;
    private final Decoder decoder;
    private final Distribution prior;

    /** Assembles a VAE from its parts. */
    public Vae(Encoder encoder, Decoder decoder, Distribution prior) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.prior = prior;
        if (encoder instanceof Module m) {
            register("encoder", m);
        }
        if (decoder instanceof Module m) {
            register("decoder", m);
        }
        if (prior instanceof Module m) {
            register("prior", m);
        }
    }

    /** Returns q(z|x). */
    public Encoder encoder() {
        return encoder;
    }

    /** Returns p(x|z). */
    public Decoder decoder() {
        return decoder;
    }

    /** Returns p(z). */
    public Distribution prior() {
        return prior;
    }
}
