package io.yuqing.radar.schemas;

/** One rule that fired: its name, the measured value and the threshold it crossed. */
public record AlertReason(String rule, double value, double threshold) {}
