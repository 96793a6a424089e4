package org.vae4j.core.eval;

import java.util.Arrays;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Module;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.LossTerms;

/**
 * Scores examples, each with random draws from a stream of its own key, so that an example's
 * numbers depend only on the model, the seed, its key and its values: not on which other examples
 * are scored with it or in what order. The model runs over a fixed number of rows at a time (the
 * last pass padded), so that an engine, which picks kernels by the size of an op, computes every
 * row the same way: a job that splits the data in any way gets the numbers one machine gets on the
 * same backend. (On an AVX-512 CPU this needs OpenBLAS's AVX-512 kernels, which nd4j and djl name
 * there unless {@code OPENBLAS_CORETYPE} is set: with its AVX2 kernels, {@code Haswell} or {@code
 * Zen}, a row's numbers moved by float rounding with the rows scored beside it.)
 *
 * <p>The example with key {@code k} draws from {@code Rng.seeded(seed).fork(k)}: its fork 1
 * binarizes the example (when a binarization is given), fork 2 draws the ELBO's sample and fork 3
 * the importance samples, as {@code vae eval}'s streams are numbered. The ELBO is {@link
 * Evaluator#elbo}'s on that one example and the log-likelihood {@link Evaluator#logLikelihood}'s,
 * the ELBO's to the rounding of the batched arithmetic (exactly on a backend that computes each row
 * of a product by itself, as the reference backend does).
 *
 * <pre>{@code
 * ExampleScorer scorer = new ExampleScorer(vae, Binarization.NONE, 1, 100);
 * ExampleScore s = scorer.score(test, 0, 0L);     // row 0, keyed 0
 * ExampleScore[] some = scorer.score(test, new int[] {4, 9}, new long[] {4, 9});
 * }</pre>
 */
public final class ExampleScorer {
    /** The fork of an example's stream that binarizes it. */
    public static final long BINARIZATION_STREAM = 1;

    /** The fork of an example's stream that draws the ELBO's sample. */
    public static final long ELBO_STREAM = 2;

    /** The fork of an example's stream that draws the importance samples. */
    public static final long LOG_LIKELIHOOD_STREAM = 3;

    /** The rows of one pass of the model unless a scorer is given another number. */
    public static final int ROWS_PER_PASS = 256;

    private final Vae vae;
    private final Binarization binarization;
    private final long seed;
    private final int iwSamples;
    private final int rowsPerPass;

    /** Creates a scorer that runs the model over {@link #ROWS_PER_PASS} rows at a time. */
    public ExampleScorer(Vae vae, Binarization binarization, long seed, int iwSamples) {
        this(vae, binarization, seed, iwSamples, ROWS_PER_PASS);
    }

    /**
     * Creates a scorer.
     *
     * @param vae the model
     * @param binarization {@link Binarization#NONE} to score the values as they are; otherwise each
     *     example is binarized once from its own stream, as {@code vae eval} binarizes the test set
     *     of a run trained on binarized data
     * @param seed the seed every example's stream is forked from
     * @param iwSamples the importance samples K of the log-likelihood estimate; 0 skips it
     * @param rowsPerPass the rows of every pass of the model, a smaller set padded with copies of
     *     its first row: engines pick kernels by size, so a fixed size is what makes a row's
     *     numbers independent of how many rows it is scored with
     * @throws IllegalArgumentException if {@code iwSamples} is negative or {@code rowsPerPass}
     *     below 1
     */
    public ExampleScorer(
            Vae vae, Binarization binarization, long seed, int iwSamples, int rowsPerPass) {
        if (rowsPerPass < 1) {
            throw new IllegalArgumentException(
                    "A pass of the model must score at least 1 row, but was " + rowsPerPass);
        }
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
        this.rowsPerPass = rowsPerPass;
    }

    /** Returns the random stream of the example with key {@code key}. */
    public static Rng stream(long seed, long key) {
        return Rng.seeded(seed).fork(key);
    }

    /**
     * Scores row {@code row} of {@code data} with the stream of {@code key}: one pass of the model
     * padded to {@code rowsPerPass} rows, so score many rows with {@link #score(Dataset, int[],
     * long[])} rather than one at a time.
     *
     * @throws IndexOutOfBoundsException if the row is outside the data
     * @throws UnsupportedOperationException if the model's posterior is not a {@link
     *     DiagonalGaussian}, whose mean and log-variance are the embedding
     */
    public ExampleScore score(Dataset data, int row, long key) {
        return score(data, new int[] {row}, new long[] {key})[0];
    }

    /**
     * Scores rows {@code rows} of {@code data}, row {@code rows[i]} with the stream of {@code
     * keys[i]}, running the model over the rows' ELBOs and embeddings a pass of {@code rowsPerPass}
     * rows at a time. Each example's draws are those it makes scored alone, and every pass has the
     * same shape, so a row's numbers depend on its key and values alone, not on the rows scored
     * with it or their order. The log-likelihood's importance samples are drawn and weighed per
     * example.
     *
     * @return one score per row, in the order of {@code rows}
     * @throws IllegalArgumentException if {@code rows} and {@code keys} differ in length
     * @throws IndexOutOfBoundsException if a row is outside the data
     * @throws UnsupportedOperationException if the model's posterior is not a {@link
     *     DiagonalGaussian}, whose mean and log-variance are the embedding
     */
    public ExampleScore[] score(Dataset data, int[] rows, long[] keys) {
        if (rows.length != keys.length) {
            throw new IllegalArgumentException(
                    rows.length + " rows to score need as many keys, but got " + keys.length);
        }
        ExampleScore[] scores = new ExampleScore[rows.length];
        for (int from = 0; from < rows.length; from += rowsPerPass) {
            int n = Math.min(rowsPerPass, rows.length - from);
            Rng[] streams = new Rng[rowsPerPass];
            for (int i = 0; i < n; i++) {
                streams[i] = stream(seed, keys[from + i]);
            }
            Dataset pass = data.subset(Arrays.copyOfRange(rows, from, from + n));
            if (binarization != Binarization.NONE) {
                pass = Binarization.STATIC.prepare(pass, i -> streams[i].fork(BINARIZATION_STREAM));
            }
            if (n < rowsPerPass) { // padded with copies of the first row, its values and draws
                pass = pass.subset(Arrays.copyOf(Evaluator.range(0, n), rowsPerPass));
                Arrays.fill(streams, n, rowsPerPass, streams[0]);
            }
            ExampleScore[] bounds = bounds(pass, streams);
            for (int i = 0; i < n; i++) {
                ExampleScore b = bounds[i];
                scores[from + i] =
                        iwSamples == 0
                                ? b
                                : new ExampleScore(
                                        b.mu(),
                                        b.logVar(),
                                        b.elbo(),
                                        b.reconstruction(),
                                        b.kl(),
                                        logLikelihood(pass, i, streams[i]));
            }
        }
        return scores;
    }

    /**
     * The embedding and the one-sample ELBO of every row of {@code batch}, with NaN likelihoods.
     */
    private ExampleScore[] bounds(Dataset batch, Rng[] streams) {
        int n = batch.size();
        int[] all = Evaluator.range(0, n);
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope scope = vae.backend().openScope()) {
            Variable x = Variable.constant(batch.batch(vae.backend(), all, vae.dtype()));
            Variable c = vae.condition(batch, all);
            Distribution q = vae.encoder().encode(x, c);
            if (!(q instanceof DiagonalGaussian gaussian)) {
                throw new UnsupportedOperationException(
                        "Scoring reports the posterior's mean and log-variance, but this model's"
                                + " posterior is a "
                                + q.getClass().getSimpleName()
                                + "; use an encoder whose posterior is a DiagonalGaussian");
            }
            Variable z = gaussian.reparameterize(noise(gaussian.mean().value().shape(), streams));
            LossTerms terms = Elbo.standard().compute(vae, x, c, q, z, 0);
            double[] mu = gaussian.mean().value().toDoubles();
            double[] logVar = gaussian.logVar().value().toDoubles();
            double[] bound = terms.negativeBound().value().toDoubles();
            double[] reconstruction = terms.reconstruction().value().toDoubles();
            double[] kl = terms.kl().value().toDoubles();
            int d = mu.length / n;
            ExampleScore[] scores = new ExampleScore[n];
            for (int i = 0; i < n; i++) {
                scores[i] =
                        new ExampleScore(
                                Arrays.copyOfRange(mu, i * d, (i + 1) * d),
                                Arrays.copyOfRange(logVar, i * d, (i + 1) * d),
                                -bound[i],
                                reconstruction[i],
                                kl[i],
                                Double.NaN);
            }
            return scores;
        }
    }

    /**
     * The ELBO's noise for a posterior of shape {@code [n, ...]}, shaped {@code [1, n, ...]}: row i
     * is what {@link DiagonalGaussian#rsample} draws from {@code streams[i].fork(ELBO_STREAM)} for
     * that row alone.
     */
    private Variable noise(Shape posterior, Rng[] streams) {
        int n = streams.length;
        int perRow = posterior.sizeAsInt() / n;
        int[] dims = new int[posterior.rank() + 1];
        dims[0] = 1;
        System.arraycopy(posterior.dims(), 0, dims, 1, posterior.rank());
        Shape shape = Shape.of(dims);
        double[] eps = new double[n * perRow];
        for (int i = 0; i < n; i++) {
            double[] row = streams[i].fork(ELBO_STREAM).normals(perRow);
            System.arraycopy(row, 0, eps, i * perRow, perRow);
        }
        Backend backend = vae.backend();
        if (vae.dtype() != DType.FLOAT32) {
            return Variable.constant(backend.fromDoubles(eps, shape));
        }
        // Rng's float32 draws are its float64 draws rounded.
        float[] rounded = new float[eps.length];
        for (int i = 0; i < eps.length; i++) {
            rounded[i] = (float) eps[i];
        }
        return Variable.constant(backend.fromFloats(rounded, shape));
    }

    /** The importance-sampled log-likelihood of row {@code i} of {@code batch}, alone. */
    private double logLikelihood(Dataset batch, int i, Rng stream) {
        return Evaluator.logLikelihood(
                        vae,
                        batch.subset(new int[] {i}),
                        iwSamples,
                        stream.fork(LOG_LIKELIHOOD_STREAM),
                        Progress.NONE)
                .mean();
    }
}
