package dev.engagement.score.config;

import java.math.BigDecimal;

/** Min-max normalization settings; {@code enabled == false} means normalize = none. */
public record Normalization(boolean enabled, BigDecimal rangeMin, BigDecimal rangeMax) {}
