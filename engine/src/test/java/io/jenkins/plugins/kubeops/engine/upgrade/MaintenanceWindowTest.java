package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final MaintenanceWindow WEEKNIGHTS = MaintenanceWindow.parse("Mon-Fri 22:00-04:00 Europe/Berlin");

    /** 2026-12-07 is a Monday. */
    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void parsesDaysRangesTimesAndZone() {
        assertThat(WEEKNIGHTS.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(WEEKNIGHTS.start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(WEEKNIGHTS.end()).isEqualTo(LocalTime.of(4, 0));
        assertThat(WEEKNIGHTS.zone()).isEqualTo(BERLIN);
        assertThat(WEEKNIGHTS).hasToString("Mon-Fri 22:00-04:00 Europe/Berlin");
        assertThat(MaintenanceWindow.parse("Sun,Mon,Wed 00:00-24:00 UTC")).hasToString("Mon,Wed,Sun 00:00-24:00 UTC");
        assertThat(MaintenanceWindow.parse("Fri-Mon 01:00-02:00").days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(MaintenanceWindow.parse("sat,SUNDAY 1:00-5:30").zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void isOpenFromTheStartInclusiveToTheEndExclusive() {
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-07T21:59:59"))).isFalse();
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-07T22:00:00"))).isTrue();
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-08T03:59:59"))).isTrue();
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-08T04:00:00"))).isFalse();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItStarts() {
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-12T02:00:00"))).as("Saturday 02:00: Friday's window").isTrue();
        assertThat(WEEKNIGHTS.isOpen(berlin("2026-12-07T02:00:00"))).as("Monday 02:00: Sunday has none").isFalse();
        assertThat(WEEKNIGHTS.closesAt(berlin("2026-12-12T02:00:00"))).contains(berlin("2026-12-12T04:00:00"));
    }

    @Test
    void nextOpeningIsNowWhenOpenElseTheNextStart() {
        Instant open = berlin("2026-12-08T23:00:00");
        assertThat(WEEKNIGHTS.nextOpening(open)).isEqualTo(open);
        assertThat(WEEKNIGHTS.nextOpening(berlin("2026-12-08T04:00:00"))).isEqualTo(berlin("2026-12-08T22:00:00"));
        assertThat(WEEKNIGHTS.nextOpening(berlin("2026-12-12T12:00:00"))).as("Saturday noon waits for Monday night")
                .isEqualTo(berlin("2026-12-14T22:00:00"));
        assertThat(WEEKNIGHTS.closesAt(berlin("2026-12-12T12:00:00"))).isEmpty();
    }

    @Test
    void anOpeningInADaylightSavingGapMovesForwardByTheGap() {
        // 2026-03-29 02:00-03:00 does not exist in Berlin: a 02:30 opening happens at 03:30 CEST (01:30 UTC).
        MaintenanceWindow window = MaintenanceWindow.parse("Sun 02:30-05:00 Europe/Berlin");
        assertThat(window.nextOpening(Instant.parse("2026-03-28T12:00:00Z"))).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(window.closesAt(Instant.parse("2026-03-29T02:00:00Z"))).contains(Instant.parse("2026-03-29T03:00:00Z"));
    }

    @Test
    void wholeDaysAndDailyWindows() {
        MaintenanceWindow always = MaintenanceWindow.parse("daily 00:00-24:00 UTC");
        assertThat(always.isOpen(Instant.parse("2026-12-09T13:14:15Z"))).isTrue();
        assertThat(always.isOpen(Instant.parse("2026-12-09T00:00:00Z"))).isTrue();
        MaintenanceWindow sundays = MaintenanceWindow.parse("Sun 00:00-24:00 UTC");
        assertThat(sundays.isOpen(Instant.parse("2026-12-13T23:59:59Z"))).isTrue();
        assertThat(sundays.isOpen(Instant.parse("2026-12-14T00:00:00Z"))).isFalse();
    }

    @Test
    void badWindowsAreRefusedNamingTheValueAndTheFormat() {
        assertThatThrownBy(() -> MaintenanceWindow.parse("Funday 01:00-02:00")).isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("unknown day 'Funday'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Mon 25:00-02:00")).hasMessageContaining("bad time '25:00'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Mon 01:00-02:00 Mars/Base"))
                .hasMessageContaining("unknown time zone 'Mars/Base'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Mon")).hasMessageContaining("e.g. 'Mon-Fri 22:00-04:00 Europe/Berlin'");
        assertThatThrownBy(() -> MaintenanceWindow.parse("Mon 01:00")).hasMessageContaining("no time range");
    }
}
