package org.vae4j.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vae4j.core.eval.LogLikelihood;

/**
 * The K of {@code vae eval --iw-samples} and how a sweep over several of them is shown: a table of
 * the negative bound (the estimate of {@code -log p(x)}) and its standard error per K, or the same
 * as JSON.
 */
final class BoundSweep {
    private BoundSweep() {}

    /**
     * Returns the K of {@code --iw-samples} in increasing order, each once.
     *
     * @throws UsageException if a K is below 1
     */
    static int[] ks(int[] given) {
        for (int k : given) {
            if (k <= 0) {
                throw new UsageException("--iw-samples must be > 0, but was " + k);
            }
        }
        return Arrays.stream(given).sorted().distinct().toArray();
    }

    /** Prints one row per K: K, the negative bound and its standard error, in nats. */
    static void printTable(PrintWriter out, List<LogLikelihood> sweep) {
        out.println(
                "  -log p(x) by K     negative importance-sampled bound on the same draws, nats");
        out.printf(Locale.ROOT, "  %18s %10s %8s%n", "K", "-bound", "s.e.");
        for (LogLikelihood ll : sweep) {
            out.printf(
                    Locale.ROOT,
                    "  %18d %10.2f %8.2f%n",
                    ll.samples(),
                    -ll.mean(),
                    ll.standardError());
        }
    }

    /** One object per K: {@code iw_samples}, {@code nll} and {@code nll_standard_error}. */
    static List<Object> json(List<LogLikelihood> sweep) {
        List<Object> rows = new ArrayList<>();
        for (LogLikelihood ll : sweep) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("iw_samples", ll.samples());
            row.put("nll", -ll.mean());
            row.put("nll_standard_error", ll.standardError());
            rows.add(row);
        }
        return rows;
    }
}
