package io.vipwarden.cloud;

import java.time.Duration;

/** The testbed's manual clock that, as a {@link CloudCaller.Sleeper}, advances instead of sleeping. */
public final class ManualClock extends io.vipwarden.testbed.ManualClock implements CloudCaller.Sleeper {
    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }
}
