package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * The decisions of the etcdBackupJob pipeline: which arguments it takes, when a restore drill is due, and how a failure is
 * described to the notification hook. Pure (no steps), so it is tested directly and runs outside the CPS interpreter.
 */
class EtcdBackupJob implements Serializable {

    private static final long serialVersionUID = 1L

    static final List<String> DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].asImmutable()

    /** The arguments etcdBackupJob accepts, with what each means (shown when an unknown one is passed). */
    static final Map<String, String> ARGUMENTS = [
            cluster  : 'name of an etcd cluster configured in Manage Jenkins (required)',
            store    : 'name of a backup store configured in Manage Jenkins (required)',
            schedule : "cron schedule of the job (default 'H * * * *', hourly)",
            retention: 'map of etcdPrune rules: keepLast, hourly, daily, weekly, maxAge (default [hourly: 24, daily: 7, weekly: 4])',
            drill    : "'weekly' (default), 'always' or 'never': when to run a restore drill after the backup",
            drillDay : "day of the weekly drill, UTC (default 'SUNDAY')",
            drillHour: 'hour (0-23, UTC) of the weekly drill; the schedule must run in that hour (default 3)',
            deepCheck: 'also restore each backup into a temporary directory and open it (default false)',
            metricsTextfile: "node-exporter's textfile directory on the controller, e.g. '/var/lib/node_exporter/textfile': " +
                    'after each backup, successful or not, the cluster\'s backup metrics are written there (default: none)',
            onFailure: 'closure called with a map [cluster, stage, cause, message] when a stage fails, before the build fails',
    ].asImmutable()

    static final Set<String> RETENTION_KEYS = ['keepLast', 'hourly', 'daily', 'weekly', 'maxAge'] as Set

    /** Every problem with the arguments, each naming the value and the fix; empty when they are fine. */
    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        ['cluster', 'store'].each { String name ->
            if (!(args[name] instanceof CharSequence) || !args[name].toString().trim()) {
                errors << "${name} is required: pass ${name}: 'NAME' as configured in Manage Jenkins > Kube Ops etcd backups".toString()
            }
        }
        if (args.containsKey('drill') && !(args.drill in ['weekly', 'always', 'never'])) {
            errors << "drill: '${args.drill}' is not one of weekly, always, never".toString()
        }
        if (args.containsKey('drillDay') && !(args.drillDay?.toString()?.toUpperCase() in DAYS)) {
            errors << "drillDay: '${args.drillDay}' is not a day of the week, e.g. SUNDAY".toString()
        }
        if (args.containsKey('drillHour') && !(args.drillHour instanceof Integer && args.drillHour >= 0 && args.drillHour <= 23)) {
            errors << "drillHour: '${args.drillHour}' is not an hour from 0 to 23".toString()
        }
        if (args.containsKey('retention')) {
            if (!(args.retention instanceof Map)) {
                errors << "retention must be a map such as [keepLast: 24, daily: 7, maxAge: '30d']"
            } else {
                (args.retention.keySet() - RETENTION_KEYS).each { key ->
                    errors << "retention: unknown rule '${key}': use ${RETENTION_KEYS.join(', ')}".toString()
                }
            }
        }
        // Only the type here: whether the directory is one node-exporter can read from is the engine's rule, checked by
        // etcdBackup before it backs up.
        if (args.containsKey('metricsTextfile') && !(args.metricsTextfile instanceof CharSequence && args.metricsTextfile.toString().trim())) {
            errors << "metricsTextfile must be a directory path such as '/var/lib/node_exporter/textfile'"
        }
        if (args.containsKey('onFailure') && !(args.onFailure instanceof Closure)) {
            errors << 'onFailure must be a closure, e.g. { failure -> mail(to: ..., subject: failure.message) }'
        }
        return errors
    }

    @NonCPS
    static String schedule(Map args) {
        args.schedule ?: 'H * * * *'
    }

    /** The etcdBackup arguments: the cluster, the store, the deep check and, when asked, where to write the metrics. */
    @NonCPS
    static Map backupArguments(Map args) {
        Map backup = [cluster: args.cluster, store: args.store, deepCheck: args.deepCheck ?: false]
        if (args.metricsTextfile) {
            backup.metricsTextfile = args.metricsTextfile.toString().trim()
        }
        return backup
    }

    /** The etcdPrune arguments: the retention rules with the cluster and store. */
    @NonCPS
    static Map pruneArguments(Map args) {
        Map rules = args.containsKey('retention') ? args.retention : [hourly: 24, daily: 7, weekly: 4]
        return [cluster: args.cluster, store: args.store] + rules
    }

    /** Whether this run does a restore drill: always, never, or weekly on drillDay in drillHour (UTC). */
    @NonCPS
    static boolean drillDue(Map args, Date now) {
        String mode = args.drill ?: 'weekly'
        if (mode == 'always') {
            return true
        }
        if (mode == 'never') {
            return false
        }
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone('UTC'))
        utc.setTime(now)
        // Calendar: SUNDAY = 1 ... SATURDAY = 7
        String today = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][utc.get(Calendar.DAY_OF_WEEK) - 1]
        String day = (args.drillDay ?: 'SUNDAY').toString().toUpperCase()
        int hour = (args.drillHour == null ? 3 : args.drillHour) as int
        return today == day && utc.get(Calendar.HOUR_OF_DAY) == hour
    }

    /** What the notification hook gets: the failing stage and the cause the step put in brackets, e.g. ETCD_TLS. */
    @NonCPS
    static Map failure(String cluster, String stage, String message) {
        def matcher = message =~ /\[([A-Z_]+)\]/
        String cause = matcher.find() ? matcher.group(1) : (stage == 'Restore drill' ? 'DRILL_FAILED' : 'OTHER')
        return [cluster: cluster, stage: stage, cause: cause, message: message]
    }

    /** One line for the build's description. */
    @NonCPS
    static String summary(Map backup, Map drill) {
        String text = "backup ${backup.id}: revision ${backup.revision}, ${backup.keyCount} keys, ${backup.storedBytes} bytes stored"
        if (drill != null) {
            text += drill.passed ? '; restore drill passed' : "; restore drill FAILED: ${drill.problem}"
        }
        return text.toString()
    }
}
