package org.vae4j.core.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.Variable;

/** Parameter-free nonlinearities, usable as layers and chosen by name on the command line. */
public enum Activation implements Layer {
    /** {@code max(x, 0)}. */
    RELU {
        @Override
        public Variable forward(Variable x) {
            return x.relu();
        }
    },
    /** Hyperbolic tangent. */
    TANH {
        @Override
        public Variable forward(Variable x) {
            return x.tanh();
        }
    },
    /** Logistic sigmoid. */
    SIGMOID {
        @Override
        public Variable forward(Variable x) {
            return x.sigmoid();
        }
    },
    /** {@code log(1 + e^x)}. */
    SOFTPLUS {
        @Override
        public Variable forward(Variable x) {
            return x.softplus();
        }
    },
    /** {@code x} for {@code x > 0}, else {@code e^x - 1} (Clevert et al. 2016). */
    ELU {
        @Override
        public Variable forward(Variable x) {
            return Fused.elementwise(Compositions.ELU, x);
        }
    },
    /** {@code x} for {@code x > 0}, else {@code 0.01 x}. */
    LEAKY_RELU {
        @Override
        public Variable forward(Variable x) {
            return Fused.elementwise(Compositions.LEAKY_RELU, x);
        }
    },
    /** {@code x}. */
    IDENTITY {
        @Override
        public Variable forward(Variable x) {
            return x;
        }
    };

    /**
     * The activations written as compositions of primitive ops, as elementwise expressions: one
     * pass over memory forward and one backward instead of one per op.
     */
    private static final class Compositions {
        static final Elementwise ELU;
        static final Elementwise LEAKY_RELU;

        static {
            Elementwise.Builder b = Elementwise.builder(1);
            Term x = b.input(0);
            ELU = b.build(x.relu().add(x.neg().relu().neg().exp().sub(1)));
            b = Elementwise.builder(1);
            x = b.input(0);
            LEAKY_RELU = b.build(x.maximum(x.mul(0.01)));
        }
    }

    /** Returns the command-line name, for example {@code leaky-relu}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a name such as {@code relu} or {@code leaky-relu}, ignoring case.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.cliName().equalsIgnoreCase(name.trim())
                    || a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "Unknown activation '"
                        + name
                        + "'; use one of "
                        + Arrays.stream(values())
                                .map(Activation::cliName)
                                .collect(Collectors.joining(", ")));
    }
}
