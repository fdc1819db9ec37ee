using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Audit;

public sealed record AuditActor(string Id, string Name, string? Address);

public sealed record AuditQuery(string? Category = null, string? Actor = null, DateOnly? From = null, DateOnly? To = null, string? Text = null);

/// <summary>
/// The workspace's audit trail: services add an entry in the same save as the change it records (so a rolled-back
/// change leaves no entry), naming who did it — the signed-in staff member, the API token's user or client, or the
/// system for jobs. Entries are never changed or deleted.
/// </summary>
public sealed class AuditTrail(
    TenantDbContextFactory databases,
    TimeProvider time,
    IServiceProvider services)
{
    public const int PageSize = 200;
    private const int MaxValueLength = 4000;

    public static readonly AuditActor System = new("system", "System", null);

    private AuditActor? _actor;

    /// <summary>The client address of the current request (after forwarded headers from known proxies), if any.</summary>
    public string? RequestAddress => Http?.Connection.RemoteIpAddress?.ToString();

    private HttpContext? Http => services.GetService<IHttpContextAccessor>()?.HttpContext;

    /// <summary>Who is acting in this scope: the circuit's user on a page, the request's user or client on the API.</summary>
    public async Task<AuditActor> CurrentActorAsync()
    {
        if (_actor is not null)
        {
            return _actor;
        }

        var address = RequestAddress;
        ClaimsPrincipal? user = null;
        if (services.GetService<AuthenticationStateProvider>() is { } state)
        {
            try
            {
                user = (await state.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit (API, endpoints) the provider has no state: the request's user is used below.
            }
        }

        if (user?.Identity?.IsAuthenticated != true)
        {
            user = Http?.User;
        }

        _actor = user?.Identity?.IsAuthenticated == true ? Describe(user, address) : System with { Address = address };
        return _actor;
    }

    public static AuditActor Describe(ClaimsPrincipal user, string? address)
    {
        if (user.FindFirstValue(ApiScopes.ClientClaim) is { } clientId)
        {
            return new AuditActor("client:" + clientId, "API client " + (user.FindFirstValue(PsaClaims.DisplayName) ?? clientId), address);
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(PsaClaims.Contact) ?? "unknown";
        var name = user.FindFirstValue(PsaClaims.DisplayName) ?? user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? id;
        return new AuditActor(id, name, address);
    }

    /// <summary>Adds an entry to <paramref name="db"/>; it is written by the caller's next save, with the change.</summary>
    public async Task AddAsync(TenantDbContext db, string action, string category, string subject, string? before = null, string? after = null, AuditActor? actor = null)
    {
        var who = actor ?? await CurrentActorAsync();
        db.AuditTrail.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow(),
            ActorId = Trim(who.Id, 200)!,
            ActorName = Trim(who.Name, 200)!,
            Address = Trim(who.Address, 64),
            Action = action,
            Category = category,
            Subject = Trim(subject, 300)!,
            Before = Trim(before, MaxValueLength),
            After = Trim(after, MaxValueLength),
        });
    }

    /// <summary>Records an entry on its own (sign-ins and other events with no change of their own to save).</summary>
    public async Task RecordAsync(string action, string category, string subject, string? before = null, string? after = null, AuditActor? actor = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await AddAsync(db, action, category, subject, before, after, actor);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds an entry listing the properties of <paramref name="entity"/> changed in <paramref name="db"/> since it was
    /// loaded, old and new values side by side; nothing when no value changed (binary values are named, not shown).
    /// </summary>
    public async Task AddChangesAsync(TenantDbContext db, object entity, string action, string category, string subject)
    {
        db.ChangeTracker.DetectChanges();
        var entry = db.Entry(entity);
        var before = new Dictionary<string, string?>();
        var after = new Dictionary<string, string?>();
        foreach (var property in entry.Properties.Where(p => entry.State == EntityState.Added || p.IsModified))
        {
            var name = property.Metadata.Name;
            before[name] = entry.State == EntityState.Added ? null : Show(property.OriginalValue);
            after[name] = Show(property.CurrentValue);
        }

        var (was, now) = Difference(before, after);
        if (now is not null)
        {
            await AddAsync(db, action, category, subject, was, now);
        }
    }

    /// <summary>A money amount as the audit trail writes it: two decimals, invariant culture.</summary>
    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string? Show(object? value) => value switch
    {
        null => null,
        byte[] bytes => $"({bytes.Length} bytes)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>"Field: value" lines of the fields that differ, for the before and after columns.</summary>
    public static (string? Before, string? After) Difference(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var changed = after.Keys.Where(k => !string.Equals(before.GetValueOrDefault(k), after[k], StringComparison.Ordinal)).ToList();
        if (changed.Count == 0)
        {
            return (null, null);
        }

        return (string.Join("; ", changed.Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "—"}")),
            string.Join("; ", changed.Select(k => $"{k}: {after[k] ?? "—"}")));
    }

    public async Task<List<AuditEntry>> SearchAsync(AuditQuery query, TimeZoneInfo zone, int limit = PageSize, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = db.AuditTrail.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            rows = rows.Where(e => e.Category == query.Category);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            rows = rows.Where(e => e.ActorName == query.Actor);
        }

        if (query.From is { } from)
        {
            var start = StartOfDay(from, zone);
            rows = rows.Where(e => e.AtUtc >= start);
        }

        if (query.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1), zone);
            rows = rows.Where(e => e.AtUtc < end);
        }

        var list = await rows.ToListAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            list = list.Where(e => e.Subject.Contains(text, StringComparison.OrdinalIgnoreCase) || e.Action.Contains(text, StringComparison.OrdinalIgnoreCase)
                                   || (e.Before?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                                   || (e.After?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        }

        return list.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Take(limit).ToList();
    }

    public async Task<List<string>> ActorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.AuditTrail.AsNoTracking().Select(e => e.ActorName).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
    }

    /// <summary>The entries as CSV (UTC instants and the workspace's local time), cells neutralised for spreadsheets.</summary>
    public static string ToCsv(IEnumerable<AuditEntry> entries, TimeZoneInfo zone) =>
        CsvText.Table(
            ["When (UTC)", "When (local)", "Who", "Category", "Action", "Subject", "Before", "After", "Address"],
            entries.Select(e => new object?[]
            {
                e.AtUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                TimeZoneInfo.ConvertTime(e.AtUtc, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.ActorName, e.Category, e.Action, e.Subject, e.Before, e.After, e.Address,
            }));

    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static string? Trim(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}
