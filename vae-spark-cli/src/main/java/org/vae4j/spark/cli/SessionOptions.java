package org.vae4j.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options that choose the Spark master and the executors' backend. */
final class SessionOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description =
                    "Spark master, e.g. local[4] or spark://host:7077 (default: spark-submit's, or"
                            + " local[*]).")
    String master;

    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description = "The executors' backend, e.g. nd4j (default: discovery's choice).")
    String backend;

    /** Returns the running session, or starts one on the chosen master. */
    SparkSession session(String app) {
        SparkSession.Builder builder =
                SparkSession.builder().appName(app).config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }
}
