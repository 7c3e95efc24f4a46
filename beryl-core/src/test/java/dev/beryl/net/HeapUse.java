package dev.beryl.net;

/** The tests' measure of what the engine keeps: the heap in use after a few collections. */
final class HeapUse {
    private HeapUse() {}

    static long afterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
