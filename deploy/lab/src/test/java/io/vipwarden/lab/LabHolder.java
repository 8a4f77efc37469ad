package io.vipwarden.lab;

/** Starts a lab in its own JVM and waits to be killed: lets LabIT crash a lab run for real. */
public final class LabHolder {
    private LabHolder() {
    }

    public static void main(String[] args) throws Exception {
        Lab lab = Lab.start(LabSpec.pair());
        System.out.println("READY " + lab.prefix());
        System.out.flush();
        Thread.sleep(120_000);
        lab.close();
    }
}
