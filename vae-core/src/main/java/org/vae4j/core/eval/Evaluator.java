package org.vae4j.core.eval;

import java.util.Arrays;
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
     * evaluates at once; bounds memory to a few hundred MB for MNIST-sized data.
     */
    static final int ROWS_PER_CHUNK = 10_000;

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
        if (samples <= 0) {
            throw new IllegalArgumentException(
                    "The number of importance samples must be > 0, but was " + samples);
        }
        Backend backend = vae.backend();
        int n = data.size();
        int chunk = Math.min(samples, ROWS_PER_CHUNK);
        int batch = batchPerChunk(samples);
        double[] perExample = new double[n];
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                double[] logSum = new double[to - from];
                Arrays.fill(logSum, Double.NEGATIVE_INFINITY);
                for (int done = 0; done < samples; done += chunk) {
                    int k = Math.min(chunk, samples - done);
                    double[] part = chunkLogSumExp(vae, data, from, to, k, rng, backend);
                    for (int i = 0; i < part.length; i++) {
                        logSum[i] = logAddExp(logSum[i], part[i]);
                    }
                }
                for (int i = 0; i < logSum.length; i++) {
                    perExample[from + i] = logSum[i] - Math.log(samples);
                }
                progress.update(to, n);
            }
        }
        return new LogLikelihood(mean(perExample), standardError(perExample), samples, n);
    }

    /**
     * Returns how many decoder rows one chunk of {@link #logLikelihood} evaluates at most, for
     * {@code samples} importance samples over {@code examples} examples.
     */
    public static int chunkRows(int samples, int examples) {
        return Math.min(samples, ROWS_PER_CHUNK) * Math.min(examples, batchPerChunk(samples));
    }

    /** Examples per chunk: as many as fit {@link #ROWS_PER_CHUNK} rows, at least one. */
    private static int batchPerChunk(int samples) {
        return Math.max(1, ROWS_PER_CHUNK / Math.min(samples, ROWS_PER_CHUNK));
    }

    /** Returns {@code log sum_k w_k} over k importance samples for examples {@code [from, to)}. */
    private static double[] chunkLogSumExp(
            Vae vae, Dataset data, int from, int to, int k, Rng rng, Backend backend) {
        try (Scope scope = backend.openScope()) {
            int[] rows = range(from, to);
            Variable x = Variable.constant(data.batch(backend, rows, vae.dtype()));
            Variable c = vae.condition(data, rows);
            double[] negBound =
                    new IwaeBound(k).compute(vae, x, c, rng, 0).negativeBound().value().toDoubles();
            double logK = Math.log(k);
            for (int i = 0; i < negBound.length; i++) {
                negBound[i] = logK - negBound[i];
            }
            return negBound;
        }
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
