package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class FailuresTest {
    private static CommandLine vae() {
        CommandLine vae = new CommandLine(CommandSpec.create().name("vae"));
        vae.addSubcommand("train", CommandSpec.create().addOption(option("--batch-size")));
        vae.addSubcommand("sample", CommandSpec.create().addOption(option("--count")));
        vae.addSubcommand("eval", CommandSpec.create().addOption(option("--limit")));
        return vae;
    }

    private static OptionSpec option(String name) {
        return OptionSpec.builder(name).type(int.class).build();
    }

    @Test
    void outOfMemoryNamesTheCommandAndSuggestsOnlyItsOwnOptions() {
        CommandLine vae = vae();
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThat(Failures.describe(vae.getSubcommands().get("train"), oom))
                .isEqualTo(
                        "vae train: out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g, or use"
                                + " a smaller --batch-size.");
        assertThat(Failures.describe(vae.getSubcommands().get("sample"), oom))
                .endsWith("or use a smaller --count.");
        assertThat(Failures.describe(vae.getSubcommands().get("eval"), oom))
                .isEqualTo("vae eval: out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g.");
        assertThat(Failures.describe(vae, oom))
                .isEqualTo("vae: out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g.");
        ProvisionException wrapped =
                new ProvisionException(List.of(new Message(List.of(), "provision", oom)));
        assertThat(Failures.describe(vae.getSubcommands().get("train"), wrapped))
                .startsWith("vae train: out of memory.");
    }
}
