import kubeops.library.EtcdSnapshotImport

/**
 * Brings an etcd snapshot made elsewhere into a backup store: verifies and imports it as a backup of the cluster
 * (etcdImport), then restores it into a throw-away etcd to prove it comes back (etcdRestoreDrill). Call it inside node, with
 * the file in the workspace. Help: vars/etcdImportSnapshot.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = EtcdSnapshotImport.argumentErrors(args)
    if (argumentErrors) {
        error("etcdImportSnapshot: ${argumentErrors.join('; ')}")
    }
    Map backup = etcdImport(EtcdSnapshotImport.importArguments(args))
    Map drill = null
    if (EtcdSnapshotImport.drills(args)) {
        drill = etcdRestoreDrill(cluster: args.cluster, store: args.store, backup: backup.id)
        if (!drill.passed) {
            // The backup stays stored (pruning removes it like any other); the build says it does not restore.
            error("etcdImportSnapshot: the imported backup ${backup.id} did not restore as recorded: ${drill.problem}")
        }
    }
    String summary = EtcdSnapshotImport.summary(args.file.toString(), backup, drill)
    echo(summary)
    currentBuild.description = summary
    return [backup: backup, drill: drill]
}
