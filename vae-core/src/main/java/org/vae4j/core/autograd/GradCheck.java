package org.vae4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;

/**
 * Compares the gradients of a function computed by backpropagation with central finite differences,
 * in float64. The function's output is contracted with fixed random weights, so the whole Jacobian
 * is exercised, not just its column sums.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(v -> v.get(0).matmul(v.get(1)), List.of(a, b), 1e-7, 1e-5);
 * assert r.passed() : r.detail();
 * }</pre>
 */
public final class GradCheck {
    /** The central-difference step. */
    public static final double EPS = 1e-6;

    private GradCheck() {}

    /**
     * What the comparison found.
     *
     * @param passed whether every element was within tolerance
     * @param maxAbsError the largest |analytic - numeric| over all elements
     * @param detail the worst element, for the failure message
     */
    public record Result(boolean passed, double maxAbsError, String detail) {}

    /**
     * Checks {@code f} at {@code inputs}.
     *
     * @param f the function of the leaves, in input order
     * @param inputs float64 tensors, read but not modified
     * @param atol absolute tolerance
     * @param rtol tolerance relative to the numeric derivative
     * @throws IllegalArgumentException if an input is not float64
     */
    public static Result check(
            Function<List<Variable>, Variable> f, List<Tensor> inputs, double atol, double rtol) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException(
                        "Gradient checks need float64 inputs, but got " + t);
            }
        }
        Backend backend = inputs.get(0).backend();
        List<double[]> values = new ArrayList<>();
        for (Tensor t : inputs) {
            values.add(t.toDoubles());
        }
        try (Scope scope = backend.openScope()) {
            List<Variable> leaves = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                leaves.add(Variable.leaf(inputs.get(i), "input" + i));
            }
            Variable out = f.apply(leaves);
            Variable weights =
                    Variable.constant(Rng.seeded(17).uniform(backend, out.shape(), DType.FLOAT64));
            Variable loss = out.mul(weights.add(0.5)).sumAll();
            Gradients grads = loss.backward();
            double worst = 0;
            String detail = "all elements within tolerance";
            boolean passed = true;
            for (int i = 0; i < inputs.size(); i++) {
                double[] analytic = grads.get(leaves.get(i)).value().toDoubles();
                for (int j = 0; j < analytic.length; j++) {
                    double numeric = numeric(f, inputs, values, weights, i, j);
                    double err = Math.abs(analytic[j] - numeric);
                    boolean ok = err <= atol + rtol * Math.abs(numeric);
                    if (!ok || Double.isNaN(err)) {
                        passed = false;
                    }
                    if (err > worst || Double.isNaN(err)) {
                        worst = err;
                        detail =
                                String.format(
                                        "input %d %s element %d: analytic %.10g, numeric %.10g",
                                        i, inputs.get(i).shape(), j, analytic[j], numeric);
                    }
                }
            }
            return new Result(passed, worst, detail);
        }
    }

    private static double numeric(
            Function<List<Variable>, Variable> f,
            List<Tensor> inputs,
            List<double[]> values,
            Variable weights,
            int input,
            int element) {
        double plus = perturbed(f, inputs, values, weights, input, element, EPS);
        double minus = perturbed(f, inputs, values, weights, input, element, -EPS);
        return (plus - minus) / (2 * EPS);
    }

    private static double perturbed(
            Function<List<Variable>, Variable> f,
            List<Tensor> inputs,
            List<double[]> values,
            Variable weights,
            int input,
            int element,
            double delta) {
        Backend backend = inputs.get(0).backend();
        try (Scope scope = backend.openScope();
                NoGrad off = NoGrad.enter()) {
            List<Variable> args = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                double[] v = values.get(i).clone();
                if (i == input) {
                    v[element] += delta;
                }
                args.add(Variable.constant(backend.fromDoubles(v, inputs.get(i).shape())));
            }
            return f.apply(args).mul(weights.add(0.5)).sumAll().item();
        }
    }
}
