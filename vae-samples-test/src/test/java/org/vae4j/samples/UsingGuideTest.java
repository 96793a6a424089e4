package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/USING.md shows regions of samples/research-project's sources; each Java block marked {@code
 * <!-- snippet:NAME -->} must be the region between {@code // snippet:NAME} and {@code // end:NAME}
 * there, without its indentation. The sample is compiled and run by {@link ResearchProjectIT}, so
 * the guide's code compiles and runs.
 */
class UsingGuideTest {
    private static final Path GUIDE = Path.of("../docs/USING.md");
    private static final Path SOURCES = Path.of("../samples/research-project/src/main/java");
    private static final Pattern DOC_BLOCK =
            Pattern.compile("<!-- snippet:(\\w+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern REGION =
            Pattern.compile(
                    "\\n[ \\t]*// snippet:(\\w+)[ \\t]*\\n(.*?)\\n[ \\t]*// end:\\1[ \\t]*\\n",
                    Pattern.DOTALL);

    @Test
    void everySnippetInTheGuideIsTheSampleRegionOfTheSameName() throws IOException {
        Map<String, String> regions = regions();
        Matcher m = DOC_BLOCK.matcher(Files.readString(GUIDE));
        int checked = 0;
        while (m.find()) {
            String name = m.group(1);
            assertThat(regions)
                    .as("docs/USING.md shows snippet '%s'; mark it in the sample's sources", name)
                    .containsKey(name);
            assertThat(m.group(2))
                    .as(
                            "docs/USING.md's snippet '%s' differs from the sample's region; copy"
                                    + " the region into the guide",
                            name)
                    .isEqualTo(regions.get(name));
            checked++;
        }
        assertThat(checked).as("snippets found in docs/USING.md").isEqualTo(regions.size());
    }

    /** Every marked region of the sample, by name, with its common indentation removed. */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REGION.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(out.put(m.group(1), m.group(2).stripIndent()))
                            .as("snippet name %s used twice", m.group(1))
                            .isNull();
                }
            }
        }
        assertThat(out).as("marked regions in the sample").isNotEmpty();
        return out;
    }

    @Test
    void theRegionPatternStripsIndentationAndKeepsBlankLines() {
        Matcher m = REGION.matcher("x\n    // snippet:a\n    int a;\n\n      b();\n    // end:a\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(2).stripIndent()).isEqualTo("int a;\n\n  b();");
        assertThat(List.of(m.group(1))).containsExactly("a");
    }
}
