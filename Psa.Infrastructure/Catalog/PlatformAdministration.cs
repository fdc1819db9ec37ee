using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Catalog;

public sealed record TenantSummary(
    string Slug,
    string Name,
    TenantStatus Status,
    DateTimeOffset CreatedUtc,
    string TimeZone,
    string Currency,
    int? Users,
    long? DatabaseBytes,
    DateTimeOffset? LastActivityUtc,
    string? BackupPath);

/// <summary>What platform administrators do to workspaces; every action is written to the audit list.</summary>
public sealed class PlatformAdministration(
    DatabaseLocator locator,
    TenantDirectory directory,
    TenantScopeFactory scopes,
    LiveNotifier notifier,
    TimeProvider time)
{

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        var rows = await catalog.Tenants.AsNoTracking()
            .Where(t => t.Status != TenantStatus.Provisioning)
            .ToListAsync(cancellationToken);
        var result = new List<TenantSummary>();
        foreach (var row in rows.OrderBy(r => r.Slug, StringComparer.Ordinal))
        {
            var slug = TenantSlug.Parse(row.Slug);
            int? users = null;
            if (row.Status != TenantStatus.Deleted)
            {
                await using var scope = scopes.Open(new TenantInfo(slug, row.Name, row.Status, row.TimeZone, row.Currency));
                await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
                users = await db.Users.CountAsync(cancellationToken);
            }

            result.Add(new TenantSummary(row.Slug, row.Name, row.Status, row.CreatedUtc, row.TimeZone, row.Currency, users,
                row.Status == TenantStatus.Deleted ? null : locator.TenantDatabaseSize(slug), row.LastActivityUtc, row.BackupPath));
        }

        return result;
    }

    public Task SuspendAsync(string slug, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(slug, actor, "suspend", TenantStatus.Active, t =>
        {
            t.Status = TenantStatus.Suspended;
            t.SuspendedUtc = time.GetUtcNow();
        }, cancellationToken);

    public Task ResumeAsync(string slug, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(slug, actor, "resume", TenantStatus.Suspended, t =>
        {
            t.Status = TenantStatus.Active;
            t.SuspendedUtc = null;
        }, cancellationToken);

    /// <summary>Soft delete: the workspace stops answering and its database is moved to a backup file.</summary>
    public async Task DeleteAsync(string slug, string actor, CancellationToken cancellationToken = default)
    {
        var parsed = ParseExisting(slug);
        string? backup = null;
        if (!locator.UsesServerDatabase)
        {
            Directory.CreateDirectory(locator.BackupsDirectory);
            backup = Path.Combine(locator.BackupsDirectory, $"{parsed.Value}-{time.GetUtcNow():yyyyMMddHHmmss}.db");
            var source = locator.TenantFile(parsed);
            if (File.Exists(source))
            {
                // VACUUM INTO writes a consistent copy even with a live write-ahead log.
                await using (var connection = new SqliteConnection($"Data Source={source}"))
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "VACUUM INTO $path";
                    command.Parameters.AddWithValue("$path", backup);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await locator.DropTenantAsync(parsed);
            }
        }

        // Its files and mail go with it (the database backup above is what is kept).
        foreach (var folder in new[] { locator.TenantFilesDirectory(parsed), locator.TenantMailDirectory(parsed) })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await ChangeAsync(slug, actor, "delete", null, t =>
        {
            t.Status = TenantStatus.Deleted;
            t.DeletedUtc = time.GetUtcNow();
            t.BackupPath = backup;
        }, cancellationToken, backup is null ? null : "backup: " + backup);
    }

    public async Task<IReadOnlyList<PlatformAuditEntry>> AuditAsync(int take = 200, CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        return await catalog.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    public async Task RecordAsync(string actor, string action, string? slug, string? detail, CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        catalog.AuditEntries.Add(new PlatformAuditEntry { AtUtc = time.GetUtcNow(), Actor = actor, Action = action, TenantSlug = slug, Detail = detail });
        await catalog.SaveChangesAsync(cancellationToken);
    }

    private static TenantSlug ParseExisting(string slug) =>
        TenantSlug.TryParse(slug, out var parsed, out _) ? parsed : throw new DomainException($"No workspace '{slug}'.", "slug");

    private async Task ChangeAsync(
        string slug,
        string actor,
        string action,
        TenantStatus? requiredStatus,
        Action<Tenant> change,
        CancellationToken cancellationToken,
        string? detail = null)
    {
        var parsed = ParseExisting(slug);
        await using var catalog = locator.CreateCatalog();
        var row = await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == parsed.Value, cancellationToken)
            ?? throw new DomainException($"No workspace '{slug}'.", "slug");
        if (row.Status is TenantStatus.Deleted or TenantStatus.Provisioning)
        {
            throw new DomainException($"Workspace '{slug}' is {row.Status.ToString().ToLowerInvariant()}.", "slug");
        }

        if (requiredStatus is { } required && row.Status != required)
        {
            throw new DomainException($"Workspace '{slug}' is {row.Status.ToString().ToLowerInvariant()}, not {required.ToString().ToLowerInvariant()}.", "slug");
        }

        change(row);
        catalog.AuditEntries.Add(new PlatformAuditEntry { AtUtc = time.GetUtcNow(), Actor = actor, Action = action, TenantSlug = parsed.Value, Detail = detail });
        await catalog.SaveChangesAsync(cancellationToken);
        directory.Invalidate(parsed.Value);
        notifier.Publish(parsed.Value, LiveTopics.WorkspaceStatus);
    }
}

/// <summary>Platform administrators: created from the command line, signed in on the bare host.</summary>
public sealed class PlatformAdmins(DatabaseLocator locator, TimeProvider time)
{
    private const int MaxFailures = 5;
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);
    private readonly PasswordHasher<PlatformAdmin> _hasher = new();

    public async Task CreateAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        if (!TenantProvisioner.IsEmail(email))
        {
            throw new DomainException("Email must be a valid email address.", "email");
        }

        if (PasswordPolicy.Problem(password) is { } problem)
        {
            throw new DomainException(problem, "password");
        }

        var normalized = email.Trim().ToLowerInvariant();
        await using var catalog = locator.CreateCatalog();
        if (await catalog.PlatformAdmins.AnyAsync(a => a.Email == normalized, cancellationToken))
        {
            throw new DomainException($"A platform administrator '{normalized}' already exists.", "email");
        }

        var admin = new PlatformAdmin { Email = normalized, PasswordHash = string.Empty, CreatedUtc = time.GetUtcNow() };
        admin.PasswordHash = _hasher.HashPassword(admin, password);
        catalog.PlatformAdmins.Add(admin);
        catalog.AuditEntries.Add(new PlatformAuditEntry { AtUtc = time.GetUtcNow(), Actor = "command line", Action = "admin create", Detail = normalized });
        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Checks a sign-in; locks the account for a while after repeated failures.</summary>
    public async Task<(PlatformAdmin? Admin, string? Problem)> VerifyAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        const string Invalid = "Email or password is incorrect.";
        var normalized = (email ?? string.Empty).Trim().ToLowerInvariant();
        await using var catalog = locator.CreateCatalog();
        var admin = await catalog.PlatformAdmins.SingleOrDefaultAsync(a => a.Email == normalized, cancellationToken);
        if (admin is null)
        {
            return (null, Invalid);
        }

        var now = time.GetUtcNow();
        if (admin.LockedUntilUtc > now)
        {
            return (null, "This account is locked after repeated failed sign-ins. Try again later.");
        }

        if (_hasher.VerifyHashedPassword(admin, admin.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            admin.FailedSignIns++;
            if (admin.FailedSignIns >= MaxFailures)
            {
                admin.LockedUntilUtc = now + LockFor;
                admin.FailedSignIns = 0;
            }

            await catalog.SaveChangesAsync(cancellationToken);
            return (null, Invalid);
        }

        admin.FailedSignIns = 0;
        admin.LockedUntilUtc = null;
        await catalog.SaveChangesAsync(cancellationToken);
        return (admin, null);
    }
}
