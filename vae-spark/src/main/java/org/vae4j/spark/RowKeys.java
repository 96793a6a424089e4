package org.vae4j.spark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A row's key, which forks its random stream: an integer id is its own key, a string id's key is
 * the first 8 bytes of the SHA-256 of its UTF-8, the same on every JVM.
 */
final class RowKeys {
    private RowKeys() {}

    /** Returns whether ids of this type can key rows. */
    static boolean accepts(DataType type) {
        return isInteger(type) || type.equals(DataTypes.StringType);
    }

    /** Returns whether this is one of Spark's integer types. */
    static boolean isInteger(DataType type) {
        return type.equals(DataTypes.LongType)
                || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType);
    }

    /** Returns the key of an id of an {@linkplain #accepts accepted} type. */
    static long of(Object id) {
        if (id instanceof String s) {
            return ByteBuffer.wrap(Sha256.digest(s.getBytes(StandardCharsets.UTF_8))).getLong();
        }
        return ((Number) id).longValue();
    }
}
