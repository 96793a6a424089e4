/**
 * The {@code vae spark} command line: {@code score} and {@code train} on a Spark master, with Spark
 * on the class path ({@code ./vae spark}) or from the application jar ({@code spark-submit}).
 */
package org.vae4j.spark.cli;
