using Psa.Domain.Tenancy;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;
using Shouldly;

namespace Psa.Tests.Live;

/// <summary>
/// A page's first load and its live topic (<see cref="WorkspaceLive.LoadAndFollowAsync"/>): a change committed while
/// the page is still reading is not lost. Found by the two-node test, where a rename made right after a failover
/// landed while the board was loading on the surviving node and never showed.
/// </summary>
public sealed class LoadAndFollowTests
{
    private static (LiveNotifier Notifier, WorkspaceLive Live) Workspace()
    {
        var notifier = new LiveNotifier([]);
        var tenant = new TenantContext();
        tenant.Set(new TenantInfo(TenantSlug.Parse("acme"), "Acme", TenantStatus.Active, "UTC", "USD"));
        return (notifier, new WorkspaceLive(notifier, tenant));
    }

    [Fact]
    public async Task AChangeDuringTheFirstLoad_IsLoadedOnceMore_AndLaterChangesLoadAndRender()
    {
        var (notifier, live) = Workspace();
        var firstLoadMayEnd = new TaskCompletionSource();
        var loads = 0;
        var renders = 0;
        async Task Load()
        {
            if (Interlocked.Increment(ref loads) == 1)
            {
                await firstLoadMayEnd.Task;
            }
        }

        var signals = 0;
        Task Invoke(Func<Task> work)
        {
            Interlocked.Increment(ref signals);
            return work();
        }

        var following = live.LoadAndFollowAsync("project:1", interactive: true, Load, Invoke, () => Interlocked.Increment(ref renders));
        // The change is committed while the first load is still reading; the page hears of it before the load ends.
        notifier.Publish("acme", "project:1");
        await Until(() => Volatile.Read(ref signals) == 1);
        firstLoadMayEnd.SetResult();
        using var subscription = await following;

        loads.ShouldBe(2, "the change made during the first load is read by one more load");
        renders.ShouldBe(0, "the page renders its first load itself");
        subscription.ShouldNotBeNull();

        notifier.Publish("acme", "project:1");
        await Until(() => Volatile.Read(ref renders) == 1);
        loads.ShouldBe(3);
    }

    /// <summary>Waits for a condition the notifier's timer brings about (at most 10 s: a loaded machine is slow, not wrong).</summary>
    internal static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the live notifier never signalled");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task WithoutChanges_TheFirstLoadIsTheOnlyOne_AndPrerenderingSubscribesNothing()
    {
        var (notifier, live) = Workspace();
        var loads = 0;
        Task Load()
        {
            loads++;
            return Task.CompletedTask;
        }

        using (var subscription = await live.LoadAndFollowAsync("project:1", interactive: true, Load, work => work(), () => { }))
        {
            loads.ShouldBe(1);
            notifier.SubscriptionCount.ShouldBe(1);
        }

        notifier.SubscriptionCount.ShouldBe(0);
        (await live.LoadAndFollowAsync("project:1", interactive: false, Load, work => work(), () => { })).ShouldBeNull();
        loads.ShouldBe(2);
        notifier.SubscriptionCount.ShouldBe(0);
    }
}
