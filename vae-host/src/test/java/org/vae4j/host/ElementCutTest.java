package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ParallelFor;

/** Pieces by work: costlier elements make smaller pieces; rows stay whole; no grain overflows. */
final class ElementCutTest {
    @Test
    void costlierWorkCutsIntoPiecesOfFewerElements() {
        ElementCut cut = new ElementCut(new ParallelFor(4), 1000);
        assertThat(cut.forWork(1)).isSameAs(cut);
        assertThat(cut.forWork(0)).isSameAs(cut);
        assertThat(cut.forWork(4).grain()).isEqualTo(250);
        assertThat(cut.forWork(5000).grain()).isEqualTo(1);
        assertThat(pieces(cut, 1999)).hasSize(1);
        assertThat(pieces(cut.forWork(4), 1999)).hasSize(4);
    }

    @Test
    void rowsAreCutWholeAndAnEndlessGrainStaysOnePiece() {
        ElementCut cut = new ElementCut(new ParallelFor(4), 1000);
        List<long[]> rows = new ArrayList<>();
        cut.rows(10, 300, (from, to) -> add(rows, from, to));
        assertThat(rows).hasSize(2); // at least 4 rows of 300 to a piece
        List<long[]> whole = new ArrayList<>();
        new ElementCut(new ParallelFor(4), Long.MAX_VALUE)
                .rows(1000, 784, (from, to) -> add(whole, from, to));
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0)).containsExactly(0, 1000);
    }

    private static List<long[]> pieces(ElementCut cut, long n) {
        List<long[]> out = new ArrayList<>();
        cut.run(n, (from, to) -> add(out, from, to));
        return out;
    }

    private static synchronized void add(List<long[]> out, long from, long to) {
        out.add(new long[] {from, to});
    }
}
