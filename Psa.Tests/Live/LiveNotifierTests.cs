using Psa.Infrastructure.Live;
using Shouldly;

namespace Psa.Tests.Live;

public sealed class LiveNotifierTests
{
    [Fact]
    public async Task Publish_BurstOfChanges_IsCoalescedIntoOneCallback()
    {
        var notifier = new LiveNotifier([]);
        var calls = 0;
        using var _ = notifier.Subscribe("acme", "project:1", () => { Interlocked.Increment(ref calls); return Task.CompletedTask; });

        for (var i = 0; i < 20; i++)
        {
            notifier.Publish("acme", "project:1");
        }

        await Task.Delay(LiveNotifier.CoalesceWindow * 4);
        calls.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_OnlyReachesTheSameTenantAndTopic()
    {
        var notifier = new LiveNotifier([]);
        var hits = new List<string>();
        using var a = notifier.Subscribe("acme", "project:1", () => { lock (hits) hits.Add("acme/1"); return Task.CompletedTask; });
        using var b = notifier.Subscribe("bravo", "project:1", () => { lock (hits) hits.Add("bravo/1"); return Task.CompletedTask; });
        using var c = notifier.Subscribe("acme", "project:2", () => { lock (hits) hits.Add("acme/2"); return Task.CompletedTask; });

        notifier.Publish("acme", "project:1");
        await Task.Delay(LiveNotifier.CoalesceWindow * 4);
        hits.ShouldBe(["acme/1"]);
    }

    [Fact]
    public async Task Dispose_StopsCallbacksAndRemovesTheSubscription()
    {
        var notifier = new LiveNotifier([]);
        var calls = 0;
        var subscription = notifier.Subscribe("acme", "settings", () => { calls++; return Task.CompletedTask; });
        notifier.SubscriptionCount.ShouldBe(1);
        subscription.Dispose();
        notifier.SubscriptionCount.ShouldBe(0);
        notifier.Publish("acme", "settings");
        await Task.Delay(LiveNotifier.CoalesceWindow * 3);
        calls.ShouldBe(0);
    }

    [Fact]
    public async Task Publish_AfterTheWindow_CallsAgain()
    {
        var notifier = new LiveNotifier([]);
        var calls = 0;
        using var _ = notifier.Subscribe("acme", "t", () => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        notifier.Publish("acme", "t");
        // Waits for the first call rather than a fixed time: on a busy machine the window's timer can be late.
        await LoadAndFollowTests.Until(() => Volatile.Read(ref calls) == 1);
        notifier.Publish("acme", "t");
        await LoadAndFollowTests.Until(() => Volatile.Read(ref calls) == 2);
    }
}
