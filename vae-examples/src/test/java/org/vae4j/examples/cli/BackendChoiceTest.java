package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.train.TrainingConfig;

/**
 * How commands pick a backend: named, the run's own, the fastest timed for the model (kept per
 * model and machine), or by priority. Both nd4j and djl are on the test class path.
 */
class BackendChoiceTest {
    private static final MlpVaeConfig MODEL =
            new MlpVaeConfig(6, 2, new int[] {5}, Activation.RELU, "bernoulli");
    private static final TrainingConfig TRAINING =
            new TrainingConfig(
                    "elbo", 1, 1, 0, "adam", 1e-3, 4, 3, Binarization.NONE, 1, DType.FLOAT32);

    @TempDir Path dir;
    private final OpenedBackends opened = new OpenedBackends();
    private final List<String> timed = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    @AfterEach
    void close() {
        opened.close();
    }

    private static Dataset examples() {
        float[] x = new float[40 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5) / 5f;
        }
        return Dataset.ofFloats(x, 40, 6, null);
    }

    private BackendSpeeds speeds() {
        return new BackendSpeeds(dir.resolve("cache").resolve(BackendSpeeds.FILE_NAME));
    }

    /** A timer that says djl takes half nd4j's time, and records what it timed. */
    private BackendChoice.Timer djlTwiceAsFast() {
        return (backend, model, training, data, steps) -> {
            timed.add(backend.name());
            return backend.name().equals("djl") ? 0.001 : 0.002;
        };
    }

    /** Rounds on a clock a millisecond a reading, whose JIT is quiet from the start. */
    private static TimingRounds quiet() {
        long[] now = {0};
        return new TimingRounds(() -> now[0] += 1_000_000, () -> 0, 30);
    }

    private BackendChoice choice(BackendOptions options, BackendChoice.Timer timer, int steps) {
        return new BackendChoice(options, opened, speeds(), timer, steps, BackendChoiceTest::quiet);
    }

    @Test
    void aNewRunTrainsOnTheFastestBackendTimedForItsModel() {
        BackendChoice.Picked picked =
                choice(new BackendOptions(), djlTwiceAsFast(), 3)
                        .forTraining(MODEL, TRAINING, examples(), notices::add);
        assertThat(picked.backend().name()).isEqualTo("djl");
        assertThat(timed)
                .as("alternating rounds, until one backend was twice as fast in two")
                .containsExactly("nd4j", "djl", "djl", "nd4j");
        assertThat(notices)
                .containsExactly(
                        "Timing nd4j and djl on this model to train it on the faster, up to 30 s"
                                + " (once for this model on this machine; --backend NAME skips"
                                + " it)");
        assertThat(picked.why())
                .startsWith(
                        "Backend djl: 1.0 ms per training step of this model here, against"
                                + " nd4j 2.0 (timed just now, 2 rounds, kept in ")
                .endsWith("--backend NAME picks another");
        BackendSpeeds.Entry kept = speeds().all().get(0);
        assertThat(kept.secondsPerStep()).isEqualTo(Map.of("nd4j", 0.002, "djl", 0.001));
        assertThat(kept.model()).contains("mlp", "relu", "elbo", "batch 4").doesNotContain("null");
    }

    @Test
    void aKeptTimingIsUsedWithoutTimingAgain() {
        choice(new BackendOptions(), djlTwiceAsFast(), 3)
                .forTraining(MODEL, TRAINING, examples(), notices::add);
        timed.clear();
        BackendChoice.Picked again =
                choice(new BackendOptions(), failing(), 3)
                        .forTraining(MODEL, TRAINING, examples(), notices::add);
        assertThat(again.backend().name()).isEqualTo("djl");
        assertThat(again.why()).contains("(timed 20");
        assertThat(notices).as("a kept timing is announced only when made").hasSize(1);
        MlpVaeConfig wider = new MlpVaeConfig(6, 2, new int[] {7}, Activation.RELU, "bernoulli");
        choice(new BackendOptions(), djlTwiceAsFast(), 3)
                .forTraining(wider, TRAINING, examples(), notices::add);
        assertThat(timed).as("another model is timed anew").hasSize(4);
        assertThat(speeds().all()).hasSize(2);
    }

    @Test
    void aBackendThatFailsOnTheModelIsLeftOut() {
        BackendChoice.Timer nd4jFails =
                (backend, model, training, data, steps) -> {
                    if (backend.name().equals("nd4j")) {
                        throw new IllegalStateException("no kernel for this op");
                    }
                    return 0.5;
                };
        BackendChoice.Picked picked =
                choice(new BackendOptions(), nd4jFails, 2)
                        .forTraining(MODEL, TRAINING, examples(), notices::add);
        assertThat(picked.backend().name()).isEqualTo("djl");
        assertThat(speeds().all().get(0).secondsPerStep()).containsOnlyKeys("djl");
    }

    @Test
    void whenEveryBackendFailsTheFailureIsTheOneTrainingWouldMeet() {
        BackendChoice c = choice(new BackendOptions(), failing(), 2);
        assertThatThrownBy(() -> c.forTraining(MODEL, TRAINING, examples(), notices::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timing must not run");
        assertThat(Files.exists(speeds().file())).isFalse();
    }

    @Test
    void aNamedBackendOrTimingOffTimesNothing() {
        BackendOptions named = new BackendOptions();
        named.backend = "djl";
        BackendChoice.Picked p =
                choice(named, failing(), 3).forTraining(MODEL, TRAINING, examples(), notices::add);
        assertThat(p.backend().name()).isEqualTo("djl");
        assertThat(p.why()).isNull();
        BackendChoice.Picked off =
                choice(new BackendOptions(), failing(), 0)
                        .forTraining(MODEL, TRAINING, examples(), notices::add);
        assertThat(off.backend().name()).as("highest priority").isEqualTo("nd4j");
        assertThat(off.why()).isNull();
    }

    @Test
    void aRunKeepsTheBackendItWasTrainedOnUnlessOneIsNamed() {
        RunInfo onDjl = new RunInfo(MODEL, TRAINING, 1, List.of(), Map.of("backend", "djl"));
        assertThat(choice(new BackendOptions(), failing(), 3).forRun(onDjl).name())
                .isEqualTo("djl");
        BackendOptions named = new BackendOptions();
        named.backend = "nd4j";
        assertThat(choice(named, failing(), 3).forRun(onDjl).name()).isEqualTo("nd4j");
        RunInfo elsewhere =
                new RunInfo(MODEL, TRAINING, 1, List.of(), Map.of("backend", "somewhere-else"));
        assertThat(choice(new BackendOptions(), failing(), 3).forRun(elsewhere).name())
                .isEqualTo("nd4j");
    }

    @Test
    void realTimingOfBothBackendsPicksOneAndKeepsBoth() {
        BackendChoice c =
                new BackendChoice(
                        new BackendOptions(),
                        opened,
                        speeds(),
                        org.vae4j.core.train.StepTiming::secondsPerStep,
                        2,
                        BackendChoice.roundsOf(() -> 2));
        Backend b = c.forTraining(MODEL, TRAINING, examples(), notices::add).backend();
        BackendSpeeds.Entry e = speeds().all().get(0);
        assertThat(e.secondsPerStep()).containsOnlyKeys("nd4j", "djl");
        assertThat(e.secondsPerStep().values()).allSatisfy(s -> assertThat(s).isPositive());
        assertThat(b.name()).isEqualTo(e.fastest());
    }

    @Test
    void theTimingBudgetIsAPositiveNumberOfSeconds() {
        assertThat(BackendChoice.budget(null)).isEqualTo(BackendChoice.DEFAULT_SECONDS);
        assertThat(BackendChoice.budget(" 7.5 ")).isEqualTo(7.5);
        for (String bad : List.of("abc", "0", "-3", "NaN")) {
            assertThatThrownBy(() -> BackendChoice.budget(bad))
                    .isInstanceOf(UsageException.class)
                    .hasMessage(
                            "-Dvae4j.backend.timing.seconds must be a number of seconds > 0, but"
                                    + " was "
                                    + bad);
        }
    }

    @Test
    void anUnreadableTimingsFileIsTimedAgainAndReplaced() throws Exception {
        Files.createDirectories(speeds().file().getParent());
        Files.writeString(speeds().file(), "{not json");
        assertThat(speeds().all()).isEmpty();
        choice(new BackendOptions(), djlTwiceAsFast(), 3)
                .forTraining(MODEL, TRAINING, examples(), notices::add);
        JsonFields root = JsonFields.of(Json.parse(Files.readString(speeds().file())));
        assertThat(root.requireString("format")).isEqualTo("vae4j-backend-speeds-1");
        assertThat(root.requireList("entries")).hasSize(1);
    }

    @Test
    void theKeyTellsModelsAndMachinesApart() {
        String a = BackendSpeeds.key(Checkpoints.modelJson(MODEL), "m1");
        assertThat(BackendSpeeds.key(Checkpoints.modelJson(MODEL), "m1")).isEqualTo(a);
        assertThat(BackendSpeeds.key(Checkpoints.modelJson(MODEL), "m2")).isNotEqualTo(a);
        assertThat(BackendSpeeds.key(Checkpoints.modelJson(MODEL) + "m", "1")).isNotEqualTo(a);
        assertThat(BackendChoice.machine()).contains("cores");
    }

    private static BackendChoice.Timer failing() {
        return (backend, model, training, data, steps) -> {
            throw new IllegalStateException("timing must not run");
        };
    }
}
