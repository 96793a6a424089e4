package org.vae4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.HostBatch;
import org.vae4j.core.data.Prefetch;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.BatchStep;
import org.vae4j.core.train.TrainingConfig;

/**
 * What one worker does in a round, on its shard: loads the broadcast state into this executor's
 * copy of the model, takes its next local batches (up to {@code averageEvery}) with vae-core's
 * {@link BatchStep}, and returns what the driver averages: its parameters, buffers and optimizer
 * state, or, when the driver keeps the optimizer, its one batch's gradients and its buffers.
 */
final class WorkerRound implements Function<Shard, RoundSum.Part> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<CheckpointBytes> template;
    private final Broadcast<Round> round;
    private final FitOptions options;

    WorkerRound(Broadcast<CheckpointBytes> template, Broadcast<Round> round, FitOptions options) {
        this.template = template;
        this.round = round;
        this.options = options;
    }

    @Override
    public RoundSum.Part call(Shard shard) {
        Round r = round.value();
        int w = shard.worker();
        RunInfo info = template.value().inspect();
        int batchSize = info.training().batchSize();
        int batches = shard.batches(batchSize);
        int first = r.index() * options.averageEvery();
        int last = Math.min(first + options.averageEvery(), batches);
        if (first >= last) {
            return RoundSum.Part.leaf(w, 0, new double[3], 0, null, r.noise()[w], r.binarize()[w]);
        }
        Vae vae = ExecutorModels.borrow(template.value(), options.backend());
        try {
            return train(vae, info.training(), shard, r, first, last, batches);
        } finally {
            ExecutorModels.giveBack(template.value(), options.backend(), vae);
        }
    }

    private RoundSum.Part train(
            Vae vae,
            TrainingConfig config,
            Shard shard,
            Round r,
            int first,
            int last,
            int batches) {
        Backend backend = vae.backend();
        boolean localOptimizer = options.optimizerState() == OptimizerState.AVERAGED;
        try (Scope scope = backend.openScope()) {
            vae.loadStateDict(r.state().tensors(backend, HostTensors.MODEL));
        }
        try (Optimizer optimizer = config.buildOptimizer(vae.namedParameters())) {
            if (localOptimizer) {
                try (Scope scope = backend.openScope()) {
                    optimizer.loadState(r.state().tensors(backend, HostTensors.OPTIM), r.steps());
                }
            }
            vae.train(true);
            int w = shard.worker();
            Rng noise = r.noise()[w].rng();
            Rng binarize = r.binarize()[w].rng();
            int batchSize = config.batchSize();
            Dataset rows = shard.rows(first * batchSize, Math.min(last * batchSize, shard.size()));
            BatchStep step = new BatchStep(vae, config.buildObjective());
            Binarization binarization = config.binarization();
            HostTensors gradients = new HostTensors();
            double[] sums = new double[3];
            long examples = 0;
            try (Prefetch<HostBatch> feed =
                    Prefetch.of(
                            last - first,
                            i -> {
                                int from = i * batchSize;
                                int[] indices =
                                        range(from, Math.min(from + batchSize, rows.size()));
                                return binarization.rows(rows, indices, vae.dtype(), binarize);
                            },
                            Prefetch.DEFAULT_AHEAD)) {
                for (int s = first; s < last; s++) {
                    HostBatch batch = feed.next();
                    double[] means =
                            step.run(
                                    rows,
                                    batch,
                                    noise,
                                    r.epoch(),
                                    s + 1,
                                    batches,
                                    localOptimizer
                                            ? optimizer::step
                                            : g -> keep(gradients, vae, g));
                    int n = batch.indices().length;
                    for (int t = 0; t < 3; t++) {
                        sums[t] += means[t] * n;
                    }
                    examples += n;
                }
            }
            HostTensors out =
                    localOptimizer
                            ? new HostTensors()
                                    .put(HostTensors.MODEL, vae.stateDict())
                                    .put(HostTensors.OPTIM, optimizer.state())
                            : gradients.put(HostTensors.MODEL, buffers(vae));
            return RoundSum.Part.leaf(
                    w,
                    examples,
                    sums,
                    optimizer.stepCount(),
                    out,
                    StreamState.of(noise),
                    StreamState.of(binarize));
        }
    }

    private static void keep(HostTensors into, Vae vae, Gradients gradients) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        vae.namedParameters()
                .forEach((name, p) -> byName.put(name, gradients.get(p.variable()).value()));
        into.put(HostTensors.GRAD, byName);
    }

    private static Map<String, Tensor> buffers(Vae vae) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : vae.namedBuffers().entrySet()) {
            out.put(e.getKey(), e.getValue().value());
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
