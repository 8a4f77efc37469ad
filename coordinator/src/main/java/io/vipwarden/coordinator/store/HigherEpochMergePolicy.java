package io.vipwarden.coordinator.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.vipwarden.coordinator.decision.HavipRecord;

/**
 * When two sides of a healed network partition both hold a HaVip, keep the record with the higher
 * epoch (then the higher revision): a grant, once issued, is never taken back by a merge. The
 * minority side cannot have written (split-brain protection), so in practice the majority's record
 * wins; this policy makes that hold even if the protection was misconfigured.
 */
public final class HigherEpochMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        if (merging == null) {
            return existing.getRawValue();
        }
        return keepMerging(merging.getDeserializedValue(), existing.getDeserializedValue())
                ? merging.getRawValue() : existing.getRawValue();
    }

    /** Whether the merging side's value should replace the existing one. */
    static boolean keepMerging(Object merging, Object existing) {
        if (existing == null) {
            return true;
        }
        if (merging instanceof HavipRecord m && existing instanceof HavipRecord e) {
            if (m.epoch() != e.epoch()) {
                return m.epoch() > e.epoch();
            }
            return m.revision() > e.revision();
        }
        return false;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
