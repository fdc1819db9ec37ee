using System.Collections.Concurrent;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Tenancy;

/// <summary>
/// One workspace per sign-up form: the form carries a random submission id, and a second post of the
/// same form (a double click, a resubmitted page) joins the first provisioning instead of starting
/// another, so both responses lead into the same workspace.
/// </summary>
public sealed class SignupSubmissions(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<(Guid Id, string Slug), Entry> _entries = new();

    public async Task<ProvisionResult> ProvisionOnceAsync(Guid submission, ProvisionRequest request, Func<ProvisionRequest, Task<ProvisionResult>> provision)
    {
        Sweep();
        var key = (submission, request.Slug.Trim().ToLowerInvariant());
        var entry = _entries.GetOrAdd(key, _ => new Entry(new Lazy<Task<ProvisionResult>>(() => provision(request)), time.GetUtcNow()));
        try
        {
            return await entry.Work.Value;
        }
        catch
        {
            // A refused or failed attempt keeps nothing, so the corrected form can be posted again.
            _entries.TryRemove(new KeyValuePair<(Guid, string), Entry>(key, entry));
            throw;
        }
    }

    private void Sweep()
    {
        var cutoff = time.GetUtcNow() - Keep;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Started < cutoff)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(Lazy<Task<ProvisionResult>> Work, DateTimeOffset Started);
}
