package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Label;
import hudson.model.Node;
import hudson.model.queue.CauseOfBlockage;
import hudson.slaves.Cloud;
import hudson.slaves.CloudProvisioningListener;
import hudson.slaves.NodeProvisioner.PlannedNode;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells {@link CloudProvisioningListener}s what Kube Ops provisions, as core's NodeProvisioner does for its own (its
 * helpers are private): other plugins (metrics, limits) see pool agents like any other. A failing listener is logged and
 * does not stop the others.
 */
final class ProvisioningEvents {

    private static final Logger LOGGER = Logger.getLogger(ProvisioningEvents.class.getName());

    private ProvisioningEvents() {
    }

    /** The first listener's reason not to provision on {@code cloud} now, or null. */
    static CauseOfBlockage blocked(Cloud cloud, Cloud.CloudState state, int agents) {
        for (CloudProvisioningListener listener : CloudProvisioningListener.all()) {
            CauseOfBlockage cause = listener.canProvision(cloud, state, agents);
            if (cause != null) {
                return cause;
            }
        }
        return null;
    }

    static void started(Cloud cloud, Label label, Collection<PlannedNode> nodes) {
        fire("onStarted", listener -> listener.onStarted(cloud, label, nodes));
    }

    static void completed(PlannedNode planned, Node node) {
        fire("onComplete", listener -> listener.onComplete(planned, node));
    }

    static void committed(PlannedNode planned, Node node) {
        fire("onCommit", listener -> listener.onCommit(planned, node));
    }

    static void rolledBack(PlannedNode planned, Node node, Throwable cause) {
        fire("onRollback", listener -> listener.onRollback(planned, node, cause));
    }

    static void failed(PlannedNode planned, Throwable cause) {
        fire("onFailure", listener -> listener.onFailure(planned, cause));
    }

    private static void fire(String event, Consumer<CloudProvisioningListener> call) {
        for (CloudProvisioningListener listener : CloudProvisioningListener.all()) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "CloudProvisioningListener " + listener + " failed in " + event, e);
            }
        }
    }
}
