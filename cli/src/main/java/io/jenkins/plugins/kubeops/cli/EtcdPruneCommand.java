package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.DurationText;
import io.jenkins.plugins.kubeops.engine.etcd.Pruner;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPlan;
import io.jenkins.plugins.kubeops.engine.etcd.RetentionPolicy;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd prune}: apply the retention rules; never deletes the newest backup. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete backups that no retention rule keeps (keep-last, hourly/daily/weekly, max-age), never the newest "
                + "verified one, and unfinished uploads. --dry-run only shows what would go.")
final class EtcdPruneCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--keep-last", paramLabel = "N", defaultValue = "0", description = "Keep the newest N backups.")
    int keepLast;

    @Option(names = "--hourly", paramLabel = "N", defaultValue = "0", description = "Keep the newest backup of each of the last N hours.")
    int hourly;

    @Option(names = "--daily", paramLabel = "N", defaultValue = "0", description = "Keep the newest backup of each of the last N days.")
    int daily;

    @Option(names = "--weekly", paramLabel = "N", defaultValue = "0", description = "Keep the newest backup of each of the last N weeks.")
    int weekly;

    @Option(names = "--max-age", paramLabel = "DURATION", description = "Delete backups older than this, e.g. 7d.")
    String maxAge;

    @Option(names = "--dry-run", description = "Only show what would be deleted.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            Optional<Duration> age = Optional.ofNullable(maxAge).map(a -> DurationText.parse(a, "--max-age"));
            Validation rules = RetentionPolicy.validate(keepLast, age, hourly, daily, weekly);
            rules.throwIfError();
            if (rules.level() == Validation.Level.WARNING) {
                context.err().println("kube-ops: warning: " + rules.message());
            }
            RetentionPolicy policy = new RetentionPolicy(keepLast, age, hourly, daily, weekly, RetentionPolicy.DEFAULT_ORPHAN_GRACE);
            RetentionPlan plan;
            try (BackupStore backups = store.open(context.environment())) {
                plan = new Pruner(Clock.systemUTC(), context.err()::println).prune(backups, store.cluster(), policy, dryRun);
            }
            if (output == EtcdCommand.Output.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("dryRun", dryRun);
                json.put("kept", plan.keep().stream().map(d -> Map.of("id", d.backup().id(), "reason", d.reason())).toList());
                json.put("deleted", plan.delete().stream().map(d -> Map.of("id", d.backup().id(), "reason", d.reason())).toList());
                json.put("unfinishedUploadsDeleted", plan.orphans().stream().map(BackupStore.Entry::name).toList());
                EtcdCommand.printJson(context, json);
            } else {
                plan.keep().forEach(d -> context.out().println("keep    " + d.backup().id() + "  " + d.reason()));
                plan.delete().forEach(d -> context.out().println((dryRun ? "would delete " : "deleted ") + d.backup().id()
                        + "  " + d.reason()));
            }
            return 0;
        });
    }
}
