/**
 * ONNX export and inference: {@link org.vae4j.backend.onnx.OnnxBackend} records the SPI's ops as
 * ONNX nodes on symbolic tensors, {@link org.vae4j.backend.onnx.OnnxExport} traces a trained MLP
 * VAE into {@code decoder.onnx}, {@code encoder.onnx} and {@code sampler.onnx}, and {@link
 * org.vae4j.backend.onnx.OnnxRunner} runs such files with ONNX Runtime. The protobuf messages
 * ({@code org.vae4j.backend.onnx.proto}) are generated at build time from this module's own {@code
 * onnx.proto}.
 */
package org.vae4j.backend.onnx;
