package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void printsCoresWithoutTrailingZeros() {
        assertThat(Units.cores(1500)).isEqualTo("1.5");
        assertThat(Units.cores(250)).isEqualTo("0.25");
        assertThat(Units.cores(96_000)).isEqualTo("96");
        assertThat(Units.cores(0)).isEqualTo("0");
    }

    @Test
    void printsBytesInTheLargestBinaryUnit() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
        assertThat(Units.bytes(256L << 30)).isEqualTo("256 GiB");
        assertThat(Units.bytes(3L << 40)).isEqualTo("3 TiB");
    }
}
