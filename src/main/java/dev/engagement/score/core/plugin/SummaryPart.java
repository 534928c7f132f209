package dev.engagement.score.core.plugin;

/**
 * A feature's part of the run summary: a key of its JSON object and the value under it (a map,
 * list, number or text, as Jackson writes it), e.g. {@code "alerts": {"fell_into:at_risk": 3}}.
 *
 * @param value what the summary's JSON shows; {@code data} what code reads (the same or a record)
 */
public record SummaryPart(String key, Object value, Object data) {}
