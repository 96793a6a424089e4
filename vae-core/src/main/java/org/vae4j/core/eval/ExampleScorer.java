package org.vae4j.core.eval;

import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Module;

/**
 * Scores examples one at a time, each with random draws from a stream of its own key, so that an
 * example's numbers depend only on the model, the seed, its key and its values: not on which other
 * examples are scored with it, in what order, or on which machine. A job that splits the data in
 * any way gets the numbers one machine gets.
 *
 * <p>The example with key {@code k} draws from {@code Rng.seeded(seed).fork(k)}: its fork 1
 * binarizes the example (when a binarization is given), fork 2 draws the ELBO's sample and fork 3
 * the importance samples, as {@code vae eval}'s streams are numbered. The ELBO and the
 * log-likelihood are {@link Evaluator#elbo} and {@link Evaluator#logLikelihood} on that one
 * example.
 *
 * <pre>{@code
 * ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, 1, 100);
 * ExampleScore s = scorer.score(test, 0, 0L);     // row 0, keyed 0
 * }</pre>
 */
public final class ExampleScorer {
    /** The fork of an example's stream that binarizes it. */
    public static final long BINARIZATION_STREAM = 1;

    /** The fork of an example's stream that draws the ELBO's sample. */
    public static final long ELBO_STREAM = 2;

    /** The fork of an example's stream that draws the importance samples. */
    public static final long LOG_LIKELIHOOD_STREAM = 3;

    private final Vae vae;
    private final Binarization binarization;
    private final long seed;
    private final int iwSamples;

    /**
     * Creates a scorer.
     *
     * @param vae the model
     * @param binarization {@link Binarization#NONE} to score the values as they are; otherwise each
     *     example is binarized once from its own stream, as {@code vae eval} binarizes the test set
     *     of a run trained on binarized data
     * @param seed the seed every example's stream is forked from
     * @param iwSamples the importance samples K of the log-likelihood estimate; 0 skips it
     * @throws IllegalArgumentException if {@code iwSamples} is negative
     */
    public ExampleScorer(Vae vae, Binarization binarization, long seed, int iwSamples) {
        if (iwSamples < 0) {
            throw new IllegalArgumentException(
                    "The number of importance samples must be >= 0 (0 skips the log-likelihood),"
                            + " but was "
                            + iwSamples);
        }
        this.vae = vae;
        this.binarization = binarization;
        this.seed = seed;
        this.iwSamples = iwSamples;
    }

    /** Returns the random stream of the example with key {@code key}. */
    public static Rng stream(long seed, long key) {
        return Rng.seeded(seed).fork(key);
    }

    /**
     * Scores row {@code row} of {@code data} with the stream of {@code key}.
     *
     * @throws IndexOutOfBoundsException if the row is outside the data
     * @throws UnsupportedOperationException if the model's posterior is not a {@link
     *     DiagonalGaussian}, whose mean and log-variance are the embedding
     */
    public ExampleScore score(Dataset data, int row, long key) {
        Rng stream = stream(seed, key);
        Dataset one = data.subset(new int[] {row});
        if (binarization != Binarization.NONE) {
            one = Binarization.STATIC.prepare(one, stream.fork(BINARIZATION_STREAM));
        }
        double[][] embedding = embedding(one);
        ElboReport elbo = Evaluator.elbo(vae, one, 1, stream.fork(ELBO_STREAM));
        double logLikelihood =
                iwSamples == 0
                        ? Double.NaN
                        : Evaluator.logLikelihood(
                                        vae,
                                        one,
                                        iwSamples,
                                        stream.fork(LOG_LIKELIHOOD_STREAM),
                                        Progress.NONE)
                                .mean();
        return new ExampleScore(
                embedding[0],
                embedding[1],
                -elbo.loss(),
                elbo.reconstruction(),
                elbo.kl(),
                logLikelihood);
    }

    /** Returns the posterior's mean and log-variance for a dataset of one example. */
    private double[][] embedding(Dataset one) {
        int[] rows = {0};
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope scope = vae.backend().openScope()) {
            Variable x = Variable.constant(one.batch(vae.backend(), rows, vae.dtype()));
            Distribution q = vae.encoder().encode(x, vae.condition(one, rows));
            if (!(q instanceof DiagonalGaussian gaussian)) {
                throw new UnsupportedOperationException(
                        "Scoring reports the posterior's mean and log-variance, but this model's"
                                + " posterior is a "
                                + q.getClass().getSimpleName()
                                + "; use an encoder whose posterior is a DiagonalGaussian");
            }
            return new double[][] {
                gaussian.mean().value().toDoubles(), gaussian.logVar().value().toDoubles()
            };
        }
    }
}
