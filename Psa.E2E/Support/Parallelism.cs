// Journeys run two at a time, each with its own browser and workspaces on the one shared server (SharedServer):
// most of a journey is spent waiting on round trips, so two overlap well on a two-core machine. Three were tried
// once the journeys stopped starting a server each: no faster (5 min 13 s against 5 min 6 s), each journey slower.
// Each test class is its own collection.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
