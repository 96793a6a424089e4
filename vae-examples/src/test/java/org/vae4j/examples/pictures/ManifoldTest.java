package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ManifoldTest {
    @Test
    void quantileMatchesKnownValues() {
        assertThat(Manifold.inverseNormalCdf(0.975)).isCloseTo(1.959963984540054, within(1e-14));
        assertThat(Manifold.inverseNormalCdf(0.5)).isEqualTo(0.0);
        // References computed to 40 digits with mpmath.
        double[][] known = {
            {1e-300, -37.047096299361199},
            {1e-10, -6.3613409024040562},
            {0.001, -3.0902323061678135},
            {0.02425, -1.9729610513118849},
            {0.1, -1.2815515655446005},
            {0.3, -0.52440051270804078},
            {0.49, -0.025068908258711036}
        };
        for (double[] pair : known) {
            assertThat(Manifold.inverseNormalCdf(pair[0]))
                    .as("quantile of %s", pair[0])
                    .isCloseTo(pair[1], within(Math.abs(pair[1]) * 1e-13));
        }
    }

    @Test
    void quantileIsAntisymmetric() {
        for (double p = 0.0005; p < 0.5; p += 0.0123) {
            assertThat(Manifold.inverseNormalCdf(1 - p))
                    .isCloseTo(-Manifold.inverseNormalCdf(p), within(1e-12));
        }
    }

    @Test
    void quantileInvertsTheCdf() {
        for (double p = 0.001; p < 0.9995; p += 0.0037) {
            double x = Manifold.inverseNormalCdf(p);
            assertThat(cdf(x)).as("Phi(Phi^-1(%s))", p).isCloseTo(p, within(1e-13));
        }
    }

    @Test
    void quantileEdges() {
        assertThat(Manifold.inverseNormalCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Manifold.inverseNormalCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Manifold.inverseNormalCdf(Double.NaN)).isNaN();
        assertThat(Manifold.inverseNormalCdf(Double.MIN_VALUE)).isLessThan(-38).isFinite();
        assertThatThrownBy(() -> Manifold.inverseNormalCdf(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    void gridIsRowMajorWithYFallingDownwards() {
        int g = 20;
        double[][] points = Manifold.gridPoints(g);
        assertThat(points).hasNumberOfRows(g * g);
        double edge = Manifold.inverseNormalCdf(0.5 / g);
        assertThat(points[0]).containsExactly(edge, -edge);
        assertThat(points[g - 1]).containsExactly(-edge, -edge);
        assertThat(points[g * g - 1]).containsExactly(-edge, edge);
        for (int k = 0; k < g * g; k++) {
            assertThat(points[g * g - 1 - k]).containsExactly(-points[k][0], -points[k][1]);
        }
        for (int row = 0; row < g; row++) {
            for (int col = 0; col < g; col++) {
                double[] z = points[row * g + col];
                assertThat(z[0])
                        .isCloseTo(Manifold.inverseNormalCdf((col + 0.5) / g), within(1e-12));
                assertThat(z[1])
                        .isCloseTo(Manifold.inverseNormalCdf(1 - (row + 0.5) / g), within(1e-12));
                if (col > 0) {
                    assertThat(z[0]).isGreaterThan(points[row * g + col - 1][0]);
                }
                if (row > 0) {
                    assertThat(z[1]).isLessThan(points[(row - 1) * g + col][1]);
                }
            }
        }
    }

    @Test
    void smallGrids() {
        assertThat(Manifold.gridPoints(1)[0]).containsExactly(0.0, 0.0);
        assertThat(Manifold.gridPoints(3)[4]).containsExactly(0.0, 0.0);
        assertThatThrownBy(() -> Manifold.gridPoints(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Φ(x) = (1 + erf(x / sqrt 2)) / 2, from the Maclaurin series of erf (fine for |x| < 3.5). */
    private static double cdf(double x) {
        double t = x / Math.sqrt(2);
        double term = t;
        double sum = t;
        for (int n = 1; n < 300; n++) {
            term *= -t * t / n;
            sum += term / (2 * n + 1);
        }
        return 0.5 * (1 + 2 / Math.sqrt(Math.PI) * sum);
    }
}
