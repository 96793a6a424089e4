package org.vae4j.core.eval;

import java.util.Arrays;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Module;
import org.vae4j.core.objectives.IwaeBound;

/**
 * How often a conditional model, used as a classifier, names the true label: for each example the
 * class whose condition gives the highest bound on {@code log p(x | c)} (the IWAE bound with K
 * samples; K = 1 is the ELBO). Every class sees the same noise, so the comparison is paired.
 *
 * @param correct examples whose best class is their label
 * @param examples examples classified
 * @param samples K, importance samples per example and class
 */
public record LabelAccuracy(int correct, int examples, int samples) {

    /** Returns the fraction of examples classified correctly. */
    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /**
     * Classifies every example of a labelled dataset.
     *
     * @throws IllegalArgumentException if the model is not conditional, the data has no labels, or
     *     {@code samples} or {@code batchSize} is not positive
     */
    public static LabelAccuracy measure(
            Vae vae, Dataset data, int samples, int batchSize, Rng rng) {
        int classes = vae.conditions();
        int[] labels =
                data.labels()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "Classifying needs the data's labels"));
        if (classes == 0 || samples <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(
                    classes == 0
                            ? "Only a conditional model can classify; this one takes no label"
                            : "samples and batch size must be > 0");
        }
        Backend backend = vae.backend();
        IwaeBound bound = new IwaeBound(samples);
        int correct = 0;
        try (Module.Mode eval = vae.evaluation();
                NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < data.size(); from += batchSize) {
                int[] rows = Evaluator.range(from, Math.min(data.size(), from + batchSize));
                double[] best = new double[rows.length];
                int[] argBest = new int[rows.length];
                Arrays.fill(best, Double.NEGATIVE_INFINITY);
                Rng batchNoise = rng.fork(from);
                try (Scope batch = backend.openScope()) {
                    Variable x = Variable.constant(data.batch(backend, rows, vae.dtype()));
                    int[] same = new int[rows.length];
                    for (int k = 0; k < classes; k++) {
                        try (Scope scope = backend.openScope()) {
                            Arrays.fill(same, k);
                            double[] neg =
                                    bound.compute(
                                                    vae,
                                                    x,
                                                    vae.condition(same),
                                                    batchNoise.fork(0),
                                                    0)
                                            .negativeBound()
                                            .value()
                                            .toDoubles();
                            for (int i = 0; i < rows.length; i++) {
                                if (-neg[i] > best[i]) {
                                    best[i] = -neg[i];
                                    argBest[i] = k;
                                }
                            }
                        }
                    }
                }
                for (int i = 0; i < rows.length; i++) {
                    correct += argBest[i] == labels[rows[i]] ? 1 : 0;
                }
            }
        }
        return new LabelAccuracy(correct, data.size(), samples);
    }
}
