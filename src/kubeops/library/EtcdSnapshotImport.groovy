package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * The decisions of the etcdImportSnapshot var: which arguments it takes, what it passes to etcdImport, whether it drills,
 * and the line it reports. Pure (no steps). Whether the file is a valid snapshot, the path rule and the time format are the
 * engine's, checked by the etcdImport step.
 */
class EtcdSnapshotImport implements Serializable {

    private static final long serialVersionUID = 1L

    /** The arguments etcdImportSnapshot accepts, with what each means (shown when an unknown one is passed). */
    static final Map<String, String> ARGUMENTS = [
            cluster  : 'name of an etcd cluster configured in Manage Jenkins (required): the snapshot becomes one of its backups',
            store    : 'name of a backup store configured in Manage Jenkins (required)',
            file     : "the snapshot file's path relative to the workspace, plain, .gz or .zst (required)",
            createdAt: "when the snapshot was taken, e.g. '2026-12-01T03:00:00Z' (default: the file's modification time)",
            deepCheck: 'also restore it with etcdutl into a temporary directory and open it while importing (default false)',
            drill    : 'restore the imported backup into a throw-away etcd and compare revision and key count (default true)',
    ].asImmutable()

    /** Every problem with the arguments' presence and types, each naming the value and the fix; empty when they are fine. */
    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        ['cluster', 'store'].each { String name ->
            if (!text(args[name])) {
                errors << "${name} is required: pass ${name}: 'NAME' as configured in Manage Jenkins > Kube Ops etcd backups".toString()
            }
        }
        if (!text(args.file)) {
            errors << "file is required: pass file: 'PATH' relative to the workspace, e.g. 'etcd-snapshot.db.gz'"
        }
        if (args.containsKey('createdAt') && !(args.createdAt instanceof CharSequence)) {
            errors << "createdAt must be a UTC time written as '2026-12-01T03:00:00Z'"
        }
        ['deepCheck', 'drill'].each { String name ->
            if (args.containsKey(name) && !(args[name] instanceof Boolean)) {
                errors << "${name} must be true or false, not '${args[name]}'".toString()
            }
        }
        return errors
    }

    /** The etcdImport arguments: only those given, so the step's defaults apply to the rest. */
    @NonCPS
    static Map importArguments(Map args) {
        Map step = [cluster: args.cluster, store: args.store, file: args.file]
        if (text(args.createdAt)) {
            step.createdAt = args.createdAt.toString().trim()
        }
        if (args.deepCheck) {
            step.deepCheck = true
        }
        return step
    }

    @NonCPS
    static boolean drills(Map args) {
        args.drill == null ? true : args.drill as boolean
    }

    /** One line for the log and the build's description. */
    @NonCPS
    static String summary(String file, Map backup, Map drill) {
        String text = "${file} imported as backup ${backup.id} of ${backup.cluster}: revision ${backup.revision}, " +
                "${backup.keyCount} keys, taken ${backup.createdAt}"
        if (drill != null) {
            text += '; restore drill passed'
        }
        return text.toString()
    }

    @NonCPS
    private static boolean text(Object value) {
        value instanceof CharSequence && value.toString().trim()
    }
}
