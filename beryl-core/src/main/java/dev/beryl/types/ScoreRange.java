package dev.beryl.types;

/** A score interval of ZRANGEBYSCORE and friends: each end inclusive unless marked exclusive ("(1.5"). */
public record ScoreRange(double min, boolean minEx, double max, boolean maxEx) {
    public boolean gteMin(double v) { return minEx ? v > min : v >= min; }

    public boolean lteMax(double v) { return maxEx ? v < max : v <= max; }

    public boolean contains(double v) { return gteMin(v) && lteMax(v); }

    /** An interval that can hold no score at all. */
    public boolean isEmpty() { return min > max || (min == max && (minEx || maxEx)); }
}
