/**
 * JMH benchmarks of the hot paths of training the canonical VAE (batch 128, 784-400-20 ReLU,
 * float32) on each backend: matrix products, the fused linear map, elementwise chains, the Adam
 * update and a whole training step; and generation from the exported decoder in ONNX Runtime. Not
 * part of the test suite: built with the root pom's {@code -Pjmh} profile and run as {@code java
 * -jar benchmarks/jmh/target/benchmarks.jar}.
 */
package org.vae4j.benchmarks;
