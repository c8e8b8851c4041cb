package io.jenkins.plugins.kubeops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** One CLI invocation in-process, with captured output, for tests. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> environment, Path home, Function<PrintWriter, Path> localCluster, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(environment, home, new PrintWriter(out), new PrintWriter(err), localCluster);
        int exitCode = KubeOpsCli.execute(context, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** No environment, an empty home and no local cluster: only explicit options can connect. */
    static CliRun run(Path home, String... args) {
        return run(Map.of(), home, progress -> {
            throw new AssertionError("the local cluster must not be started by this command");
        }, args);
    }
}
