package org.vae4j.spark;

import java.io.Serializable;
import org.vae4j.api.random.Rng;

/**
 * A random stream's position ({@link Rng.State}) in a form Spark can ship: a worker continues its
 * streams from where its last round left them, on whichever executor it runs.
 *
 * @param seed the key
 * @param stream which of the seed's streams
 * @param counter how many blocks the stream has consumed
 */
record StreamState(long seed, long stream, long counter) implements Serializable {

    /** Returns where {@code rng} stands. */
    static StreamState of(Rng rng) {
        Rng.State s = rng.state();
        return new StreamState(s.seed(), s.stream(), s.counter());
    }

    /** Returns this state {@code blocks} blocks further on. */
    StreamState skip(long blocks) {
        return new StreamState(seed, stream, Math.addExact(counter, blocks));
    }

    /** Returns a generator that continues from this state. */
    Rng rng() {
        return Rng.fromState(new Rng.State(seed, stream, counter));
    }
}
