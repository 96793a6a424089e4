package org.vae4j.core.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
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
     * @param detail the element worst relative to its tolerance, for the failure message
     */
    public record Result(boolean passed, double maxAbsError, String detail) {}

    /**
     * Checks a function of fresh inputs: {@code f} receives one leaf per input tensor.
     *
     * @param f the function of the leaves, in input order
     * @param inputs float64 tensors, read but not modified
     * @param atol absolute tolerance
     * @param rtol tolerance relative to the numeric derivative
     */
    public static Result check(
            Function<List<Variable>, Variable> f, List<Tensor> inputs, double atol, double rtol) {
        requireFloat64(inputs);
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
            Variable weights = weights(out);
            return compare(
                    analytic(out, weights, leaves),
                    inputs,
                    (input, element, delta) -> {
                        List<Variable> args = new ArrayList<>();
                        for (int i = 0; i < inputs.size(); i++) {
                            double[] v = values.get(i).clone();
                            if (i == input) {
                                v[element] += delta;
                            }
                            Tensor t = backend.fromDoubles(v, inputs.get(i).shape());
                            args.add(Variable.constant(t));
                        }
                        return contract(f.apply(args), weights);
                    },
                    atol,
                    rtol);
        }
    }

    /**
     * Checks a function of existing leaves (for example a model's parameters, through {@code
     * parameter.variable()}), perturbing their tensors in place and restoring them after each
     * evaluation. Needs a backend with in-place updates.
     */
    public static Result checkLeaves(
            Supplier<Variable> f, List<Variable> leaves, double atol, double rtol) {
        List<Tensor> inputs = new ArrayList<>();
        for (Variable v : leaves) {
            inputs.add(v.value());
        }
        requireFloat64(inputs);
        Backend backend = inputs.get(0).backend();
        try (Scope scope = backend.openScope()) {
            Variable out = f.get();
            Variable weights = weights(out);
            return compare(
                    analytic(out, weights, leaves),
                    inputs,
                    (input, element, delta) -> {
                        Tensor target = inputs.get(input);
                        double[] original = target.toDoubles();
                        double[] v = original.clone();
                        v[element] += delta;
                        backend.assign(target, backend.fromDoubles(v, target.shape()));
                        try {
                            return contract(f.get(), weights);
                        } finally {
                            backend.assign(target, backend.fromDoubles(original, target.shape()));
                        }
                    },
                    atol,
                    rtol);
        }
    }

    private interface Evaluation {
        double at(int input, int element, double delta);
    }

    private static void requireFloat64(List<Tensor> inputs) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException(
                        "Gradient checks need float64 inputs, but got " + t);
            }
        }
    }

    private static Variable weights(Variable out) {
        Tensor u = Rng.seeded(17).uniform(out.backend(), out.shape(), DType.FLOAT64);
        return Variable.constant(u).add(0.5);
    }

    private static List<double[]> analytic(Variable out, Variable weights, List<Variable> leaves) {
        Gradients grads = out.mul(weights).sumAll().backward();
        List<double[]> result = new ArrayList<>();
        for (Variable leaf : leaves) {
            result.add(grads.get(leaf).value().toDoubles());
        }
        return result;
    }

    private static double contract(Variable out, Variable weights) {
        try (NoGrad off = NoGrad.enter()) {
            return out.mul(weights).sumAll().item();
        }
    }

    private static Result compare(
            List<double[]> analytic, List<Tensor> inputs, Evaluation f, double atol, double rtol) {
        double worst = 0;
        double worstRatio = -1;
        String detail = "all elements within tolerance";
        boolean passed = true;
        Backend backend = inputs.get(0).backend();
        for (int i = 0; i < analytic.size(); i++) {
            double[] a = analytic.get(i);
            for (int j = 0; j < a.length; j++) {
                double numeric;
                try (Scope scope = backend.openScope()) {
                    numeric = (f.at(i, j, EPS) - f.at(i, j, -EPS)) / (2 * EPS);
                }
                double err = Math.abs(a[j] - numeric);
                boolean ok = err <= atol + rtol * Math.abs(numeric);
                passed &= ok;
                worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
                double ratio = err / (atol + rtol * Math.abs(numeric));
                if (!(ratio <= worstRatio)) {
                    worstRatio = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                    detail =
                            String.format(
                                    "input %d %s element %d: analytic %.10g, numeric %.10g",
                                    i, inputs.get(i).shape(), j, a[j], numeric);
                }
            }
        }
        return new Result(passed, worst, detail);
    }
}
