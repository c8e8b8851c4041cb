package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.SnapshotFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd verify-file FILE}: check a snapshot file made anywhere, plain, gzip or zstd. */
@Command(name = "verify-file", mixinStandardHelpOptions = true,
        description = {"Verify an etcd snapshot file made anywhere (etcdctl snapshot save, RKE2/k3s, kubeadm, another tool), "
                + "plain or compressed with gzip or zstd (told by its first bytes, not its name): the SHA-256 trailer and size "
                + "(which 'etcdctl snapshot status' does not check), the database pages, and its revision and key count.",
            "Exit codes: 0 valid, 3 damaged or not a snapshot (the message says what is wrong), 1 could not be checked."})
final class EtcdVerifyFileCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot file (.db, .gz, .zst, any name).")
    Path file;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where a compressed file is decompressed to be read (room for one database; default: the temp dir).")
    Path workDir;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.runFileCheck(context, () -> {
            SnapshotFile.Verified verified = SnapshotFile.verify(file,
                    workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")));
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, verified.toMap());
            } else {
                context.out().println(verified.describe());
            }
            return 0;
        });
    }
}
