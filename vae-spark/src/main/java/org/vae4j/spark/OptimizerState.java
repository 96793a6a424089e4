package org.vae4j.spark;

/**
 * Where {@link SparkTrainer} keeps the optimizer's state (Adam's moments, SGD's momentum, Adagrad's
 * sums) while workers train on their shards.
 */
public enum OptimizerState {
    /**
     * Each worker steps its own optimizer for {@link FitOptions#averageEvery N} local batches,
     * starting from the broadcast parameters and state; the driver then averages the parameters and
     * the optimizer's state alike, weighted by the examples each worker trained on. Rounds are N
     * times fewer than steps, but each moves the parameters and the state both ways (three times
     * the parameters' size for Adam), and averaged second moments are not the moments of the
     * averaged gradients.
     */
    AVERAGED,
    /**
     * The driver owns the one optimizer: every round each worker computes the gradient of one
     * batch, the driver averages the gradients (weighted by examples) and takes one optimizer step,
     * exactly as one machine would on the union of the workers' batches. Needs a round per step
     * ({@code averageEvery} 1); only the parameters go out and only the gradients come back.
     */
    DRIVER
}
