namespace Psa.Web.Components.Shared;

/// <summary>
/// Accessible names for Radzen inputs whose wrapper repeats the input's id (RadzenNumeric), so a
/// label's <c>for</c> lands on the wrapper: pass <c>InputAttributes="Aria.Label(...)"</c>.
/// </summary>
public static class Aria
{
    public static IReadOnlyDictionary<string, object> Label(string label) => new Dictionary<string, object> { ["aria-label"] = label };
}
