/**
 * Deeplearning4j's own variational auto-encoder layer trained on MNIST with the model and protocol
 * of {@code benchmarks/pytorch/vae_bench.py}, the JVM peer in {@code
 * benchmarks/pytorch/compare.sh}. Not part of the test suite: built with the root pom's {@code
 * -Pdl4j} profile and run as {@code java -jar benchmarks/dl4j/target/dl4j-bench.jar}.
 */
package org.vae4j.benchmarks.dl4j;
