import kubeops.library.EtcdBackupJob

/**
 * A whole scheduled etcd backup job: cron trigger, verified backup, retention, weekly restore drill, and a notification
 * hook on failure. Call it as the entire Jenkinsfile of a Pipeline job. Help: vars/etcdBackupJob.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = EtcdBackupJob.argumentErrors(args)
    if (argumentErrors) {
        error("etcdBackupJob: ${argumentErrors.join('; ')}")
    }
    // One run at a time (the engine refuses a concurrent backup of a cluster anyway), on the given schedule. The trigger
    // is hudson.triggers.TimerTrigger (symbol 'cron') in its class form.
    properties([disableConcurrentBuilds(), pipelineTriggers([[$class: 'TimerTrigger', spec: EtcdBackupJob.schedule(args)]])])

    String stageName = 'Backup'
    Map backup = null
    Map drill = null
    try {
        stage('Backup') {
            backup = etcdBackup(EtcdBackupJob.backupArguments(args))
        }
        stageName = 'Prune'
        stage('Prune') {
            etcdPrune(EtcdBackupJob.pruneArguments(args))
        }
        if (EtcdBackupJob.drillDue(args, new Date())) {
            stageName = 'Restore drill'
            stage('Restore drill') {
                drill = etcdRestoreDrill(cluster: args.cluster, store: args.store, backup: backup.id)
                if (!drill.passed) {
                    error("etcdBackupJob: restore drill of backup ${backup.id} failed: ${drill.problem}")
                }
            }
        }
        currentBuild.description = EtcdBackupJob.summary(backup, drill)
        return [backup: backup, drill: drill]
    } catch (InterruptedException e) {
        // An abort or a timeout (FlowInterruptedException): not a failure to notify about; the build ends ABORTED.
        currentBuild.description = "${stageName} interrupted (aborted or timed out)".toString()
        throw e
    } catch (Exception e) {
        Map failure = EtcdBackupJob.failure(args.cluster, stageName, e.message ?: e.toString())
        currentBuild.description = "${failure.stage} failed: ${failure.cause}".toString()
        if (args.onFailure) {
            args.onFailure.call(failure)
        }
        throw e
    }
}
