package org.vae4j.core.model;

import java.util.Locale;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.ContinuousBernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Laplace;

/** The built-in likelihood families, by name. */
public final class Likelihoods {
    private Likelihoods() {}

    /** Bernoulli with logits: binary or grey pixels (the pytorch/examples VAE). */
    public static Likelihood bernoulli() {
        return new Simple("bernoulli", 1) {
            @Override
            public Distribution distribution(Variable raw) {
                return Bernoulli.ofLogits(raw);
            }
        };
    }

    /** Continuous Bernoulli with logits: properly normalised for grey pixels in [0, 1]. */
    public static Likelihood continuousBernoulli() {
        return new Simple("continuous-bernoulli", 1) {
            @Override
            public Distribution distribution(Variable raw) {
                return new ContinuousBernoulli(raw);
            }
        };
    }

    /** Gaussian with a learned log-variance per feature: two outputs per feature. */
    public static Likelihood gaussian() {
        return new Simple("gaussian", 2) {
            @Override
            public Distribution distribution(Variable raw) {
                int f = raw.shape().dim(-1) / 2;
                return new DiagonalGaussian(raw.slice(-1, 0, f), raw.slice(-1, f, 2 * f));
            }
        };
    }

    /**
     * Gaussian with a fixed variance: one output (the mean) per feature.
     *
     * @throws IllegalArgumentException unless the log-variance is within {@code [-}{@link
     *     DiagonalGaussian#LOG_VAR_LIMIT}{@code , }{@link DiagonalGaussian#LOG_VAR_LIMIT}{@code ]}
     */
    public static Likelihood gaussianFixed(double variance) {
        double logVar = Math.log(variance);
        if (!(Math.abs(logVar) <= DiagonalGaussian.LOG_VAR_LIMIT)) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "A fixed Gaussian variance must be between %.2g and %.2g, but was %s",
                            Math.exp(-DiagonalGaussian.LOG_VAR_LIMIT),
                            Math.exp(DiagonalGaussian.LOG_VAR_LIMIT),
                            variance));
        }
        return new Simple("gaussian-fixed:" + variance, 1) {
            @Override
            public Distribution distribution(Variable raw) {
                Variable lv =
                        Variable.constant(raw.backend().full(raw.shape(), logVar, raw.dtype()));
                return new DiagonalGaussian(raw, lv);
            }
        };
    }

    /** Laplace with a learned log-scale per feature: two outputs per feature. */
    public static Likelihood laplace() {
        return new Simple("laplace", 2) {
            @Override
            public Distribution distribution(Variable raw) {
                int f = raw.shape().dim(-1) / 2;
                return new Laplace(raw.slice(-1, 0, f), raw.slice(-1, f, 2 * f));
            }
        };
    }

    /**
     * Parses {@code bernoulli}, {@code continuous-bernoulli}, {@code gaussian}, {@code
     * gaussian-fixed} (variance 1), {@code gaussian-fixed:VARIANCE} or {@code laplace}.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static Likelihood parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("gaussian-fixed")) {
            String rest = n.substring("gaussian-fixed".length());
            if (rest.isEmpty()) {
                return gaussianFixed(1.0);
            }
            if (rest.startsWith(":")) {
                try {
                    return gaussianFixed(Double.parseDouble(rest.substring(1)));
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        switch (n) {
            case "bernoulli":
                return bernoulli();
            case "continuous-bernoulli":
                return continuousBernoulli();
            case "gaussian":
                return gaussian();
            case "laplace":
                return laplace();
            default:
                throw new IllegalArgumentException(
                        "Unknown likelihood '"
                                + name
                                + "'; use bernoulli, continuous-bernoulli, gaussian,"
                                + " gaussian-fixed[:VARIANCE] or laplace");
        }
    }

    /** A named family with a fixed number of outputs per feature. */
    private abstract static class Simple implements Likelihood {
        private final String name;
        private final int outputs;

        Simple(String name, int outputs) {
            this.name = name;
            this.outputs = outputs;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int outputsPerFeature() {
            return outputs;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
