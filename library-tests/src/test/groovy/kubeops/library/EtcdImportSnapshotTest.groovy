package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.junit.jupiter.api.Test

class EtcdImportSnapshotTest extends LibraryTestBase {

    static Map imported(Map overrides = [:]) {
        [id: '20261201T030000Z-a1b2', cluster: 'prod', revision: 48213L, keyCount: 1200L, createdAt: '2026-12-01T03:00:00Z',
         importedFrom: [fileName: 'snap.db.gz']] + overrides
    }

    List<String> calls(String step) {
        helper.callStack.findAll { it.methodName == step }*.argsToString()
    }

    @Test
    void importsTheFileWithTheStepsDefaultsThenDrillsTheNewBackup() {
        onStep('etcdImport') { Map args -> imported() }
        onStep('etcdRestoreDrill') { Map args -> [backupId: args.backup, passed: true] }

        Map result = runVar('etcdImportSnapshot', [cluster: 'prod', store: 's3', file: 'snap.db.gz'])

        assertThat(calls('etcdImport')).containsExactly('{cluster=prod, store=s3, file=snap.db.gz}')
        assertThat(calls('etcdRestoreDrill')).containsExactly('{cluster=prod, store=s3, backup=20261201T030000Z-a1b2}')
        assertThat(result.backup.id).isEqualTo('20261201T030000Z-a1b2')
        assertThat(result.drill.passed).isTrue()
        assertThat(binding.getVariable('currentBuild').description).isEqualTo('snap.db.gz imported as backup '
                + '20261201T030000Z-a1b2 of prod: revision 48213, 1200 keys, taken 2026-12-01T03:00:00Z; restore drill passed')
        assertJobStatusSuccess()
    }

    @Test
    void passesTheTimeAndDeepCheckAndSkipsTheDrillWhenAsked() {
        onStep('etcdImport') { Map args -> imported() }
        onStep('etcdRestoreDrill') { Map args -> throw new AssertionError('no drill when drill is false') }

        Map result = runVar('etcdImportSnapshot', [cluster: 'prod', store: 's3', file: 'snap.db.gz',
                                                   createdAt: ' 2026-12-01T03:00:00Z ', deepCheck: true, drill: false])

        assertThat(calls('etcdImport'))
                .containsExactly('{cluster=prod, store=s3, file=snap.db.gz, createdAt=2026-12-01T03:00:00Z, deepCheck=true}')
        assertThat(result.drill).isNull()
    }

    @Test
    void aBackupThatDoesNotRestoreAsRecordedFailsTheBuild() {
        onStep('etcdImport') { Map args -> imported() }
        onStep('etcdRestoreDrill') { Map args -> [backupId: args.backup, passed: false, problem: 'the restored member reports 1199 keys'] }

        assertThatThrownBy { runVar('etcdImportSnapshot', [cluster: 'prod', store: 's3', file: 'snap.db.gz']) }
                .hasMessage('etcdImportSnapshot: the imported backup 20261201T030000Z-a1b2 did not restore as recorded: '
                        + 'the restored member reports 1199 keys')
        assertJobStatusFailure()
    }

    @Test
    void aDamagedFileFailsWithTheStepsMessageAndIsNotDrilled() {
        onStep('etcdImport') { Map args ->
            throw new PipelineError('etcdImport: [INVALID_SNAPSHOT] snapshot file snap.db.gz is not valid: the gzip data '
                    + 'stops in the middle: the compressed file is truncated (copy cut short?); nothing was imported.')
        }
        onStep('etcdRestoreDrill') { Map args -> throw new AssertionError('must not drill after a failed import') }

        assertThatThrownBy { runVar('etcdImportSnapshot', [cluster: 'prod', store: 's3', file: 'snap.db.gz']) }
                .hasMessageContaining('[INVALID_SNAPSHOT]').hasMessageContaining('truncated')
    }

    @Test
    void rejectsBadArgumentsBeforeTouchingAnything() {
        onStep('etcdImport') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy {
            runVar('etcdImportSnapshot', [cluster: 'prod', path: 'snap.db', drill: 'yes', createdAt: new Date()])
        }.hasMessageContaining("unknown argument 'path'")
                .hasMessageContaining('store is required')
                .hasMessageContaining('file is required')
                .hasMessageContaining("drill must be true or false, not 'yes'")
                .hasMessageContaining("createdAt must be a UTC time written as '2026-12-01T03:00:00Z'")
        assertThat(helper.methodCallCount('etcdImport')).isZero()
    }
}
