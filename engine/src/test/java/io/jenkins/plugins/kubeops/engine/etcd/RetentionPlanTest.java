package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPlanTest {

    static final Instant NOW = Instant.parse("2026-11-21T12:30:00Z");

    /** A backup every hour for the last {@code hours} hours, newest first. */
    static List<BackupMetadata> hourly(int hours) {
        List<BackupMetadata> backups = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            backups.add(Backups.at("prod", NOW.minus(Duration.ofHours(i)).minusSeconds(600), 1000 - i));
        }
        return backups;
    }

    static RetentionPolicy policy(int keepLast, Duration maxAge, int hourly, int daily, int weekly) {
        return new RetentionPolicy(keepLast, Optional.ofNullable(maxAge), hourly, daily, weekly, Duration.ofHours(6));
    }

    static List<Long> kept(RetentionPlan plan) {
        return plan.keep().stream().map(d -> d.backup().revision()).toList();
    }

    @Test
    void keepLastKeepsTheNewestN() {
        RetentionPlan plan = RetentionPlan.of(policy(3, null, 0, 0, 0), hourly(10), List.of(), NOW);

        assertThat(kept(plan)).containsExactly(1000L, 999L, 998L);
        assertThat(plan.delete()).hasSize(7).allSatisfy(d -> assertThat(d.reason()).startsWith("not selected by keep-last 3"));
    }

    @Test
    void maxAgeAloneKeepsEverythingYoungerLikeTheCronScriptDid() {
        RetentionPlan plan = RetentionPlan.of(policy(0, Duration.ofHours(5), 0, 0, 0), hourly(10), List.of(), NOW);

        assertThat(kept(plan)).containsExactly(1000L, 999L, 998L, 997L, 996L);
        assertThat(plan.delete()).allSatisfy(d -> assertThat(d.reason()).isEqualTo("older than 5h"));
    }

    @Test
    void grandfatherFatherSonKeepsTheNewestOfEachHourDayAndWeek() {
        List<BackupMetadata> backups = hourly(24 * 21); // three weeks of hourly backups
        RetentionPlan plan = RetentionPlan.of(policy(0, null, 4, 3, 2), backups, List.of(), NOW);

        List<Instant> kept = plan.keep().stream().map(d -> d.backup().createdAt()).toList();
        // 4 hours (12:20, 11:20, 10:20, 09:20 on the 21st), days 20th and 19th (newest of each: 23:20); the 21st's newest is
        // already kept; weeks: ISO week 47 (its newest is the newest overall) and week 46 (Sunday the 15th, 23:20).
        assertThat(kept).containsExactly(Instant.parse("2026-11-21T12:20:00Z"), Instant.parse("2026-11-21T11:20:00Z"),
                Instant.parse("2026-11-21T10:20:00Z"), Instant.parse("2026-11-21T09:20:00Z"),
                Instant.parse("2026-11-20T23:20:00Z"), Instant.parse("2026-11-19T23:20:00Z"),
                Instant.parse("2026-11-15T23:20:00Z"));
        assertThat(plan.keep().get(5).reason()).isEqualTo("daily 2026-11-19");
        assertThat(plan.keep().get(6).reason()).isEqualTo("weekly 2026-W46");
        assertThat(plan.keep().get(0).reason()).contains("never deleted");
        assertThat(plan.delete()).hasSize(backups.size() - 7);
    }

    @Test
    void neverDeletesTheNewestBackupEvenWhenEveryRuleWouldDropIt() {
        List<BackupMetadata> old = List.of(Backups.at("prod", NOW.minus(Duration.ofDays(30)), 7),
                Backups.at("prod", NOW.minus(Duration.ofDays(40)), 6));

        RetentionPlan plan = RetentionPlan.of(policy(0, Duration.ofDays(7), 0, 0, 0), old, List.of(), NOW);

        assertThat(kept(plan)).containsExactly(7L);
        assertThat(plan.keep().get(0).reason()).isEqualTo("the newest verified backup (never deleted)");
        assertThat(plan.delete()).extracting(d -> d.backup().revision()).containsExactly(6L);
    }

    @Test
    void maxAgeBoundsWhatCountRulesKeep() {
        RetentionPlan plan = RetentionPlan.of(policy(8, Duration.ofHours(3), 0, 0, 0), hourly(10), List.of(), NOW);

        assertThat(kept(plan)).containsExactly(1000L, 999L, 998L);
    }

    @Test
    void unfinishedUploadsGoOnlyAfterTheirGracePeriod() {
        BackupStore.Entry fresh = new BackupStore.Entry("prod/x.db.zst", 10, NOW.minus(Duration.ofMinutes(5)));
        BackupStore.Entry stale = new BackupStore.Entry("prod/y.db.zst", 10, NOW.minus(Duration.ofHours(7)));

        RetentionPlan plan = RetentionPlan.of(policy(1, null, 0, 0, 0), hourly(2), List.of(fresh, stale), NOW);

        assertThat(plan.orphans()).containsExactly(stale);
    }

    @Test
    void rulesAreValidatedWithMessagesThatNameTheValues() {
        assertThat(RetentionPolicy.validate(-1, Optional.empty(), 0, 0, 0).message()).contains("keep-last -1");
        assertThat(RetentionPolicy.validate(0, Optional.empty(), 0, 0, 0).level()).isEqualTo(Validation.Level.WARNING);
        assertThat(RetentionPolicy.validate(0, Optional.of(Duration.ZERO), 0, 0, 0).isError()).isTrue();
        assertThatThrownBy(() -> policy(0, null, -2, 0, 0)).hasMessageContaining("hourly -2");
    }

    @Test
    void dryRunDeletesNothingAndPruneDeletesMetadataAndObjectsInAStore(@TempDir Path temp) throws Exception {
        FilesystemStore store = new FilesystemStore(temp);
        List<BackupMetadata> backups = hourly(4);
        for (BackupMetadata backup : backups) {
            store.put(backup.object(), new byte[] {1, 2, 3});
            store.put(backup.metadataName(), MetadataJson.write(backup));
        }
        Files.writeString(temp.resolve("prod/.half.db.zst" + FilesystemStore.PARTIAL_MARKER + "1"), "partial");
        Files.setLastModifiedTime(temp.resolve("prod/.half.db.zst" + FilesystemStore.PARTIAL_MARKER + "1"),
                java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(1))));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<String> log = new ArrayList<>();
        RetentionPolicy keepTwo = policy(2, null, 0, 0, 0);

        RetentionPlan dryRun = new Pruner(clock, log::add).prune(store, "prod", keepTwo, true);

        assertThat(dryRun.delete()).hasSize(2);
        assertThat(dryRun.orphans()).extracting(BackupStore.Entry::name).singleElement().asString().contains(".partial-");
        assertThat(log).anyMatch(line -> line.startsWith("would delete backup " + backups.get(3).id()));
        assertThat(store.list("prod/")).hasSize(9);

        new Pruner(clock, log::add).prune(store, "prod", keepTwo, false);

        assertThat(BackupCatalog.list(store, "prod").backups()).containsExactly(backups.get(0), backups.get(1));
        assertThat(store.list("prod/")).hasSize(4);
    }
}
