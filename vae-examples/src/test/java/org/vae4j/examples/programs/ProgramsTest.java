package org.vae4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs each example program with small settings and checks what it prints. */
class ProgramsTest {
    private static final String DATA = "../data/mnist";

    private static String run(Consumer<String[]> main, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.accept(args);
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chooseBackendRunsTheSameCodeOnEachCpuBackend() {
        String nd4j = run(ChooseBackend::main, "nd4j");
        String djl = run(ChooseBackend::main, "djl");
        assertThat(nd4j).contains("nd4j on cpu: negative ELBO");
        assertThat(djl).contains("djl on cpu: negative ELBO");
        assertThat(value(nd4j, "= ([0-9.]+) nats"))
                .isCloseTo(
                        value(djl, "= ([0-9.]+) nats"),
                        org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void theBetaVaeLoopTrainsWithItsOwnObjective() {
        String out = run(BetaVae::main, DATA, "40", "4");
        assertThat(out).contains("step 40: loss").contains("(beta 4.0)");
        double first = value(out, "step 4: loss ([0-9.]+)");
        double last = value(out, "step 40: loss ([0-9.]+)");
        assertThat(last).isLessThan(first);
    }

    @Test
    void aDecoderOfOnesOwnLearnsItsNoiseLevel() {
        String out = run(LearnedVarianceDecoder::main, DATA, "512", "2");
        assertThat(out).contains("after 2 epochs");
        assertThat(value(out, "log-variance (-?[0-9.]+)")).isNotEqualTo(-2.0);
    }

    @Test
    void trainMnistTrainsWithTheLibraryAloneAndEstimatesTheLikelihood() {
        String out = run(TrainMnist::main, DATA, "1", "512", "10");
        assertThat(out).contains("epoch 1: train").contains("after 1 epochs: log p(x) = -");
    }

    private static double value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
