package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.Test

class EtcdBackupJobTest extends LibraryTestBase {

    static Map backup(Map overrides = [:]) {
        [id: '20261122T030500Z-a1b2', cluster: 'prod', revision: 48213L, keyCount: 1200L, storedBytes: 5_000_000L,
         verified: true] + overrides
    }

    List<String> calls(String step) {
        helper.callStack.findAll { it.methodName == step }*.argsToString()
    }

    @Test
    void backsUpPrunesWithTheDefaultRulesAndSetsItsScheduleAndDescription() {
        onStep('etcdBackup') { Map args -> backup() }
        onStep('etcdPrune') { Map args -> [kept: ['a'], deleted: [], dryRun: false] }
        onStep('etcdRestoreDrill') { Map args -> throw new AssertionError('no drill when drill is never') }

        Map result = runVar('etcdBackupJob', [cluster: 'prod', store: 's3', drill: 'never'])

        assertThat(result.backup.id).isEqualTo('20261122T030500Z-a1b2')
        assertThat(result.drill).isNull()
        assertThat(calls('etcdBackup')).containsExactly('{cluster=prod, store=s3, deepCheck=false}')
        assertThat(calls('etcdPrune')).containsExactly('{cluster=prod, store=s3, hourly=24, daily=7, weekly=4}')
        assertThat(calls('pipelineTriggers')).containsExactly('[{$class=TimerTrigger, spec=H * * * *}]')
        assertThat(helper.methodCallCount('disableConcurrentBuilds')).isEqualTo(1)
        assertThat(binding.getVariable('currentBuild').description)
                .isEqualTo('backup 20261122T030500Z-a1b2: revision 48213, 1200 keys, 5000000 bytes stored')
        assertJobStatusSuccess()
    }

    @Test
    void passesTheMetricsDirectoryToTheBackupStepWhichWritesThemEvenWhenItFails() {
        List<Map> notified = []
        onStep('etcdBackup') { Map args ->
            throw new PipelineError('etcdBackup: [ETCD_UNREACHABLE] no member of etcd cluster \'prod\' answered')
        }

        assertThatThrownBy {
            runVar('etcdBackupJob', [cluster: 'prod', store: 's3', metricsTextfile: ' /var/lib/node_exporter/textfile ',
                                     onFailure: { Map f -> notified << f }])
        }.hasMessageContaining('[ETCD_UNREACHABLE]')

        // The step takes the parameter (the registered steps are the plugin's own): it writes the metrics, failed or not.
        assertThat(calls('etcdBackup'))
                .containsExactly('{cluster=prod, store=s3, deepCheck=false, metricsTextfile=/var/lib/node_exporter/textfile}')
        assertThat(PLUGIN_STEPS.etcdBackup).contains('metricsTextfile')
        assertThat(notified*.cause).containsExactly('ETCD_UNREACHABLE')
    }

    @Test
    void aMetricsDirectoryThatIsNoTextIsRefusedBeforeAnyBackup() {
        onStep('etcdBackup') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy { runVar('etcdBackupJob', [cluster: 'prod', store: 's3', metricsTextfile: true]) }
                .hasMessageContaining("metricsTextfile must be a directory path such as '/var/lib/node_exporter/textfile'")
        assertThatThrownBy { runVar('etcdBackupJob', [cluster: 'prod', store: 's3', metricsTextfile: '  ']) }
                .hasMessageContaining('metricsTextfile must be a directory path')
        assertThat(helper.methodCallCount('etcdBackup')).isZero()
    }

    @Test
    void drillsTheNewBackupAndFailsAndNotifiesWhenItDoesNotComeBack() {
        List<Map> notified = []
        onStep('etcdBackup') { Map args -> backup() }
        onStep('etcdPrune') { Map args -> [kept: [], deleted: [], dryRun: false] }
        onStep('etcdRestoreDrill') { Map args ->
            [backupId: args.backup, passed: false, problem: 'the restored member reports 1199 keys']
        }

        assertThatThrownBy {
            runVar('etcdBackupJob', [cluster: 'prod', store: 's3', drill: 'always', schedule: 'H/30 * * * *',
                                     retention: [keepLast: 48, maxAge: '30d'], onFailure: { Map failure -> notified << failure }])
        }.hasMessageContaining('restore drill of backup 20261122T030500Z-a1b2 failed: the restored member reports 1199 keys')

        assertThat(calls('etcdRestoreDrill')).containsExactly('{cluster=prod, store=s3, backup=20261122T030500Z-a1b2}')
        assertThat(calls('etcdPrune')).containsExactly('{cluster=prod, store=s3, keepLast=48, maxAge=30d}')
        assertThat(calls('pipelineTriggers')).containsExactly('[{$class=TimerTrigger, spec=H/30 * * * *}]')
        assertThat(notified).hasSize(1)
        assertThat(notified[0]).containsEntry('stage', 'Restore drill').containsEntry('cause', 'DRILL_FAILED')
                .containsEntry('cluster', 'prod')
        assertJobStatusFailure()
    }

    @Test
    void aFailedBackupNotifiesWithTheStepsCauseAndSkipsPruning() {
        List<Map> notified = []
        onStep('etcdBackup') { Map args ->
            throw new PipelineError('etcdBackup: [ETCD_TLS] cannot read the member status at etcd member https://10.0.0.1:2379: TLS failed')
        }
        onStep('etcdPrune') { Map args -> throw new AssertionError('must not prune after a failed backup') }

        assertThatThrownBy { runVar('etcdBackupJob', [cluster: 'prod', store: 's3', onFailure: { Map f -> notified << f }]) }
                .hasMessageContaining('[ETCD_TLS]')

        assertThat(notified*.cause).containsExactly('ETCD_TLS')
        assertThat(notified*.stage).containsExactly('Backup')
        assertThat(binding.getVariable('currentBuild').description).isEqualTo('Backup failed: ETCD_TLS')
    }

    @Test
    void anAbortedBackupEndsTheBuildAbortedWithoutNotifyingOrPruning() {
        List<Map> notified = []
        onStep('etcdBackup') { Map args -> interruptBuild() }
        onStep('etcdPrune') { Map args -> throw new AssertionError('must not prune after an aborted backup') }

        assertThatThrownBy { runVar('etcdBackupJob', [cluster: 'prod', store: 's3', onFailure: { Map f -> notified << f }]) }
                .isInstanceOf(FlowInterruptedException)

        assertThat(notified).isEmpty()
        assertThat(binding.getVariable('currentBuild').description).isEqualTo('Backup interrupted (aborted or timed out)')
        assertJobStatusAborted()
    }

    @Test
    void rejectsBadArgumentsBeforeTouchingAnything() {
        onStep('etcdBackup') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy {
            runVar('etcdBackupJob', [cluster: 'prod', drill: 'monthly', drillHour: 25, retention: [keep: 3], onFailure: 'mail'])
        }.hasMessageContaining('store is required')
                .hasMessageContaining("drill: 'monthly' is not one of weekly, always, never")
                .hasMessageContaining("drillHour: '25' is not an hour from 0 to 23")
                .hasMessageContaining("retention: unknown rule 'keep'")
                .hasMessageContaining('onFailure must be a closure')
        assertThat(helper.methodCallCount('etcdBackup')).isZero()
    }

    @Test
    void theWeeklyDrillIsDueOnItsDayAndHourInUtcOnly() {
        Map args = [cluster: 'prod', store: 's3']
        Date sunday0310 = Date.from(java.time.Instant.parse('2026-11-22T03:10:00Z'))
        Date sunday0410 = Date.from(java.time.Instant.parse('2026-11-22T04:10:00Z'))
        Date monday0310 = Date.from(java.time.Instant.parse('2026-11-23T03:10:00Z'))

        assertThat(EtcdBackupJob.drillDue(args, sunday0310)).isTrue()
        assertThat(EtcdBackupJob.drillDue(args, sunday0410)).isFalse()
        assertThat(EtcdBackupJob.drillDue(args, monday0310)).isFalse()
        assertThat(EtcdBackupJob.drillDue(args + [drillDay: 'monday'], monday0310)).isTrue()
        assertThat(EtcdBackupJob.drillDue(args + [drillDay: 'MONDAY', drillHour: 4], monday0310)).isFalse()
        assertThat(EtcdBackupJob.drillDue(args + [drill: 'never'], sunday0310)).isFalse()
    }

    @Test
    void failuresWithoutABracketedCauseAreReportedAsOther() {
        assertThat(EtcdBackupJob.failure('prod', 'Prune', 'etcdPrune: no backup store named x'))
                .containsEntry('cause', 'OTHER').containsEntry('stage', 'Prune')
        assertThat(EtcdBackupJob.failure('prod', 'Backup', 'etcdBackup: [STORE_FULL] disk full').cause).isEqualTo('STORE_FULL')
    }
}
