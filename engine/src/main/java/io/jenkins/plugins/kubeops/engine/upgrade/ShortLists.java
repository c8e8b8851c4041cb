package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;

/** Short lists in messages: at most a few names, then how many more. */
final class ShortLists {

    private static final int LISTED = 5;

    private ShortLists() {
    }

    static String names(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }
}
