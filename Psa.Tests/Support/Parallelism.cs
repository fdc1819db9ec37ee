// Four test classes at a time on a two-core machine: most tests wait on SQLite files, a host starting, or a helper
// process (Dovecot, the OpenID provider), and at two at a time the cores were idle a quarter of the time (145% CPU
// of 200%). Measured on the whole project: 2 → 220 s, 4 → 198 s, 6 → 193 s with more CPU spent on contention.
// Each test class is its own collection, as by default.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 4)]
