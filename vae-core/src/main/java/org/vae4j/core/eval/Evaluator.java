package org.vae4j.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Module;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.core.objectives.LossTerms;

/**
 * Measures a trained {@link Vae} on a dataset. Nothing is recorded for gradients, and each batch
 * runs in its own memory scope, so evaluation of any size runs in bounded memory. Results depend
 * only on the model, the data and the random stream.
 */
public final class Evaluator {
    /**
     * The most decoder rows ({@code samples x examples}) one chunk of the log-likelihood estimate
     * evaluates at once.
     */
    static final int ROWS_PER_CHUNK = 10_000;

    /**
     * The most bytes of tensors one chunk should make: fewer rows than {@link #ROWS_PER_CHUNK} go
     * into a chunk where a row's tensors are large (a convolutional decoder's activations), so that
     * a chunk's memory is reused rather than mapped afresh. The MLP models' chunks stay at {@link
     * #ROWS_PER_CHUNK}.
     */
    static final long CHUNK_BYTES = 256L << 20;

    /** Importance samples of the probe that measures a model's bytes per decoder row. */
    private static final int PROBE_ROWS = 64;

    private Evaluator() {}

    /** Returns the one-sample ELBO and its parts, averaged over the dataset. */
    public static ElboReport elbo(Vae vae, Dataset data, int batchSize, Rng rng) {
        checkBatchSize(batchSize);
        Backend backend = vae.backend();
        double loss = 0;
        double reconstruction = 0;
        double kl = 0;
        int n = data.size();
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (Scope scope = backend.openScope()) {
                    int[] rows = range(from, to);
                    Variable x = Variable.constant(data.batch(backend, rows, vae.dtype()));
                    Variable c = vae.condition(data, rows);
                    LossTerms terms = Elbo.standard().compute(vae, x, c, rng, 0);
                    loss += terms.negativeBound().sumAll().item();
                    reconstruction += terms.reconstruction().sumAll().item();
                    kl += terms.kl().sumAll().item();
                }
            }
        }
        return new ElboReport(loss / n, reconstruction / n, kl / n, n);
    }

    /**
     * Estimates the mean log-likelihood with {@code samples} importance samples per example, q as
     * the proposal. Large K is split into chunks whose log-sum-exps are combined exactly, so K is
     * bounded by time, not memory.
     */
    public static LogLikelihood logLikelihood(
            Vae vae, Dataset data, int samples, Rng rng, Progress progress) {
        return logLikelihoods(vae, data, new int[] {samples}, rng, progress).get(0);
    }

    /**
     * Estimates the mean log-likelihood at several K from the same draws: {@code max(samples)}
     * importance samples are drawn per example, exactly as {@link #logLikelihood} draws them for
     * that K, and the estimate at each K is the log-mean-exp of the first K of them. Each chunk
     * adds its weights to a running log-sum-exp per example and per K, so memory stays that of one
     * chunk whatever K is.
     *
     * <p>At the largest K the result is {@link #logLikelihood}'s with the same stream. At a smaller
     * K it is that K's own evaluation with the same stream when one example is evaluated, or when
     * every example fits one chunk ({@code examples x max(samples) <= 10,000}); otherwise the two
     * lay the draws out differently, since {@link #logLikelihood} evaluates more examples per chunk
     * the smaller K is, and they agree only in distribution.
     *
     * @param samples the K to report, in the order the results come back
     * @return one estimate per entry of {@code samples}, over the same examples
     * @throws IllegalArgumentException if {@code samples} is empty or holds a K below 1
     */
    public static List<LogLikelihood> logLikelihoods(
            Vae vae, Dataset data, int[] samples, Rng rng, Progress progress) {
        return logLikelihoods(vae, data, samples, rng, progress, rowsPerChunk(vae, data));
    }

    /**
     * Returns how many decoder rows one chunk of the estimate evaluates at most for this model:
     * {@link #ROWS_PER_CHUNK}, or as many as make {@link #CHUNK_BYTES} of tensors. A probe of
     * {@value #PROBE_ROWS} importance samples of the first example, on noise of its own (the
     * estimate's stream is not touched), counts the bytes of the tensors its scope holds: counted
     * from shapes, so every backend lays the draws out the same way.
     */
    public static int rowsPerChunk(Vae vae, Dataset data) {
        return rowsPerChunk(vae, data, CHUNK_BYTES);
    }

    /** {@link #rowsPerChunk(Vae, Dataset)} for a given budget of bytes (tests). */
    static int rowsPerChunk(Vae vae, Dataset data, long budget) {
        if (data.size() == 0) {
            return ROWS_PER_CHUNK;
        }
        Backend backend = vae.backend();
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter();
                Scope probe = backend.openScope()) {
            int[] first = {0};
            Variable x = Variable.constant(data.batch(backend, first, vae.dtype()));
            Variable c = vae.condition(data, first);
            new IwaeBound(PROBE_ROWS).logWeights(vae, x, c, Rng.seeded(0));
            long perRow = Math.max(1, probe.bytes() / PROBE_ROWS);
            return (int) Math.max(1, Math.min(ROWS_PER_CHUNK, budget / perRow));
        }
    }

    /** {@link #logLikelihoods} with chunks of at most {@code rowsPerChunk} decoder rows (tests). */
    static List<LogLikelihood> logLikelihoods(
            Vae vae, Dataset data, int[] samples, Rng rng, Progress progress, int rowsPerChunk) {
        int most = largest(samples);
        Backend backend = vae.backend();
        int n = data.size();
        int chunk = Math.min(most, rowsPerChunk);
        int batch = batchPerChunk(most, rowsPerChunk);
        double[][] perExample = new double[samples.length][n];
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                double[][] logSum = new double[samples.length][to - from];
                for (double[] row : logSum) {
                    Arrays.fill(row, Double.NEGATIVE_INFINITY);
                }
                for (int done = 0; done < most; done += chunk) {
                    int k = Math.min(chunk, most - done);
                    addChunk(vae, data, from, to, k, done, samples, logSum, rng, backend);
                }
                for (int j = 0; j < samples.length; j++) {
                    for (int i = 0; i < to - from; i++) {
                        perExample[j][from + i] = logSum[j][i] - Math.log(samples[j]);
                    }
                }
                progress.update(to, n);
            }
        }
        List<LogLikelihood> out = new ArrayList<>(samples.length);
        for (int j = 0; j < samples.length; j++) {
            double[] v = perExample[j];
            out.add(new LogLikelihood(mean(v), standardError(v), samples[j], n));
        }
        return out;
    }

    /**
     * Returns how many decoder rows one chunk of {@link #logLikelihood} evaluates at most, for
     * {@code samples} importance samples over {@code examples} examples, chunks of at most {@code
     * rowsPerChunk} rows ({@link #rowsPerChunk(Vae, Dataset)}).
     */
    public static int chunkRows(int samples, int examples, int rowsPerChunk) {
        return Math.min(samples, rowsPerChunk)
                * Math.min(examples, batchPerChunk(samples, rowsPerChunk));
    }

    /** Examples per chunk: as many as fit {@code rows} rows, at least one. */
    private static int batchPerChunk(int samples, int rows) {
        return Math.max(1, rows / Math.min(samples, rows));
    }

    private static int largest(int[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException(
                    "Give at least one number of importance samples to evaluate");
        }
        int most = 0;
        for (int k : samples) {
            if (k <= 0) {
                throw new IllegalArgumentException(
                        "The number of importance samples must be > 0, but was " + k);
            }
            most = Math.max(most, k);
        }
        return most;
    }

    /**
     * Draws the {@code k} samples {@code [done, done + k)} of examples {@code [from, to)} and adds
     * {@code log sum w} over those below each requested K to that K's row of {@code logSum}.
     */
    private static void addChunk(
            Vae vae,
            Dataset data,
            int from,
            int to,
            int k,
            int done,
            int[] samples,
            double[][] logSum,
            Rng rng,
            Backend backend) {
        try (Scope scope = backend.openScope()) {
            int[] rows = range(from, to);
            Variable x = Variable.constant(data.batch(backend, rows, vae.dtype()));
            Variable c = vae.condition(data, rows);
            Variable logW = new IwaeBound(k).logWeights(vae, x, c, rng);
            Map<Integer, double[]> byCount = new HashMap<>();
            for (int j = 0; j < samples.length; j++) {
                int m = Math.min(k, samples[j] - done);
                if (m > 0) {
                    double[] part = byCount.computeIfAbsent(m, used -> logSumExp(logW, used, k));
                    for (int i = 0; i < part.length; i++) {
                        logSum[j][i] = logAddExp(logSum[j][i], part[i]);
                    }
                }
            }
        }
    }

    /**
     * Returns {@code log sum_k w_k} over the first {@code m} of {@code k} log weights per example.
     * It is the bound over those m, plus {@code log m}: the arithmetic of {@link IwaeBound}'s
     * value, so the estimate at one K keeps its numbers bit for bit.
     */
    private static double[] logSumExp(Variable logW, int m, int k) {
        Variable first = m == k ? logW : logW.slice(0, 0, m);
        double[] bound = first.logSumExp(new int[] {0}, false).sub(Math.log(m)).value().toDoubles();
        double logM = Math.log(m);
        for (int i = 0; i < bound.length; i++) {
            bound[i] = logM + bound[i];
        }
        return bound;
    }

    /**
     * Returns the latent statistics: active units (posterior-mean variance over the data above
     * {@code threshold}) and the mean KL per latent dimension (NaN where the posterior and the
     * prior have no analytic KL, as in a model with several stochastic layers).
     */
    public static LatentReport latents(Vae vae, Dataset data, int batchSize, double threshold) {
        checkBatchSize(batchSize);
        Backend backend = vae.backend();
        int n = data.size();
        double[] sum = null;
        double[] sumSq = null;
        double[] kl = null;
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (Scope scope = backend.openScope()) {
                    int[] rows = range(from, to);
                    Variable x = Variable.constant(data.batch(backend, rows, vae.dtype()));
                    Distribution q = vae.encoder().encode(x, vae.condition(data, rows));
                    double[] mu = q.mean().value().toDoubles();
                    double[] klBatch =
                            Kl.hasAnalytic(q, vae.prior())
                                    ? Kl.divergence(q.elementwise(), vae.prior().elementwise())
                                            .value()
                                            .toDoubles()
                                    : nans(mu.length);
                    int latent = mu.length / (to - from);
                    if (sum == null) {
                        sum = new double[latent];
                        sumSq = new double[latent];
                        kl = new double[latent];
                    }
                    for (int i = 0; i < mu.length; i++) {
                        int d = i % latent;
                        sum[d] += mu[i];
                        sumSq[d] += mu[i] * mu[i];
                        kl[d] += klBatch[i];
                    }
                }
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("Cannot measure latents on an empty dataset");
        }
        double[] variance = new double[sum.length];
        int active = 0;
        for (int d = 0; d < sum.length; d++) {
            double m = sum[d] / n;
            variance[d] = Math.max(0, sumSq[d] / n - m * m);
            kl[d] /= n;
            if (variance[d] > threshold) {
                active++;
            }
        }
        return new LatentReport(active, threshold, variance, kl);
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /** Returns the examples {@code [from, to)} as an index array. */
    static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }

    static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double standardError(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("The batch size must be > 0, but was " + batchSize);
        }
    }
}
