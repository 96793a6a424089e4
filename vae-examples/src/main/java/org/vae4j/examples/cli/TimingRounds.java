package org.vae4j.examples.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The rounds of timing that pick a backend for a model. Each round times every candidate once, in
 * the other order from the round before. A JVM's first seconds of training run code the JIT
 * compiler has not finished with, and its compiler threads take cores from the steps timed, so
 * early rounds say more about what was compiled first than about the backends: rounds go on until
 * the compiler has been quiet through the last {@value #SCORED} (its compilation time grew by less
 * than a tenth of each round's wall time), until one backend was clearly faster in every round so
 * far ({@value #CLEAR}x or more), or until the time budget is spent. A backend's score is the
 * median of its last {@value #SCORED} rounds.
 */
final class TimingRounds {
    /** What the scores mean; part of the key of kept timings, so older ones are timed again. */
    static final String METHOD = "rounds until the JIT is quiet, median of the last 3";

    /** Rounds scored, and quiet rounds needed to stop. */
    static final int SCORED = 3;

    /** The most compilation time a quiet round may see, as a share of its wall time. */
    static final double QUIET_SHARE = 0.1;

    /** How much slower than the fastest backend's slowest round every round of another must be. */
    static final double CLEAR = 1.5;

    private final LongSupplier nanos;
    private final LongSupplier compileMillis;
    private final long budgetNanos;
    private final long start;
    private final Map<String, List<Double>> times = new LinkedHashMap<>();
    private int rounds;
    private int quietRounds;
    private long roundStart;
    private long compiledAtStart;

    /**
     * Rounds that end by {@code budgetSeconds} after now, on the given clock ({@link
     * System#nanoTime} outside tests) and the JIT's total compilation time in milliseconds ({@link
     * #jitMillis}).
     */
    TimingRounds(LongSupplier nanos, LongSupplier compileMillis, double budgetSeconds) {
        this.nanos = nanos;
        this.compileMillis = compileMillis;
        this.budgetNanos = (long) (budgetSeconds * 1e9);
        this.start = nanos.getAsLong();
    }

    /**
     * The JIT compiler's total compilation time so far in milliseconds, or 0 throughout where the
     * JVM does not report it (every round then counts as quiet).
     */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime()
                : 0;
    }

    /** Returns the most seconds the rounds take (a round started in time runs to its end). */
    double budgetSeconds() {
        return budgetNanos / 1e9;
    }

    /** Starts a round; returns the order to time {@code names} in. */
    List<String> startRound(List<String> names) {
        roundStart = nanos.getAsLong();
        compiledAtStart = compileMillis.getAsLong();
        List<String> order = new ArrayList<>(names);
        if (rounds % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /** Records one timing of {@code name} this round. */
    void record(String name, double secondsPerStep) {
        times.computeIfAbsent(name, n -> new ArrayList<>()).add(secondsPerStep);
    }

    /** Leaves {@code name} out of the scores (it failed). */
    void drop(String name) {
        times.remove(name);
    }

    /** Ends the round started last. */
    void endRound() {
        double wallMillis = (nanos.getAsLong() - roundStart) / 1e6;
        long compiled = compileMillis.getAsLong() - compiledAtStart;
        quietRounds = compiled < QUIET_SHARE * wallMillis ? quietRounds + 1 : 0;
        rounds++;
    }

    /** Returns the rounds ended so far. */
    int rounds() {
        return rounds;
    }

    /** Returns whether timing should stop. */
    boolean done() {
        if (times.size() < 2) {
            return rounds > 0;
        }
        return quietRounds >= SCORED || clearWinner() || nanos.getAsLong() - start >= budgetNanos;
    }

    private boolean clearWinner() {
        if (rounds < 2) {
            return false;
        }
        String best = fastest(scores());
        double slowestOfBest = times.get(best).stream().mapToDouble(d -> d).max().orElseThrow();
        return times.entrySet().stream()
                .filter(e -> !e.getKey().equals(best))
                .allMatch(
                        e ->
                                e.getValue().stream().mapToDouble(d -> d).min().orElseThrow()
                                        >= CLEAR * slowestOfBest);
    }

    /** Returns each backend's median over its last {@value #SCORED} rounds, in timing order. */
    Map<String, Double> scores() {
        Map<String, Double> scores = new LinkedHashMap<>();
        times.forEach(
                (name, all) -> {
                    List<Double> last = all.subList(Math.max(0, all.size() - SCORED), all.size());
                    scores.put(
                            name, BenchCommand.median(last.stream().mapToDouble(d -> d).toArray()));
                });
        return scores;
    }

    private static String fastest(Map<String, Double> scores) {
        return scores.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
