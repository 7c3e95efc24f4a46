package dev.beryl.docs;

import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.commands.Commands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/compatibility.md lists the implemented commands from the command table itself. This test fails when
 * the two drift; run with -Dberyl.writeDocs=true to regenerate the list.
 */
class CompatibilityDocTest {
    private static final String BEGIN = "<!-- commands:begin (generated from the command table by CompatibilityDocTest) -->";
    private static final String END = "<!-- commands:end -->";

    static String render(CommandTable table) {
        Map<String, List<CommandSpec>> byGroup = new TreeMap<>();
        for (CommandSpec s : table.all()) {
            if (s.isContainer()) s.subcommands().values().forEach(sub -> byGroup.computeIfAbsent(sub.group(), g -> new ArrayList<>()).add(sub));
            else byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
        }
        StringBuilder sb = new StringBuilder();
        int total = byGroup.values().stream().mapToInt(List::size).sum();
        sb.append(total).append(" commands and subcommands.\n");
        byGroup.forEach((group, specs) -> {
            sb.append("\n### ").append(group).append("\n\n");
            sb.append("| command | arity | flags | since | summary |\n|---|---|---|---|---|\n");
            specs.sort(Comparator.comparing(CommandSpec::fullName));
            for (CommandSpec s : specs) {
                String flags = s.flags().stream().filter(f -> f.shown()).map(f -> f.replyName()).collect(Collectors.joining(" "));
                sb.append("| ").append(s.fullName().toUpperCase().replace('|', ' ')).append(" | ").append(s.arity())
                        .append(" | ").append(flags).append(" | ").append(s.since()).append(" | ")
                        .append(s.summary().replace("|", "\\|")).append(" |\n");
            }
        });
        return sb.toString();
    }

    @Test
    void compatibilityDocListsExactlyTheCommandTable() throws IOException {
        Path doc = Path.of("..", "docs", "compatibility.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN), e = text.indexOf(END);
        String expected = render(Commands.newTable());
        if (Boolean.getBoolean("beryl.writeDocs")) {
            text = text.substring(0, b + BEGIN.length()) + "\n" + expected + text.substring(e);
            Files.writeString(doc, text, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, text.substring(b + BEGIN.length() + 1, e),
                "docs/compatibility.md is out of date: run mvn -pl beryl-core test -Dtest=CompatibilityDocTest -Dberyl.writeDocs=true");
    }
}
