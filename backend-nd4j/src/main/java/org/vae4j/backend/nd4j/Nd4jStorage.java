package org.vae4j.backend.nd4j;

import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A buffer and the number of tensors that hold it: a reshape holds its source's buffer in its own
 * shape instead of a copy, so the buffer goes back to {@link Nd4jArrayPool} (or is freed) when the
 * last of them closes, and a tensor about to be written in place while another holds its buffer
 * takes a copy first ({@link Nd4jTensor#writable()}), so that no other tensor's values change.
 */
final class Nd4jStorage {
    private final INDArray owner;
    private final AtomicInteger holders = new AtomicInteger(1);

    /** The storage of a new array, held by one tensor. */
    Nd4jStorage(INDArray owner) {
        this.owner = owner;
    }

    /** Counts one more tensor holding the buffer and returns this. */
    Nd4jStorage share() {
        holders.incrementAndGet();
        return this;
    }

    /** Returns whether another tensor holds the buffer too. */
    boolean shared() {
        return holders.get() > 1;
    }

    /** Counts one tensor fewer; the last gives the buffer back. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            Nd4jArrays.recycle(owner);
        }
    }
}
