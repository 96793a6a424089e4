/**
 * Pictures for reports, drawn headless into {@link java.awt.image.BufferedImage}s: {@link
 * org.vae4j.examples.pictures.ImageGrid} (digit grids and reconstruction pairs) and {@link
 * org.vae4j.examples.pictures.Manifold} (latent points for a 2-D manifold plot) with the JDK alone,
 * {@link org.vae4j.examples.pictures.LineChart} (loss curves) with JFreeChart.
 *
 * <p>Renderers return images and never write files; {@link
 * org.vae4j.examples.pictures.Png#writePng} encodes one to a stream, so the caller decides where
 * and how (for example atomically) the bytes land.
 */
package org.vae4j.examples.pictures;
