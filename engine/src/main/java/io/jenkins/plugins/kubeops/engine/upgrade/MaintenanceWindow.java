package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When new upgrade steps may start: on some weekdays from a start time to an end time in a time zone, e.g.
 * {@code Mon-Fri 22:00-04:00 Europe/Berlin} (a window that ends before it starts runs past midnight and belongs to the day
 * it starts on; equal start and end, e.g. {@code 00:00-24:00}, make a whole day). Steps already running finish; the next one
 * waits for the next opening. Pure; daylight-saving gaps move an opening forward by the gap.
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    private static final String FORMAT = "DAYS HH:MM-HH:MM [ZONE], e.g. 'Mon-Fri 22:00-04:00 Europe/Berlin' or "
            + "'Sat,Sun 01:00-05:00 UTC' ('daily' for every day; the zone defaults to UTC)";

    public MaintenanceWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new KubeOpsException("a maintenance window needs at least one day: " + FORMAT + ".");
        }
    }

    public static MaintenanceWindow parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw new KubeOpsException("maintenance window '" + text + "' is not understood: write " + FORMAT + ".");
        }
        Set<DayOfWeek> days = parseDays(parts[0], text);
        String[] times = parts[1].split("-");
        if (times.length != 2) {
            throw new KubeOpsException("maintenance window '" + text + "' has no time range: write " + FORMAT + ".");
        }
        LocalTime start = parseTime(times[0], text);
        LocalTime end = "24:00".equals(times[1]) ? LocalTime.MIDNIGHT : parseTime(times[1], text);
        ZoneId zone;
        try {
            zone = parts.length == 3 ? ZoneId.of(parts[2]) : ZoneId.of("UTC");
        } catch (DateTimeException e) {
            throw new KubeOpsException("maintenance window '" + text + "' names unknown time zone '" + parts[2]
                    + "': use a region id such as Europe/Berlin or UTC.");
        }
        return new MaintenanceWindow(days, start, end, zone);
    }

    public boolean isOpen(Instant now) {
        return closesAt(now).isPresent();
    }

    /** {@code now} when the window is open, else the next moment it opens. */
    public Instant nextOpening(Instant now) {
        if (isOpen(now)) {
            return now;
        }
        return openings(now).stream().map(Opening::opens).filter(now::isBefore).min(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException("a window with days always opens within eight days"));
    }

    /** When the window that is open at {@code now} closes; empty when it is closed. */
    public Optional<Instant> closesAt(Instant now) {
        return openings(now).stream().filter(o -> !now.isBefore(o.opens()) && now.isBefore(o.closes()))
                .map(Opening::closes).max(Instant::compareTo);
    }

    private record Opening(Instant opens, Instant closes) {
    }

    /** The openings that start from the day before {@code now} to eight days after it, in the window's zone. */
    private List<Opening> openings(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        List<Opening> openings = new ArrayList<>();
        for (LocalDate date = today.minusDays(1); !date.isAfter(today.plusDays(8)); date = date.plusDays(1)) {
            if (days.contains(date.getDayOfWeek())) {
                ZonedDateTime opens = ZonedDateTime.of(date, start, zone);
                LocalDate endDate = end.isAfter(start) ? date : date.plusDays(1);
                openings.add(new Opening(opens.toInstant(), ZonedDateTime.of(endDate, end, zone).toInstant()));
            }
        }
        return openings;
    }

    @Override
    public String toString() {
        String dayText = days.size() == 7 ? "daily" : dayRanges();
        return dayText + " " + start + "-" + (end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString()) + " " + zone.getId();
    }

    /** "Mon-Fri", "Sat,Sun", "Mon,Wed-Fri": runs of three or more days as ranges. */
    private String dayRanges() {
        List<String> parts = new ArrayList<>();
        DayOfWeek[] week = DayOfWeek.values();
        for (int i = 0; i < week.length; i++) {
            if (!days.contains(week[i])) {
                continue;
            }
            int end = i;
            while (end + 1 < week.length && days.contains(week[end + 1])) {
                end++;
            }
            if (end - i >= 2) {
                parts.add(name(week[i]) + "-" + name(week[end]));
            } else {
                for (int d = i; d <= end; d++) {
                    parts.add(name(week[d]));
                }
            }
            i = end;
        }
        return String.join(",", parts);
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static Set<DayOfWeek> parseDays(String text, String whole) {
        if (text.equalsIgnoreCase("daily") || text.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",")) {
            String[] range = item.split("-");
            if (range.length == 1) {
                days.add(day(range[0], whole));
            } else if (range.length == 2) {
                DayOfWeek from = day(range[0], whole);
                DayOfWeek to = day(range[1], whole);
                for (DayOfWeek d = from; ; d = d.plus(1)) { // Fri-Mon wraps over the weekend
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw new KubeOpsException("maintenance window '" + whole + "' has a bad day range '" + item + "': write "
                        + FORMAT + ".");
            }
        }
        return days;
    }

    private static DayOfWeek day(String text, String whole) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String name = day.name().toLowerCase(Locale.ROOT);
            if (lower.length() >= 3 && name.startsWith(lower)) {
                return day;
            }
        }
        throw new KubeOpsException("maintenance window '" + whole + "' names unknown day '" + text + "': use Mon, Tue, Wed, "
                + "Thu, Fri, Sat, Sun, ranges such as Mon-Fri, or 'daily'.");
    }

    private static LocalTime parseTime(String text, String whole) {
        if (!text.matches("\\d{1,2}:\\d{2}")) {
            throw new KubeOpsException("maintenance window '" + whole + "' has a bad time '" + text + "': use HH:MM, e.g. 22:00.");
        }
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeException e) {
            throw new KubeOpsException("maintenance window '" + whole + "' has a bad time '" + text + "': use HH:MM, e.g. 22:00.");
        }
    }
}
