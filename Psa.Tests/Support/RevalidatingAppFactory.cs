namespace Psa.Tests.Support;

/// <summary>One host for a test class whose sessions are re-checked every 200 ms, so an ended session shows quickly.</summary>
public sealed class RevalidatingAppFactory : PsaAppFactory
{
    public RevalidatingAppFactory() => Settings["Psa:Sessions:RevalidateEvery"] = "00:00:00.200";
}
