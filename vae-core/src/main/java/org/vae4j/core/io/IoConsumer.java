package org.vae4j.core.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, such as the body that writes a file's bytes in
 * {@link AtomicFiles#write}.
 *
 * @param <T> the type consumed
 */
@FunctionalInterface
public interface IoConsumer<T> {

    /** Consumes the value. */
    void accept(T value) throws IOException;
}
