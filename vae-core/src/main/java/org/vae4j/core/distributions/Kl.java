package org.vae4j.core.distributions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;

/**
 * The registry of analytic KL divergences, after PyTorch's {@code kl_divergence}: {@link
 * #divergence} finds the most specific registered pair of types along both class hierarchies (and
 * remembers the answer); a pair with no registered formula is an error that says how to add one,
 * and Monte Carlo estimation runs only when asked for with {@link #monteCarlo}.
 *
 * <p>The built-in pairs ({@link AnalyticKl}) include the VAE's Gaussian term (Kingma &amp; Welling
 * 2014, appendix B): {@code KL(N(mu, sigma^2) || N(0, I)) = -1/2 sum(1 + log sigma^2 - mu^2 -
 * sigma^2)}, which is non-negative; note the leading minus sign.
 */
public final class Kl {
    private record Pair(Class<?> q, Class<?> p) {}

    private static final Map<Pair, KlFunction<?, ?>> REGISTRY = new ConcurrentHashMap<>();
    private static final Map<Pair, Optional<KlFunction<?, ?>>> MEMO = new ConcurrentHashMap<>();

    static {
        AnalyticKl.registerAll();
    }

    private Kl() {}

    /** Registers (or replaces) the formula for a pair of types; clears the lookup memo. */
    public static <Q extends Distribution, P extends Distribution> void register(
            Class<Q> q, Class<P> p, KlFunction<? super Q, ? super P> f) {
        REGISTRY.put(new Pair(q, p), f);
        MEMO.clear();
    }

    /** Returns whether an analytic formula applies to these two distributions. */
    public static boolean hasAnalytic(Distribution q, Distribution p) {
        return lookup(q.getClass(), p.getClass()).isPresent();
    }

    /**
     * Returns the analytic {@code KL(q || p)} per batch entry.
     *
     * @throws UnsupportedOperationException if no registered pair matches
     * @throws IllegalStateException if two registered pairs match equally well
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Variable divergence(Distribution q, Distribution p) {
        KlFunction f =
                lookup(q.getClass(), p.getClass())
                        .orElseThrow(
                                () ->
                                        new UnsupportedOperationException(
                                                "No analytic KL(q || p) for q="
                                                        + q.getClass().getSimpleName()
                                                        + ", p="
                                                        + p.getClass().getSimpleName()
                                                        + "; register one with Kl.register(...)"
                                                        + " or call Kl.monteCarlo(q, p, samples,"
                                                        + " rng)"));
        return f.divergence(q, p);
    }

    /**
     * Estimates {@code KL(q || p)} as the mean of {@code log q(x) - log p(x)} over {@code samples}
     * draws from q (reparameterised, so differentiable, when q allows it). When p has more batch
     * axes than q (an unbatched prior against a batch of posteriors, say), q is sampled once per
     * entry of p's leading batch axes, so the result has the batch shape of both.
     */
    public static Variable monteCarlo(Distribution q, Distribution p, int samples, Rng rng) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be > 0, but was " + samples);
        }
        int[] qBatch = q.batchShape().dims();
        int[] pBatch = p.batchShape().dims();
        int[] dims = new int[1 + Math.max(0, pBatch.length - qBatch.length)];
        dims[0] = samples;
        System.arraycopy(pBatch, 0, dims, 1, dims.length - 1);
        Shape s = Shape.of(dims);
        Variable x = q.hasRsample() ? q.rsample(s, rng) : Variable.constant(q.sample(s, rng));
        return q.logProb(x).sub(p.logProb(x)).mean(0);
    }

    private static Optional<KlFunction<?, ?>> lookup(Class<?> q, Class<?> p) {
        return MEMO.computeIfAbsent(new Pair(q, p), k -> Optional.ofNullable(dispatch(q, p)));
    }

    /** The most specific registered pair; ties broken only if both orders agree. */
    private static KlFunction<?, ?> dispatch(Class<?> q, Class<?> p) {
        Map<Class<?>, Integer> dq = distances(q);
        Map<Class<?>, Integer> dp = distances(p);
        List<Pair> matches = new ArrayList<>();
        for (Pair pair : REGISTRY.keySet()) {
            if (dq.containsKey(pair.q()) && dp.containsKey(pair.p())) {
                matches.add(pair);
            }
        }
        if (matches.isEmpty()) {
            return null;
        }
        Pair left = matches.get(0);
        Pair right = matches.get(0);
        for (Pair m : matches) {
            if (better(dq.get(m.q()), dp.get(m.p()), dq.get(left.q()), dp.get(left.p()))) {
                left = m;
            }
            if (better(dp.get(m.p()), dq.get(m.q()), dp.get(right.p()), dq.get(right.q()))) {
                right = m;
            }
        }
        if (!left.equals(right)) {
            throw new IllegalStateException(
                    "Ambiguous KL(q || p) for q="
                            + q.getSimpleName()
                            + ", p="
                            + p.getSimpleName()
                            + ": both ("
                            + left.q().getSimpleName()
                            + ", "
                            + left.p().getSimpleName()
                            + ") and ("
                            + right.q().getSimpleName()
                            + ", "
                            + right.p().getSimpleName()
                            + ") match; register the pair ("
                            + q.getSimpleName()
                            + ", "
                            + p.getSimpleName()
                            + ") explicitly");
        }
        return REGISTRY.get(left);
    }

    private static boolean better(int a1, int a2, int b1, int b2) {
        return a1 < b1 || (a1 == b1 && a2 < b2);
    }

    /** Steps from a class to each of its supertypes (classes and interfaces). */
    private static Map<Class<?>, Integer> distances(Class<?> c) {
        Map<Class<?>, Integer> d = new HashMap<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        d.put(c, 0);
        queue.add(c);
        while (!queue.isEmpty()) {
            Class<?> k = queue.poll();
            List<Class<?>> supers = new ArrayList<>(List.of(k.getInterfaces()));
            if (k.getSuperclass() != null) {
                supers.add(k.getSuperclass());
            }
            for (Class<?> s : supers) {
                if (!d.containsKey(s)) {
                    d.put(s, d.get(k) + 1);
                    queue.add(s);
                }
            }
        }
        return d;
    }
}
