package dev.engagement.score.reference;

import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.normalization.Normalization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documented scoring rules written out directly with plain collections and BigDecimal, no Spark
 * and none of the job's code: the independent oracle the randomized tests compare the job with.
 * Slow and obvious on purpose.
 */
final class ReferenceScorer {
  /** One input event; any field may be null, as in real data. */
  record Event(String customer, String type, Instant time, String id) {}

  /** A period: label, first and last day. */
  record RefPeriod(String kind, LocalDate start, LocalDate end) {}

  /** One output row. */
  record Score(
      String customer,
      String kind,
      LocalDate start,
      LocalDate end,
      long events,
      BigDecimal raw,
      BigDecimal normalized,
      String tier) {}

  /** What scoring a case gives: rows and rejected events per reason. */
  record Result(List<Score> scores, Map<String, Long> rejected, long eventsIn) {}

  record Settings(
      String kind,
      int windowDays,
      ZoneId zone,
      Map<String, BigDecimal> weights,
      Normalization normalization,
      TierRules tiers,
      boolean tiersOnNormalized,
      Instant earliest,
      Instant latest,
      // events.id_scope: true for customer (an id is the same customer's only), false for global
      boolean idsPerCustomer) {}

  private ReferenceScorer() {}

  // ---- periods ----

  static RefPeriod containing(String kind, int windowDays, LocalDate day) {
    switch (kind) {
      case "day":
        return new RefPeriod("day", day, day);
      case "week":
        {
          LocalDate monday = day;
          while (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            monday = monday.minusDays(1);
          }
          return new RefPeriod("week", monday, monday.plusDays(6));
        }
      case "month":
        return new RefPeriod(
            "month", day.withDayOfMonth(1), day.withDayOfMonth(day.lengthOfMonth()));
      case "quarter":
        {
          int firstMonth = (day.getMonthValue() - 1) / 3 * 3 + 1;
          LocalDate start = LocalDate.of(day.getYear(), Month.of(firstMonth), 1);
          LocalDate last = start.plusMonths(2);
          return new RefPeriod("quarter", start, last.withDayOfMonth(last.lengthOfMonth()));
        }
      default:
        return new RefPeriod("rolling_" + windowDays + "d", day.minusDays(windowDays - 1), day);
    }
  }

  static List<RefPeriod> overlapping(String kind, int windowDays, LocalDate from, LocalDate to) {
    List<RefPeriod> periods = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      RefPeriod p = containing(kind, windowDays, d);
      if (!periods.contains(p)) {
        periods.add(p);
      }
    }
    return periods;
  }

  // ---- scoring ----

  /** What two events must share to be duplicates of each other. */
  private static String idKey(RefPeriod p, LocalDate day, Event e, Settings s) {
    return p + "|" + day + "|" + (s.idsPerCustomer() ? e.customer() + "|" : "") + e.id();
  }

  static Result score(List<Event> events, List<RefPeriod> periods, Settings s) {
    Map<String, Long> rejected = new LinkedHashMap<>();
    for (String r :
        List.of(
            "missing_event_time",
            "event_time_out_of_range",
            "missing_customer_id",
            "customer_id_whitespace",
            "unknown_event_type",
            "duplicate_event_id",
            "inactive_customer")) {
      rejected.put(r, 0L);
    }
    long eventsIn = 0;
    // (period, business day, [customer,] event id) -> the event kept so far: an id counts once per
    // day (and customer, when ids are per customer)
    Map<String, Event> keptById = new HashMap<>();
    List<Map.Entry<RefPeriod, Event>> scorable = new ArrayList<>();
    for (Event e : events) {
      if (e.time() == null) {
        rejected.merge("missing_event_time", 1L, Long::sum);
        eventsIn++;
        continue;
      }
      if (e.time().isBefore(s.earliest()) || e.time().isAfter(s.latest())) {
        rejected.merge("event_time_out_of_range", 1L, Long::sum);
        eventsIn++;
        continue;
      }
      LocalDate day = e.time().atZone(s.zone()).toLocalDate();
      for (RefPeriod p : periods) {
        if (day.isBefore(p.start()) || day.isAfter(p.end())) {
          continue;
        }
        eventsIn++;
        if (e.customer() == null || e.customer().isBlank()) {
          rejected.merge("missing_customer_id", 1L, Long::sum);
        } else if (e.type() == null || !s.weights().containsKey(e.type())) {
          rejected.merge("unknown_event_type", 1L, Long::sum);
        } else if (e.id() == null) {
          scorable.add(Map.entry(p, e));
        } else {
          String key = idKey(p, day, e, s);
          Event kept = keptById.get(key);
          Comparator<Event> order =
              Comparator.comparing(Event::time)
                  .thenComparing(Event::type)
                  .thenComparing(Event::customer);
          if (kept == null) {
            keptById.put(key, e);
          } else {
            rejected.merge("duplicate_event_id", 1L, Long::sum);
            if (order.compare(e, kept) < 0) {
              keptById.put(key, e);
            }
          }
        }
      }
    }
    for (Map.Entry<String, Event> kept : keptById.entrySet()) {
      for (RefPeriod p : periods) {
        LocalDate day = kept.getValue().time().atZone(s.zone()).toLocalDate();
        if (kept.getKey().equals(idKey(p, day, kept.getValue(), s))) {
          scorable.add(Map.entry(p, kept.getValue()));
        }
      }
    }

    // raw = sum of weights, count = number of events, per (period, customer)
    Map<RefPeriod, Map<String, BigDecimal>> raw = new LinkedHashMap<>();
    Map<RefPeriod, Map<String, Long>> count = new LinkedHashMap<>();
    for (Map.Entry<RefPeriod, Event> pe : scorable) {
      String c = pe.getValue().customer();
      raw.computeIfAbsent(pe.getKey(), k -> new TreeMap<>())
          .merge(c, s.weights().get(pe.getValue().type()), BigDecimal::add);
      count.computeIfAbsent(pe.getKey(), k -> new TreeMap<>()).merge(c, 1L, Long::sum);
    }
    List<Score> scores = new ArrayList<>();
    for (RefPeriod p : raw.keySet()) {
      Map<String, BigDecimal> byCustomer = raw.get(p);
      List<BigDecimal> sorted = byCustomer.values().stream().sorted().toList();
      for (Map.Entry<String, BigDecimal> e : byCustomer.entrySet()) {
        BigDecimal normalized = normalized(s.normalization(), sorted, e.getValue());
        BigDecimal tiered = s.tiersOnNormalized() ? normalized : e.getValue();
        scores.add(
            new Score(
                e.getKey(),
                p.kind(),
                p.start(),
                p.end(),
                count.get(p).get(e.getKey()),
                e.getValue().setScale(6),
                normalized,
                tier(s.tiers(), tiered)));
      }
    }
    return new Result(scores, rejected, eventsIn);
  }

  /** {@code raw}'s normalized score among the period's {@code sorted} raw scores. */
  private static BigDecimal normalized(Normalization n, List<BigDecimal> sorted, BigDecimal raw) {
    BigDecimal lo = n.rangeMin();
    BigDecimal hi = n.rangeMax();
    int size = sorted.size();
    switch (n.method()) {
      case NONE:
        return null;
      case PERCENTILE:
        {
          long below = sorted.stream().filter(v -> v.compareTo(raw) < 0).count();
          if (sorted.get(0).compareTo(sorted.get(size - 1)) == 0) {
            return hi.setScale(2);
          }
          // lo + below / (size - 1) x (hi - lo), one rounding
          return lo.multiply(BigDecimal.valueOf(size - 1))
              .add(BigDecimal.valueOf(below).multiply(hi.subtract(lo)))
              .divide(BigDecimal.valueOf(size - 1), 2, RoundingMode.HALF_UP);
        }
      default:
        {
          BigDecimal min = sorted.get(0);
          BigDecimal max = sorted.get(size - 1);
          BigDecimal x = raw;
          if (n.clip().isPresent()) {
            min = nearestRank(sorted, n.clip().get().lower());
            max = nearestRank(sorted, n.clip().get().upper());
            x = x.max(min).min(max);
          }
          if (max.compareTo(min) == 0) {
            return hi.setScale(2);
          }
          return lo.multiply(max.subtract(min))
              .add(x.subtract(min).multiply(hi.subtract(lo)))
              .divide(max.subtract(min), 2, RoundingMode.HALF_UP);
        }
    }
  }

  /** The textbook nearest rank: the ceil(P / 100 x n)-th smallest value, the first for P = 0. */
  private static BigDecimal nearestRank(List<BigDecimal> sorted, BigDecimal percentile) {
    int rank =
        percentile
            .multiply(BigDecimal.valueOf(sorted.size()))
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
            .intValueExact();
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static String tier(TierRules rules, BigDecimal score) {
    for (TierRules.Tier t : rules.tiers()) {
      if (t.bound() == null) {
        return t.name();
      }
      int cmp = score.compareTo(t.bound());
      if (cmp < 0 || (cmp == 0 && t.inclusive())) {
        return t.name();
      }
    }
    throw new IllegalStateException("the last tier has no bound");
  }
}
