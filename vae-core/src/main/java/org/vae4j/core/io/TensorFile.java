package org.vae4j.core.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a {@link Safetensors} file: named tensors in header order, and the free-form
 * string metadata.
 *
 * @param tensors the tensors by name, in the order the header lists them (unmodifiable)
 * @param metadata the {@code __metadata__} entries (unmodifiable; empty if the file has none)
 */
public record TensorFile(Map<String, HostArray> tensors, Map<String, String> metadata) {

    /** Copies both maps, keeping their order. */
    public TensorFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Returns the tensor with this name.
     *
     * @throws IllegalArgumentException naming the tensors the file does hold
     */
    public HostArray tensor(String name) {
        HostArray a = tensors.get(name);
        if (a == null) {
            String names = String.join(", ", tensors.keySet());
            throw new IllegalArgumentException(
                    "No tensor '"
                            + name
                            + "' in this file; it holds "
                            + (names.length() <= 200
                                    ? "[" + names + "]"
                                    : tensors.size() + " others"));
        }
        return a;
    }
}
