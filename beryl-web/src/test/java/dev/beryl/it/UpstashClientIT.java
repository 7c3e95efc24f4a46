package dev.beryl.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the real, unmodified {@code @upstash/redis} npm client (src/test/node, pinned by package-lock.json)
 * against the IT server's REST API: set/get, incr, mget, del, expire, pipelines, multi-exec, auto-pipelining.
 * The package is installed with {@code npm ci} under target/, never in the source tree. Skipped only when
 * node is not installed.
 */
class UpstashClientIT {
    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path WORK = Path.of("target/upstash-client");

    @Test
    void upstashClientWorksUnchanged() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "node is not installed: the @upstash/redis client test is skipped");
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "upstash-client.test.mjs")) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), 300);
        assertEquals(0, install.exit, "npm ci failed:\n" + install.output);
        Run test = run(List.of("node", "upstash-client.test.mjs"), 120);
        System.out.println(test.output);
        assertEquals(0, test.exit, "@upstash/redis checks failed:\n" + test.output);
        assertTrue(test.output.contains("all checks passed"), test.output);
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        pb.environment().put("BERYL_REST_URL", RestCalls.BASE);
        pb.environment().put("BERYL_REST_TOKEN", RestCalls.TOKEN);
        pb.environment().put("UPSTASH_DISABLE_TELEMETRY", "1");
        File log = WORK.resolve(command.get(0) + ".log").toFile();
        pb.redirectOutput(log);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, command + " timed out after " + timeoutSeconds + " s\n" + Files.readString(log.toPath(), StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
