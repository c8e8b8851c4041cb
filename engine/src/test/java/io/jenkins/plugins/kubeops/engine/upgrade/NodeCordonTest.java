package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon.Decision;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon.Outcome;
import org.junit.jupiter.api.Test;

class NodeCordonTest {

    static Node node(boolean cordoned, String mark) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName("n1").withResourceVersion("7").endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? Boolean.TRUE : null).endSpec();
        if (mark != null) {
            builder.editMetadata().addToAnnotations(NodeCordon.CORDONED_BY, mark).endMetadata();
        }
        return builder.build();
    }

    @Test
    void cordoningASchedulableNodeMarksItWithTheOperationAndKeepsItsResourceVersion() {
        Decision decision = NodeCordon.decideCordon(node(false, null), "upgrade-1");

        assertThat(decision.outcome()).isEqualTo(Outcome.CORDONED);
        assertThat(NodeCordon.isCordoned(decision.write())).isTrue();
        assertThat(NodeCordon.mark(decision.write())).isEqualTo("upgrade-1");
        assertThat(decision.write().getMetadata().getResourceVersion()).as("optimistic lock").isEqualTo("7");
    }

    @Test
    void aNodeCordonedBySomeoneElseIsLeftAsItIsAndNeverUncordoned() {
        assertThat(NodeCordon.decideCordon(node(true, null), "upgrade-1")).isEqualTo(new Decision(Outcome.CORDONED_BY_OTHER, null));
        assertThat(NodeCordon.decideUncordon(node(true, null), "upgrade-1")).isEqualTo(new Decision(Outcome.CORDONED_BY_OTHER, null));
        assertThat(NodeCordon.decideUncordon(node(true, "upgrade-0"), "upgrade-1").outcome()).isEqualTo(Outcome.CORDONED_BY_OTHER);
    }

    @Test
    void cordoningTwiceIsHarmless() {
        assertThat(NodeCordon.decideCordon(node(true, "upgrade-1"), "upgrade-1"))
                .isEqualTo(new Decision(Outcome.ALREADY_CORDONED_BY_US, null));
    }

    @Test
    void uncordoningOurNodeClearsTheFlagAndTheMark() {
        Decision decision = NodeCordon.decideUncordon(node(true, "upgrade-1"), "upgrade-1");

        assertThat(decision.outcome()).isEqualTo(Outcome.UNCORDONED);
        assertThat(NodeCordon.isCordoned(decision.write())).isFalse();
        assertThat(decision.write().getSpec().getUnschedulable()).as("written as kubectl uncordon leaves it").isNull();
        assertThat(NodeCordon.mark(decision.write())).isNull();
    }

    @Test
    void aMarkLeftOnANodeSomeoneUncordonedIsRemovedWithoutOtherChange() {
        Decision decision = NodeCordon.decideUncordon(node(false, "upgrade-1"), "upgrade-1");

        assertThat(decision.outcome()).isEqualTo(Outcome.NOT_CORDONED);
        assertThat(NodeCordon.mark(decision.write())).isNull();
        assertThat(NodeCordon.isCordoned(decision.write())).isFalse();
    }

    @Test
    void aSchedulableNodeWithoutOurMarkIsNotTouched() {
        assertThat(NodeCordon.decideUncordon(node(false, "upgrade-0"), "upgrade-1")).isEqualTo(new Decision(Outcome.NOT_CORDONED, null));
    }

    @Test
    void reportsSayWhoHoldsANode() {
        assertThat(new NodeCordon.Result("n1", Outcome.CORDONED_BY_OTHER, "someone else (no kube-ops.io/cordoned-by annotation)")
                .describe()).isEqualTo("node n1 is cordoned by someone else (no kube-ops.io/cordoned-by annotation): left "
                + "cordoned, not ours to uncordon");
    }
}
