namespace Psa.Domain.Common;

/// <summary>Money rounding used everywhere: two decimals, half away from zero.</summary>
public static class MoneyMath
{
    public static decimal Round2(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
