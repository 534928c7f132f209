package dev.engagement.score.config;

/**
 * What a run does with customer ids that start or end with whitespace (regex {@code \s}: spaces,
 * tabs, line breaks), e.g. {@code "c2 "} next to {@code "c2"}: the values of {@code
 * events.customer_id_whitespace}. In every mode, an id that is nothing but whitespace is a missing
 * customer id.
 */
public enum CustomerIdWhitespace {
  /** Match ids exactly ({@code "c2 "} is its own customer) and count them as a warning. */
  WARN,
  /** Reject their events as {@code customer_id_whitespace}: bad data, like a missing id. */
  REJECT,
  /** Strip the whitespace before anything else: {@code "c2 "} is {@code "c2"}. */
  TRIM
}
