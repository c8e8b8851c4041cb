package io.jenkins.plugins.kubeops.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Human-readable CPU and memory amounts for CLI output. */
final class Units {

    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /** Millicores as cores with up to three decimals: 1500 → "1.5", 250 → "0.25". */
    static String cores(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** Bytes in the largest binary unit that keeps the number at least 1, one decimal: 1610612736 → "1.5 GiB". */
    static String bytes(long bytes) {
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal step = BigDecimal.valueOf(1024);
        while (unit < BINARY_UNITS.length - 1 && value.abs().compareTo(step) >= 0) {
            value = value.divide(step);
            unit++;
        }
        return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + BINARY_UNITS[unit];
    }
}
