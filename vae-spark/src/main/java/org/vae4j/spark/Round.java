package org.vae4j.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts at the start of a round: the model's state (and, when the workers keep
 * the optimizer, the optimizer's state and step count) and where each worker's random streams
 * stand.
 *
 * @param epoch the 1-based epoch
 * @param index the 0-based round within the epoch
 * @param state the tensors under {@link HostTensors#MODEL} and {@link HostTensors#OPTIM}
 * @param steps the optimizer's step count
 * @param noise each worker's noise stream
 * @param binarize each worker's binarization stream
 */
record Round(
        int epoch,
        int index,
        HostTensors state,
        long steps,
        StreamState[] noise,
        StreamState[] binarize)
        implements Serializable {}
