package org.vae4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The test suite's Spark: {@code local[2]}, no web UI, two shuffle partitions. Every test class
 * shares the one session, which Spark stops when the JVM exits.
 */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("vae-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
