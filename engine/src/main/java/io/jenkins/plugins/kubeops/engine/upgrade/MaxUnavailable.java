package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;

/**
 * How many nodes of one group (a pool, or a pool's zone) may be out of service at once: a count ({@code 3}) or a percentage
 * of the group ({@code 25%}, rounded down but never below one node).
 */
public record MaxUnavailable(int value, boolean percent) {

    public static final MaxUnavailable ONE = new MaxUnavailable(1, false);

    public MaxUnavailable {
        if (value < 1 || (percent && value > 100)) {
            throw new KubeOpsException("max unavailable '" + (percent ? value + "%" : value) + "' is out of range: use a "
                    + "count of at least 1 (e.g. 3) or a percentage from 1% to 100% (e.g. 25%).");
        }
    }

    public static MaxUnavailable parse(String text) {
        String value = text == null ? "" : text.trim();
        boolean percent = value.endsWith("%");
        String number = percent ? value.substring(0, value.length() - 1).trim() : value;
        if (!number.matches("\\d{1,9}")) {
            throw new KubeOpsException("max unavailable '" + text + "' is not a count or a percentage: use e.g. 3 or 25%.");
        }
        return new MaxUnavailable(Integer.parseInt(number), percent);
    }

    /** The number of nodes for a group of {@code groupSize} nodes: at least 1, at most the group. */
    public int resolve(int groupSize) {
        int nodes = percent ? (int) ((long) groupSize * value / 100) : value;
        return Math.max(1, Math.min(nodes, Math.max(1, groupSize)));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
