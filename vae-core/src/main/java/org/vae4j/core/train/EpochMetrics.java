package org.vae4j.core.train;

/**
 * What one epoch of training measured. Losses are negative bounds per example, in nats.
 *
 * @param epoch the 1-based epoch number
 * @param trainLoss mean negative training bound over the epoch's batches (as trained: an IWAE run
 *     reports its IWAE bound)
 * @param trainReconstruction mean {@code -E_q[log p(x|z)]} over the epoch
 * @param trainKl mean {@code KL(q(z|x) || p(z))} over the epoch
 * @param testLoss negative ELBO per example on the test set after the epoch
 * @param testReconstruction its reconstruction part
 * @param testKl its KL part
 * @param seconds wall time of the epoch's training steps
 * @param examplesPerSecond training examples processed per second
 * @param learningRate the learning rate used
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainReconstruction,
        double trainKl,
        double testLoss,
        double testReconstruction,
        double testKl,
        double seconds,
        double examplesPerSecond,
        double learningRate) {}
