package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.nn.InitScheme;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.core.optim.ScheduleSpec;

class TrainingConfigTest {

    @Test
    void theDefaultsAreThePytorchExampleProtocol() {
        TrainingConfig d = TrainingConfig.defaults();
        assertThat(d.objective()).isEqualTo("elbo");
        assertThat(d.optimizer()).isEqualTo("adam");
        assertThat(d.learningRate()).isEqualTo(1e-3);
        assertThat(d.batchSize()).isEqualTo(128);
        assertThat(d.epochs()).isEqualTo(10);
        assertThat(d.binarization()).isEqualTo(Binarization.NONE);
        assertThat(d.buildObjective()).isInstanceOf(Elbo.class);
    }

    @Test
    void survivesAJsonRoundTrip() {
        TrainingConfig c =
                new TrainingConfig(
                        "iwae",
                        5,
                        1,
                        0,
                        "sgd",
                        0.05,
                        64,
                        3,
                        Binarization.STATIC,
                        42,
                        DType.FLOAT64);
        String json = Json.write(c.toJson());
        assertThat(TrainingConfig.fromJson(JsonFields.of(Json.parse(json)))).isEqualTo(c);
        assertThat(c.buildObjective()).isInstanceOf(IwaeBound.class);
        assertThat(c.withEpochs(9).epochs()).isEqualTo(9);
    }

    @Test
    void initialisationAndScheduleRoundTripAndDefaultForOlderRuns() {
        TrainingConfig d = TrainingConfig.defaults();
        assertThat(d.init()).isEqualTo(InitScheme.TORCH);
        assertThat(d.outputBias()).isEqualTo(OutputBias.INIT);
        assertThat(d.schedule()).isEqualTo(ScheduleSpec.CONSTANT);
        assertThat(d.adamEpsilon()).isEqualTo(1e-8);
        TrainingConfig c =
                d.withInit(InitScheme.HE, OutputBias.ZERO)
                        .withSchedule(ScheduleSpec.parse("cosine", 10), 1e-4);
        Map<String, Object> json = c.toJson();
        assertThat(json)
                .containsEntry("init", "he")
                .containsEntry("output_bias", "zero")
                .containsEntry("schedule", "cosine:10:1.0E-6")
                .containsEntry("adam_epsilon", 1e-4);
        assertThat(TrainingConfig.fromJson(JsonFields.of(Json.parse(Json.write(json)))))
                .isEqualTo(c);
        Map<String, Object> older = d.toJson();
        assertThat(older).doesNotContainKeys("init", "output_bias", "schedule", "adam_epsilon");
        assertThat(TrainingConfig.fromJson(JsonFields.of(Json.parse(Json.write(older)))))
                .isEqualTo(d);
    }

    @Test
    void aFixedLengthScheduleBoundsTheEpochsAndEpsilonMustBePositive() {
        TrainingConfig d = TrainingConfig.defaults().withEpochs(13);
        ScheduleSpec burda3 = ScheduleSpec.parse("burda:3", 13);
        assertThat(d.withSchedule(burda3, 1e-4).withEpochs(2).epochs()).isEqualTo(2);
        assertThatThrownBy(() -> d.withSchedule(burda3, 1e-4).withEpochs(14))
                .hasMessage(
                        "the schedule burda:3 lasts 13 epochs, but the run asks for 14; give at"
                                + " most that many epochs or more stages");
        assertThatThrownBy(() -> d.withSchedule(burda3, 0))
                .hasMessage("Adam's epsilon must be finite and > 0, but was 0.0");
    }

    @Test
    void badSettingsNameTheSettingAndTheChoices() {
        assertThatThrownBy(() -> withObjective("vi"))
                .hasMessage("Unknown objective 'vi'; use one of elbo, iwae");
        assertThatThrownBy(
                        () ->
                                new TrainingConfig(
                                        "elbo",
                                        1,
                                        1,
                                        0,
                                        "adam",
                                        0,
                                        128,
                                        10,
                                        Binarization.NONE,
                                        1,
                                        DType.FLOAT32))
                .hasMessageContaining("learning rate must be finite and > 0, but was 0");
        assertThatThrownBy(
                        () ->
                                new TrainingConfig(
                                        "iwae",
                                        5,
                                        0.5,
                                        0,
                                        "adam",
                                        1e-3,
                                        128,
                                        10,
                                        Binarization.NONE,
                                        1,
                                        DType.FLOAT32))
                .hasMessageContaining("apply to the ELBO only");
    }

    private static TrainingConfig withObjective(String objective) {
        return new TrainingConfig(
                objective, 1, 1, 0, "adam", 1e-3, 128, 10, Binarization.NONE, 1, DType.FLOAT32);
    }

    @Test
    void theMetricsLogRoundTripsAndWritesUnmeasuredValuesAsNull(@TempDir Path dir)
            throws Exception {
        EpochMetrics a = new EpochMetrics(1, 120.5, 100, 20.5, 118, 99, 19, 3.5, 17000, 1e-3);
        EpochMetrics b =
                new EpochMetrics(
                        2, 110, 92, 18, Double.NaN, Double.NaN, Double.NaN, 3, 18000, 1e-3);
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = new MetricsLog(file, List.of(a));
        log.onEpochEnd(b, new TrainingControl());
        assertThat(MetricsLog.read(file)).containsExactly(a, b);
        String text = java.nio.file.Files.readString(file);
        assertThat(text.lines()).hasSize(2);
        assertThat(text).contains("\"test_loss\":null").contains("\"train_loss\":120.5");
    }
}
