// Journeys run two at a time, each with its own server, browser and workspaces: most of a journey is spent
// waiting on round trips, so two overlap well on a two-core machine. Each test class is its own collection.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
