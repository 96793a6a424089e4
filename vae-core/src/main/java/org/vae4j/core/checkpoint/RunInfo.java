package org.vae4j.core.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingConfig;

/**
 * What a checkpoint records about its run, beside the tensors.
 *
 * @param model the architecture
 * @param training the settings, which a resumed run keeps
 * @param epoch how many epochs the saved state has completed
 * @param history the metrics of those epochs
 * @param provenance where the state came from: backend, device, dataset checksum, vae4j version
 */
public record RunInfo(
        ModelConfig model,
        TrainingConfig training,
        int epoch,
        List<EpochMetrics> history,
        Map<String, String> provenance) {

    /** Copies the collections, keeping the provenance's order. */
    public RunInfo {
        history = List.copyOf(history);
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }
}
