package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.HostBatch;
import org.vae4j.core.distributions.NonFiniteParameterException;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.LossTerms;
import org.vae4j.core.objectives.Objective;

/**
 * One training step's forward and backward pass on a batch of rows, inside its own memory scope:
 * the batch (prepared on the host, binarized as the run asks: {@link Binarization#rows}), the
 * objective, the guard against a non-finite loss or gradient, and then the gradients handed to
 * whatever applies them, an optimizer or a distributed trainer that averages them. {@link Trainer}
 * runs one per batch.
 */
public final class BatchStep {
    private final Vae vae;
    private final Objective objective;

    /** Steps {@code vae} on {@code objective}. */
    public BatchStep(Vae vae, Objective objective) {
        this.vae = vae;
        this.objective = objective;
    }

    /**
     * Computes the objective on {@code batch}, rows of {@code data}, and hands its gradients to
     * {@code apply} before the step's scope closes; returns the batch means of the negative bound,
     * the reconstruction term and the KL term.
     *
     * @param data the dataset the batch's rows come from, whose labels a conditional model reads
     * @param noise the stream of the objective's draws
     * @param epoch the 1-based epoch, which KL warm-up reads and errors name
     * @param step the 1-based step within the epoch, which errors name
     * @param steps the epoch's number of steps, which errors name
     * @throws TrainingDivergedException if the loss or a gradient is not finite; {@code apply} is
     *     not called then
     */
    public double[] run(
            Dataset data,
            HostBatch batch,
            Rng noise,
            int epoch,
            int step,
            int steps,
            Consumer<Gradients> apply) {
        Backend backend = vae.backend();
        try (Scope scope = backend.openScope()) {
            Tensor x = batch.tensor(backend);
            LossTerms terms;
            try {
                Variable c = vae.condition(data, batch.indices());
                terms = objective.compute(vae, Variable.constant(x), c, noise, epoch - 1);
            } catch (NonFiniteParameterException e) {
                throw diverged(epoch, step, steps, e.getMessage());
            }
            double loss = terms.loss().item();
            double[] means = {
                terms.negativeBound().meanAll().item(),
                terms.reconstruction().meanAll().item(),
                terms.kl().meanAll().item()
            };
            if (!Double.isFinite(loss)) {
                throw diverged(epoch, step, steps, nonFiniteTerm(means) + " made the loss " + loss);
            }
            Gradients gradients = terms.loss().backward();
            checkGradients(gradients, epoch, step, steps);
            apply.accept(gradients);
            return means;
        }
    }

    private static String nonFiniteTerm(double[] means) {
        if (!Double.isFinite(means[1])) {
            return "the reconstruction term (" + means[1] + ")";
        }
        if (!Double.isFinite(means[2])) {
            return "the KL term (" + means[2] + ")";
        }
        return "the objective";
    }

    /**
     * Checks that every gradient is finite with one reading of them all ({@link
     * org.vae4j.api.ops.TensorOps#allFinite}, one pass over their memory on the CPU backends); only
     * when one is not are the parameters' gradients read one by one, to name the first bad one.
     */
    private void checkGradients(Gradients gradients, int epoch, int step, int steps) {
        Backend backend = vae.backend();
        Map<String, Parameter> parameters = vae.namedParameters();
        List<Tensor> values = new ArrayList<>(parameters.size());
        for (Parameter p : parameters.values()) {
            values.add(gradients.get(p.variable()).value());
        }
        if (backend.allFinite(values)) {
            return;
        }
        int i = 0;
        for (String name : parameters.keySet()) {
            if (!backend.allFinite(List.of(values.get(i++)))) {
                throw diverged(
                        epoch,
                        step,
                        steps,
                        "the gradient of parameter '" + name + "' is not finite");
            }
        }
        throw diverged(epoch, step, steps, "the gradients are not finite");
    }

    private static TrainingDivergedException diverged(int epoch, int step, int steps, String what) {
        return new TrainingDivergedException(
                "Training diverged at epoch "
                        + epoch
                        + ", step "
                        + step
                        + " of "
                        + steps
                        + ": "
                        + what
                        + "; the parameters are as they were before this step",
                epoch,
                "Lower the learning rate or clip gradients, then train again (from the last"
                        + " checkpoint, if one was written)");
    }
}
