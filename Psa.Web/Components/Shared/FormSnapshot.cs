using System.Text.Json;

namespace Psa.Web.Components.Shared;

/// <summary>
/// An editor's last loaded or saved state, kept as JSON, so <see cref="UnsavedChangesGuard"/> can tell
/// whether a mutable form (nested lists and all) holds changes that are not saved.
/// </summary>
public sealed class FormSnapshot
{
    private string? _saved;

    /// <summary>Remembers <paramref name="state"/> as what is saved (after loading it, and after saving it).</summary>
    public void Take(object? state) => _saved = JsonSerializer.Serialize(state);

    /// <summary>Whether <paramref name="state"/> differs from what was last taken; nothing taken yet means nothing to lose.</summary>
    public bool Differs(object? state) => _saved is not null && JsonSerializer.Serialize(state) != _saved;
}
