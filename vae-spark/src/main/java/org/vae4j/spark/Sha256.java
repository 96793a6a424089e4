package org.vae4j.spark;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which names checkpoints and keys rows by their string ids. */
final class Sha256 {
    private Sha256() {}

    /** Returns the SHA-256 digest of {@code bytes}. */
    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM provides SHA-256", e);
        }
    }
}
