package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Cluster upgrades for every front: plan, apply, status, pause, resume, abort. The state lives in the cluster and a Lease
 * keeps it to one running upgrade per cluster; see {@link UpgradeRun} for how the steps run.
 */
public final class UpgradeService {

    /**
     * What does the work, pluggable per front and in tests.
     *
     * @param drainers a drainer for the upgrade's operation id (which marks the nodes it cordons)
     * @param snapshot the etcd snapshot phase; empty when none was configured (a plan that needs one then stops before it)
     */
    public record Parts(NodeUpgrader upgrader, Function<String, NodeDrainer> drainers, Optional<SnapshotPhase> snapshot) {
        public Parts {
            Objects.requireNonNull(upgrader, "upgrader");
            Objects.requireNonNull(drainers, "drainers");
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /**
     * @param stateName      the state ConfigMap and the Lease in kube-system (tests use their own)
     * @param nodeTimeout    how long one node may take to report the target version and Ready after its upgrade command
     * @param pollInterval   how often those waits look
     * @param pauseAfterEachBatch stop (paused) at every checkpoint of a node roll that leaves work to do — after the canary
     *                       and after every maxUnavailable nodes, once the nodes in flight finished (see
     *                       {@link RollingWindow#checkpointAfter}) — and after each step of nodes; for fronts that ask a
     *                       person between batches (a pipeline's input step)
     */
    public record Settings(String stateName, Duration lease, HealthGateSettings health, Duration nodeTimeout,
                           Duration controlPlaneTimeout, Duration pollInterval, boolean pauseAfterEachBatch) {
        public static final Settings DEFAULTS = new Settings(UpgradeStateStore.DEFAULT_NAME, UpgradeLock.DEFAULT_LEASE,
                HealthGateSettings.DEFAULTS, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofSeconds(2), false);

        public Settings withHealth(HealthGateSettings value) {
            return new Settings(stateName, lease, value, nodeTimeout, controlPlaneTimeout, pollInterval, pauseAfterEachBatch);
        }

        public Settings withNodeTimeout(Duration value) {
            return new Settings(stateName, lease, health, value, controlPlaneTimeout, pollInterval, pauseAfterEachBatch);
        }

        public Settings withControlPlaneTimeout(Duration value) {
            return new Settings(stateName, lease, health, nodeTimeout, value, pollInterval, pauseAfterEachBatch);
        }

        public Settings withStateName(String value, Duration leaseDuration) {
            return new Settings(value, leaseDuration, health, nodeTimeout, controlPlaneTimeout, pollInterval, pauseAfterEachBatch);
        }

        public Settings withPauseAfterEachBatch(boolean value) {
            return new Settings(stateName, lease, health, nodeTimeout, controlPlaneTimeout, pollInterval, value);
        }
    }

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final Parts parts;
    private final Settings settings;
    private final Polling polling;
    private final String holder;
    private final UpgradeStateStore store;

    /** @param holder who runs upgrades from here (e.g. "kube-ops CLI alice@host pid 4711"), shown to anyone refused the lock */
    public UpgradeService(KubernetesClient client, Parts parts, Settings settings, Polling polling, String holder) {
        this.client = client;
        this.parts = parts;
        this.settings = settings;
        this.polling = polling;
        this.holder = holder;
        this.store = new UpgradeStateStore(client, settings.stateName());
    }

    public ClusterInventory inventory() {
        return new InventoryGateway(client).read();
    }

    public UpgradePlan plan(KubeVersion target, UpgradePolicy policy) {
        return UpgradePlanner.plan(inventory(), target, policy);
    }

    public String describe(UpgradePlan plan) {
        return UpgradePlanText.render(plan, client.getMasterUrl().toString(), polling.now());
    }

    public Optional<UpgradeState> state() {
        return store.read();
    }

    /** Who runs the stored upgrade right now, if any process does. */
    /** The nodes carrying an upgrade's pending taint (for {@code status}: a process that died leaves them tainted). */
    public List<String> pendingTainted() {
        return PendingTaint.carriers(client);
    }

    public Optional<String> runner() {
        return UpgradeLock.holder(client, settings.stateName(), polling.now());
    }

    /** Plans, refuses a refused plan or a second upgrade, then runs the plan; returns the final (or paused/failed) state. */
    public UpgradeState apply(KubeVersion target, UpgradePolicy policy, Progress progress) {
        UpgradePlan plan = plan(target, policy);
        String text = describe(plan);
        text.lines().forEach(progress::say);
        if (plan.refused()) {
            throw new UpgradeRefusedException("the upgrade plan is refused:\n" + plan.refusal());
        }
        if (plan.steps().stream().anyMatch(UpgradeStep.Snapshot.class::isInstance) && parts.snapshot().isEmpty()) {
            throw new KubeOpsException("the plan takes an etcd snapshot before the control plane, but no etcd connection was "
                    + "given: give one (--etcd-endpoints, --store ...) or skip the snapshot explicitly (--skip-snapshot).");
        }
        return locked(progress, () -> {
            Optional<UpgradeState> existing = store.read();
            if (existing.isPresent() && existing.get().status().unfinished()) {
                UpgradeState old = existing.get();
                throw new KubeOpsException("an upgrade to " + old.target() + " is " + old.status().name().toLowerCase()
                        + " at step " + (old.nextStep() + 1) + "/" + old.steps().size() + " (" + old.operationId()
                        + "): finish it with 'kube-ops upgrade resume' or stop it with 'kube-ops upgrade abort' first.");
            }
            String operationId = InventoryGateway.UPGRADE_OPERATION_PREFIX + "-" + ID_TIME.format(polling.now()) + "-"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
            UpgradeState state = store.create(UpgradeState.start(operationId, plan, text, policy.nodeSelector(), polling.now()));
            progress.say("upgrade " + operationId + " started: state in ConfigMap " + UpgradeStateStore.NAMESPACE + "/"
                    + store.name());
            return run(state, progress);
        });
    }

    /** Continues a paused or failed upgrade, or one whose process died (after its lock expired). */
    public UpgradeState resume(Progress progress) {
        return locked(progress, () -> {
            UpgradeState state = store.read().orElseThrow(() -> new KubeOpsException("there is no upgrade to resume on this "
                    + "cluster: start one with 'kube-ops upgrade apply --to VERSION'."));
            if (!state.status().unfinished()) {
                throw new KubeOpsException("the last upgrade (to " + state.target() + ") is " + state.status().name().toLowerCase()
                        + ": nothing to resume; start a new one with 'kube-ops upgrade apply'.");
            }
            UpgradeState resumed = store.modify(s -> s.withRequests(false, false)
                    .withStatus(UpgradeState.Status.RUNNING, "resumed by " + holder).at(polling.now()));
            progress.say("resuming the upgrade to " + resumed.target() + " at step " + (resumed.nextStep() + 1) + "/"
                    + resumed.steps().size() + (resumed.currentNodes().isEmpty() ? ""
                    : "; nodes whose upgrade was under way: " + String.join(", ", resumed.currentNodes())));
            return run(resumed, progress);
        });
    }

    /**
     * Asks the running upgrade to stop: it starts no new step or node, lets the nodes in flight finish, then pauses; an
     * upgrade nobody runs is marked paused at once.
     */
    public UpgradeState pause(Progress progress) {
        UpgradeState state = existing("pause");
        if (state.status() != UpgradeState.Status.RUNNING) {
            progress.say("the upgrade to " + state.target() + " is " + state.status().name().toLowerCase() + ": nothing to pause");
            return state;
        }
        Optional<String> runner = runner();
        UpgradeState requested = store.modify(s -> s.withRequests(true, s.abortRequested()).at(polling.now()));
        if (runner.isPresent()) {
            progress.say("asked '" + runner.get() + "' to pause: it starts no new node, lets the nodes in flight finish, "
                    + "then stops");
            return requested;
        }
        progress.say("no process is running the upgrade: marked paused; 'kube-ops upgrade resume' continues at step "
                + (requested.nextStep() + 1) + "/" + requested.steps().size());
        return store.modify(s -> s.withStatus(UpgradeState.Status.PAUSED, "paused while no process ran it").at(polling.now()));
    }

    /**
     * Stops the upgrade and uncordons every node it cordoned, except nodes in the middle of their own upgrade. A running
     * upgrade is asked to do so: it starts no new step or node and aborts once the nodes in flight finished; otherwise this
     * process does it.
     */
    public UpgradeState abort(Progress progress) {
        UpgradeState state = existing("abort");
        if (!state.status().unfinished()) {
            progress.say("the upgrade to " + state.target() + " is " + state.status().name().toLowerCase() + ": nothing to abort");
            return state;
        }
        Optional<String> runner = runner();
        if (runner.isPresent()) {
            store.modify(s -> s.withRequests(s.pauseRequested(), true).at(polling.now()));
            // A runner that died still holds its lease until it expires: wait that long for either outcome.
            Instant deadline = polling.now().plus(settings.lease()).plusSeconds(2);
            progress.say("asked '" + runner.get() + "' to abort; waiting until " + Polling.TIME.format(deadline)
                    + " for it to do so (or, if that process died, for its lock to expire)");
            polling.sleepUntil(deadline, Duration.ofMillis(500),
                    () -> runner().isEmpty() || existing("abort").status() == UpgradeState.Status.ABORTED);
            UpgradeState now = existing("abort");
            if (now.status() == UpgradeState.Status.ABORTED || !now.status().unfinished()) {
                return now;
            }
            if (runner().isPresent()) {
                progress.say("'" + runner.get() + "' is alive: it starts no new node and aborts once the nodes in flight "
                        + "finished, uncordoning the nodes it cordoned");
                return now;
            }
        }
        return locked(progress, () -> newRun(store.read().orElseThrow(), progress).abort("aborted by " + holder));
    }

    private UpgradeState existing(String what) {
        return store.read().orElseThrow(() -> new KubeOpsException("there is no upgrade to " + what + " on this cluster."));
    }

    private UpgradeState run(UpgradeState state, Progress progress) {
        return newRun(state, progress).run();
    }

    private UpgradeRun newRun(UpgradeState state, Progress progress) {
        return new UpgradeRun(client, store, parts, settings, polling, state.operationId(), state.nodeSelector(), progress);
    }

    /**
     * Runs {@code work} holding the lock. An Error (the JVM in trouble) leaves the lease to expire instead of releasing it,
     * as a dead process would; {@code resume} then takes over.
     */
    private UpgradeState locked(Progress progress, java.util.function.Supplier<UpgradeState> work) {
        UpgradeLock lock = UpgradeLock.acquire(client, settings.stateName(), holder, settings.lease(), polling, progress);
        boolean release = false;
        try {
            UpgradeState result = work.get();
            release = true;
            return result;
        } catch (RuntimeException e) {
            release = true;
            throw e;
        } finally {
            if (release) {
                lock.close();
            } else {
                lock.abandon();
            }
        }
    }
}
