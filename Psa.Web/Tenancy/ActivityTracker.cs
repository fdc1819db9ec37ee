using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Tenancy;

/// <summary>Records a workspace's last activity in the catalog, at most once a minute per workspace.</summary>
public sealed class ActivityTracker(DatabaseLocator locator, TimeProvider time, ILogger<ActivityTracker> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    public void Touch(string slug)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(slug, out var last) && now - last < Interval)
        {
            return;
        }

        _lastWritten[slug] = now;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var catalog = locator.CreateCatalog();
                await catalog.Tenants.Where(t => t.Slug == slug)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastActivityUtc, now));
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogWarning(ex, "Could not record activity for {Slug}", slug);
            }
        });
    }
}
