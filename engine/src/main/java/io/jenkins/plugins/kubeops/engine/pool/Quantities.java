package io.jenkins.plugins.kubeops.engine.pool;

import java.math.BigDecimal;

/** Kubernetes-style quantity strings for messages: 1500 millicores → "1500m", 2000 → "2"; bytes → "4Gi", "512Mi". */
final class Quantities {

    private static final long KI = 1024;
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};

    private Quantities() {
    }

    static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    static String memory(long bytes) {
        int unit = 0;
        long value = bytes;
        while (unit < SUFFIXES.length - 1 && value != 0 && value % KI == 0) {
            value /= KI;
            unit++;
        }
        if (unit == 0 && bytes >= KI * KI) {
            // Not a whole binary unit: show a rounded Mi/Gi figure rather than a long byte count.
            return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(KI * KI * KI), 1, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() + "Gi";
        }
        return value + SUFFIXES[unit];
    }
}
