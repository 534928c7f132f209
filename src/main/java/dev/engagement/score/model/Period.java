package dev.engagement.score.model;

import java.time.LocalDate;

/**
 * One scoring period: all days from {@code start} to {@code end}, both inclusive, in the business
 * time zone. {@code kind} is the label written to the output, e.g. {@code month} or {@code
 * rolling_30d}.
 */
public record Period(String kind, LocalDate start, LocalDate end) {}
