package org.vae4j.examples.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vae4j.api.memory.Scope;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.Vae;

/**
 * The file of {@code vae eval --scores}: one CSV line per test image, scored by {@link
 * ExampleScorer} with the image's index as its key, as {@code vae spark score} keys the rows of an
 * image folder, so that the two give the same numbers row by row. The columns are {@code id}, then
 * {@code label} for labelled data, {@code elbo}, {@code reconstruction}, {@code kl} and, when
 * importance samples are asked for, {@code log_likelihood}, in nats, each value as Java prints the
 * double (exact). The file is written beside the target under a hidden name and moved onto it once
 * complete, so a failed evaluation leaves no partial file.
 */
final class ScoresFile {
    private static final String FIRST_COLUMN = "id";

    /** Rows scored between two reports of progress. */
    private static final int BATCH = ExampleScorer.ROWS_PER_PASS;

    private static final OutputPaths.Kind KIND =
            new OutputPaths.Kind(
                    "--scores",
                    "CSV file",
                    "",
                    "is not a scores file vae eval wrote",
                    ScoresFile::isScores);

    /**
     * The mean of each column of a written file.
     *
     * @param rows the lines of scores
     * @param logLikelihood NaN when the file has no {@code log_likelihood} column
     */
    record Means(int rows, double elbo, double reconstruction, double kl, double logLikelihood) {}

    private ScoresFile() {}

    /**
     * Checks before any work that {@code file} may be written: not empty, not a directory, none of
     * the model's files, and, if it exists, a scores file (its first column is {@code id}).
     *
     * @throws UsageException naming the path and what it is
     */
    static void check(Path file, List<Path> modelFiles) throws IOException {
        if (file.toString().isBlank()) {
            throw new UsageException("--scores is empty. Give the path of the CSV file to write");
        }
        OutputPaths.replaceable(file, modelFiles, KIND);
    }

    private static boolean isScores(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            return header != null && header.split(",", -1)[0].equals(FIRST_COLUMN);
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Scores every row {@code i} of {@code images} (not yet binarized) with {@code scorer} and key
     * {@code i}, writes the file and returns its column means.
     *
     * @param logLikelihood whether {@code scorer} estimates the log-likelihood, and the file has
     *     that column
     * @param progress told after each batch of rows
     */
    static Means write(
            Path file,
            Vae vae,
            ExampleScorer scorer,
            Dataset images,
            boolean logLikelihood,
            Progress progress)
            throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Means[] means = new Means[1];
        AtomicFiles.write(
                target,
                stream -> {
                    Writer out =
                            new BufferedWriter(
                                    new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    means[0] = write(out, vae, scorer, images, logLikelihood, progress);
                    out.flush();
                });
        return means[0];
    }

    private static Means write(
            Writer out,
            Vae vae,
            ExampleScorer scorer,
            Dataset images,
            boolean logLikelihood,
            Progress progress)
            throws IOException {
        Optional<int[]> labels = images.labels();
        out.write(String.join(",", header(labels.isPresent(), logLikelihood)) + "\n");
        int n = images.size();
        double[] sums = new double[4];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            int[] rows = new int[to - from];
            long[] keys = new long[rows.length];
            for (int i = from; i < to; i++) {
                rows[i - from] = i;
                keys[i - from] = i;
            }
            ExampleScore[] scores;
            try (Scope scope = vae.backend().openScope()) {
                scores = scorer.score(images, rows, keys);
            }
            for (int i = from; i < to; i++) {
                ExampleScore s = scores[i - from];
                StringBuilder line = new StringBuilder().append(i);
                if (labels.isPresent()) {
                    line.append(',').append(labels.get()[i]);
                }
                line.append(',').append(s.elbo());
                line.append(',').append(s.reconstruction());
                line.append(',').append(s.kl());
                if (logLikelihood) {
                    line.append(',').append(s.logLikelihood());
                }
                out.write(line.append('\n').toString());
                sums[0] += s.elbo();
                sums[1] += s.reconstruction();
                sums[2] += s.kl();
                sums[3] += s.logLikelihood();
            }
            progress.update(to, n);
        }
        return new Means(
                n, sums[0] / n, sums[1] / n, sums[2] / n, logLikelihood ? sums[3] / n : Double.NaN);
    }

    /** Returns the file's column names. */
    static List<String> header(boolean labels, boolean logLikelihood) {
        List<String> columns = new ArrayList<>(List.of(FIRST_COLUMN));
        if (labels) {
            columns.add("label");
        }
        columns.addAll(List.of("elbo", "reconstruction", "kl"));
        if (logLikelihood) {
            columns.add("log_likelihood");
        }
        return columns;
    }
}
