package io.vipwarden.gateway.audit;

import java.util.Arrays;

/** A growable list of ascending ints (store positions): 4 bytes per entry, no boxing. */
final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    int get(int index) {
        return values[index];
    }

    /** Index of the last value strictly below {@code bound}, or -1; the values ascend. */
    int lastIndexBelow(long bound) {
        if (bound > Integer.MAX_VALUE) {
            return size - 1;
        }
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < bound) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
