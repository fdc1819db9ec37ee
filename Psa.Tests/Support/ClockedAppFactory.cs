using Microsoft.Extensions.DependencyInjection;
using Psa.Tests.TimeTracking;

namespace Psa.Tests.Support;

/// <summary>
/// One host for a test class whose tests move the clock: everything in the host that asks for "now" gets
/// <see cref="Clock"/>. The tests of a class run one after another, so each sets the clock where it starts.
/// </summary>
public sealed class ClockedAppFactory : PsaAppFactory
{
    public ClockedAppFactory() => ConfigureTestServices = s => s.AddSingleton<TimeProvider>(Clock);

    public TestClock Clock { get; } = new(DateTimeOffset.UnixEpoch);

    /// <summary>The host's clock, set to <paramref name="now"/> for the test about to run.</summary>
    public TestClock ClockAt(DateTimeOffset now)
    {
        Clock.Now = now;
        return Clock;
    }
}
